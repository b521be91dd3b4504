"""Request bodies (strict: unknown fields and wrong JSON types are 400). Declared so OpenAPI shows them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    """Base of every request body: no unknown fields, no type coercion."""

    model_config = ConfigDict(extra="forbid", strict=True)


class RuleBody(Strict):
    direction: str
    protocol: str
    ethertype: str = "IPv4"
    port_range_min: int | None = None
    port_range_max: int | None = None
    remote_ip_prefix: str | None = None


class InstanceCreateBody(Strict):
    name: str
    region: str
    gpu_model: str
    gpu_count: int
    image: str | None = None
    boot_source: str | None = None
    boot_source_id: str | None = None
    ssh_key_ids: list[str] = Field(default_factory=list)
    public_ip: bool = True
    cloud_init: str | None = None
    startup_script_id: str | None = None
    volume_ids: list[str] = Field(default_factory=list)
    firewall_ids: list[str] = Field(default_factory=list)
    security_rules: list[RuleBody] = Field(default_factory=list)


class TogglePublicIpBody(Strict):
    enable: bool


class VolumeIdsBody(Strict):
    volume_ids: list[str]


class VolumeCreateBody(Strict):
    name: str
    region: str
    size_gb: int
    volume_type: str
    description: str | None = None
    bootable: bool = False
    image: str | None = None


class VolumeResizeBody(Strict):
    size_gb: int


class VolumeCloneBody(Strict):
    name: str


class FirewallCreateBody(Strict):
    name: str
    region: str
    description: str | None = None


class FirewallAttachBody(Strict):
    instance_ids: list[str]


class SshKeyCreateBody(Strict):
    name: str
    public_key: str


class ScriptCreateBody(Strict):
    name: str
    content: str
    description: str | None = None


class ScriptUpdateBody(Strict):
    name: str | None = None
    content: str | None = None
    description: str | None = None


class ScriptBulkDeleteBody(Strict):
    script_ids: list[str]


class SnapshotCreateBody(Strict):
    instance_id: str
    name: str
    description: str | None = None


class SnapshotRestoreBody(Strict):
    new_vm_name: str


class SnapshotImagesBody(Strict):
    snapshot_ids: list[str]


class ImageCreateBody(Strict):
    snapshot_id: str
    name: str
    description: str | None = None


class PricingBody(Strict):
    tier: str | None = None
    currency: str | None = None
    resource_type: str | None = None
    volume_size_gb: int | None = None
    volume_type: str | None = None
    gpu_model: str | None = None
    gpu_count: int | None = None


class ChatMessageBody(Strict):
    role: str
    content: str


class ChatBody(Strict):
    model: str
    messages: list[ChatMessageBody]
    max_tokens: int | None = None
    temperature: float | None = None
