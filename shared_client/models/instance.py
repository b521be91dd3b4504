"""Instances (VMs): read model and create request."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator, model_validator

from shared_client import contract, rules, vocabulary
from shared_client.fields import FieldMode, Kind, spec
from shared_client.models.base import Id, InstanceKeyed, ReadModel, RequestModel, ResourceModel, fail
from shared_client.models.rule import Rule, RuleSpec, coerce_rules
from shared_client.models.types import GeneralName, GpuCount, GpuModelName, IdList, NotBlank, RefId, RegionName, one_of
from shared_client.specs import PowerState, heading_to


class Specs(ReadModel):
    gpu_type: str | None = None
    gpu_count: int | None = None
    ram_gb: float | None = None
    vcpus: int | None = None
    storage_gb: float | None = None


class Ref(ReadModel):
    """A reference to another object (`{id, name}`)."""

    id: Id | None = None
    name: str | None = None


class VolumeAttachment(ReadModel):
    volume_id: Id | None = None
    name: str | None = None
    status: str | None = None


def has_public_ip(instance: Mapping[str, Any]) -> bool:
    """Whether an instance (as the API sends it) has a public IP: a non-empty `ip_address` (D), or, while the
    address is not shown yet, `ip_status` equal to the documented word "assigned" in any case."""
    address = instance.get(contract.IP_ADDRESS)
    if isinstance(address, str) and address.strip():
        return True
    status = instance.get(contract.IP_STATUS)
    return isinstance(status, str) and status.strip().lower() == contract.IP_ASSIGNED


def _image_name(value: Any) -> Any:
    """`image` comes as a string or as a `VMImage` object (I: `{id, name}`): keep its name."""
    if isinstance(value, Mapping):
        name, ident = value.get("name"), value.get("id")
        return name if isinstance(name, str) else None if ident is None else str(ident)
    return value


class InstanceBilling(ReadModel):
    hourly_rate: float | None = None
    currency: str | None = None


class Instance(InstanceKeyed, ResourceModel):
    """An instance. `id` is `instance_id`, `name` is `vm_name`."""

    status: str | None = None
    tier: str | None = None
    region: str | None = None
    ip_address: str | None = None
    ip_status: str | None = None
    private_ip: str | None = None
    specs: Specs | None = None
    image: Annotated[str | None, BeforeValidator(_image_name)] = None
    boot_source: str | None = None
    boot_source_id: Id | None = None
    ssh_keys: list[Ref] = Field(default_factory=list)
    volume_attachments: list[VolumeAttachment] = Field(default_factory=list)
    security_rules: list[Rule] = Field(default_factory=list)
    firewalls: list[Ref] = Field(default_factory=list)
    startup_script_id: Id | None = None
    billing: InstanceBilling | None = None
    snapshot: Ref | None = None
    created_at: str | None = None

    @property
    def public_ip(self) -> bool:
        """True when the instance has a public IP (see `has_public_ip`)."""
        return has_public_ip({contract.IP_ADDRESS: self.ip_address, contract.IP_STATUS: self.ip_status})

    @property
    def volume_ids(self) -> list[str]:
        return [a.volume_id for a in self.volume_attachments if a.volume_id is not None]

    @property
    def firewall_ids(self) -> list[str]:
        return [f.id for f in self.firewalls if f.id is not None]

    @property
    def ssh_key_ids(self) -> list[str]:
        return [k.id for k in self.ssh_keys if k.id is not None]

    def current_values(self) -> dict[str, Any]:
        """The instance as `InstanceCreate` field values (the `old` side of a plan); `cloud_init` is not
        readable from the API and is left out."""
        values: dict[str, Any] = {
            "name": self.vm_name,
            "region": self.region,
            "gpu_model": self.specs.gpu_type if self.specs else None,
            "gpu_count": self.specs.gpu_count if self.specs else None,
            "ssh_key_ids": self.ssh_key_ids,
            "public_ip": self.public_ip,
            "volume_ids": self.volume_ids,
            "firewall_ids": self.firewall_ids,
            "security_rules": [r.canonical() for r in self.security_rules],
            "startup_script_id": self.startup_script_id,
            "power_state": heading_to(self.status),
        }
        if self.boot_source in (None, "os_image") and self.image is not None:
            values["image"] = self.image
        elif self.boot_source is not None:
            values["boot_source"] = self.boot_source
            values["boot_source_id"] = self.boot_source_id
        return values


C, U = FieldMode.CREATE_ONLY, FieldMode.UPDATABLE


class InstanceCreate(RequestModel):
    """Body of "Deploy Instance". Exactly one of `image` or `boot_source` + `boot_source_id`."""

    name: GeneralName = spec(C, description="1-50 letters, digits, space, - _ .; unique per account")
    region: RegionName = spec(C, choices=vocabulary.REGIONS)
    gpu_model: GpuModelName = spec(C)
    gpu_count: GpuCount = spec(C, description="1, 2, 4 or 8, up to the model's maximum")
    image: NotBlank | None = spec(C, None, description="OS image name")
    boot_source: Annotated[str, one_of(vocabulary.BOOT_SOURCES)] | None = spec(
        C, None, description="os_image | volume | custom_image", choices=sorted(vocabulary.BOOT_SOURCES)
    )
    boot_source_id: RefId | None = spec(C, None)
    ssh_key_ids: IdList = spec(C, kind=Kind.IDS, order_insensitive=True, description="at least one")
    public_ip: bool | None = spec(U, None, description="defaults to true on the server")
    cloud_init: str | None = spec(C, None, secret=True, description="at most 16 KB")
    startup_script_id: RefId | None = spec(C, None)
    volume_ids: IdList | None = spec(U, None, kind=Kind.IDS, order_insensitive=True)
    firewall_ids: IdList | None = spec(U, None, kind=Kind.IDS, order_insensitive=True)
    security_rules: list[RuleSpec] | None = spec(U, None, kind=Kind.RULES, order_insensitive=True)
    power_state: PowerState | None = spec(
        U, None, in_body=False, description="running | stopped | hibernated (default: running, as created)"
    )

    _rules = field_validator("security_rules", mode="before")(coerce_rules)

    @field_validator("gpu_model")
    @classmethod
    def _gpu_tier(cls, v: str, info: ValidationInfo) -> str:
        tier, model = vocabulary.region_tier(info.data.get("region")), vocabulary.GPU_MODELS[v]
        if tier is not None and model.tier != tier:
            raise ValueError(f"{v} is a {model.tier}-tier model; region {info.data['region']} is {tier} tier")
        return v

    @field_validator("gpu_count")
    @classmethod
    def _gpu_max(cls, v: int, info: ValidationInfo) -> int:
        model = vocabulary.GPU_MODELS.get(info.data.get("gpu_model") or "")
        if model is not None and v > model.max_count:
            raise ValueError(f"{info.data['gpu_model']} allows at most {model.max_count} GPUs")
        return v

    @field_validator("security_rules")
    @classmethod
    def _distinct_rules(cls, v: list[RuleSpec] | None) -> list[RuleSpec] | None:
        if v is not None and len({rules.canonical_rule(r) for r in v}) != len(v):
            raise ValueError("lists the same rule twice")
        return v

    @field_validator("ssh_key_ids")
    @classmethod
    def _ssh_keys(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError("at least one SSH key id is required")
        return v

    @field_validator("volume_ids")
    @classmethod
    def _volumes(cls, v: list[str] | None) -> list[str] | None:
        if v is not None and len(set(v)) > vocabulary.MAX_VOLUMES_PER_INSTANCE:
            raise ValueError(f"at most {vocabulary.MAX_VOLUMES_PER_INSTANCE} volumes per instance")
        return v

    @field_validator("cloud_init")
    @classmethod
    def _cloud_init(cls, v: str | None) -> str | None:
        if v is not None and len(v.encode()) > vocabulary.MAX_CLOUD_INIT_BYTES:
            raise ValueError(f"is {len(v.encode())} bytes; at most {vocabulary.MAX_CLOUD_INIT_BYTES} (16 KB)")
        return v

    @model_validator(mode="after")
    def _boot(self) -> InstanceCreate:
        has_image = self.image is not None
        has_source = self.boot_source is not None or self.boot_source_id is not None
        if has_image and has_source:
            raise fail("image", "set either image or boot_source + boot_source_id, not both")
        if not has_image and not has_source:
            raise fail("image", "one of image or boot_source + boot_source_id is required")
        if has_source and (self.boot_source is None or self.boot_source_id is None):
            missing = "boot_source" if self.boot_source is None else "boot_source_id"
            raise fail(missing, "boot_source and boot_source_id go together")
        return self
