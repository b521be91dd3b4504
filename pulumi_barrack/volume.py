"""``Volume``: a block storage volume."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import pulumi
import pulumi.dynamic

from pulumi_barrack._provider import CrudProvider, model_dict, pick
from pulumi_barrack._resource import COMMON_OUTPUTS, TimeoutsArgs, build_props


class VolumeProvider(CrudProvider):
    """Dynamic provider for volumes (resize in place when growing; shrinking replaces)."""

    kind = "volume"
    sub_client = "volumes"
    request_model_name = "VolumeCreate"
    ready_status = "available"
    find_in_region = True
    unique_name = True
    model_inputs = ("name", "region", "size_gb", "volume_type", "description", "bootable", "image")
    required = ("name", "region", "size_gb", "volume_type")
    READ_ONLY: ClassVar[tuple[str, ...]] = ("status", "tier", "attached_to", "created_at")

    def server_inputs(self, model: Any) -> dict[str, Any]:
        return pick(model_dict(model), *self.model_inputs)

    def read_only(self, model: Any) -> dict[str, Any]:
        return pick(model_dict(model), *self.READ_ONLY)

    def apply_updates(
        self, c: Any, rid: str, old: dict[str, Any], new: dict[str, Any], changed: list[str], deadline: float
    ) -> None:
        if "size_gb" in changed:
            size = new["size_gb"]
            c.volumes.resize(rid, size)
            c.volumes.wait_for(
                rid,
                lambda v: (
                    model_dict(v).get("size_gb") == size and model_dict(v).get("status") in ("available", "in-use")
                ),
                timeout=self.remaining(deadline),
            )
        rest = [k for k in changed if k != "size_gb"]
        if rest:
            super().apply_updates(c, rid, old, new, rest, deadline)


@dataclasses.dataclass
class VolumeArgs:
    """Inputs of a :class:`Volume`."""

    name: pulumi.Input[str]
    """3-30 characters of letters, digits, ``-`` and ``_``; unique per region. Changing it replaces the volume."""
    region: pulumi.Input[str]
    """Region, e.g. ``FINLAND-1``. Replaces."""
    size_gb: pulumi.Input[int]
    """Size in GB. Growing resizes in place (advanced tier); shrinking replaces."""
    volume_type: pulumi.Input[str]
    """``SSD`` (legacy), ``NVMe`` or ``HDD`` (advanced). Replaces."""
    description: pulumi.Input[str] | None = None
    bootable: pulumi.Input[bool] | None = None
    image: pulumi.Input[str] | None = None
    """OS image for a bootable volume."""
    adopt: pulumi.Input[bool] | None = None
    """Take over an existing volume with the same name in the region instead of creating one."""
    timeouts: pulumi.Input[TimeoutsArgs] | None = None
    schema_version: pulumi.Input[int] | None = None


class Volume(pulumi.dynamic.Resource, module="barrack", name="Volume"):
    """A Barrack block storage volume."""

    name: pulumi.Output[str]
    region: pulumi.Output[str]
    size_gb: pulumi.Output[int]
    volume_type: pulumi.Output[str]
    description: pulumi.Output[str | None]
    bootable: pulumi.Output[bool | None]
    image: pulumi.Output[str | None]
    status: pulumi.Output[str]
    tier: pulumi.Output[str]
    attached_to: pulumi.Output[str | None]
    created_at: pulumi.Output[str]
    adopt: pulumi.Output[bool | None]
    timeouts: pulumi.Output[dict[str, float] | None]
    schema_version: pulumi.Output[int]

    def __init__(
        self,
        resource_name: str,
        args: VolumeArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        name: pulumi.Input[str] | None = None,
        region: pulumi.Input[str] | None = None,
        size_gb: pulumi.Input[int] | None = None,
        volume_type: pulumi.Input[str] | None = None,
        description: pulumi.Input[str] | None = None,
        bootable: pulumi.Input[bool] | None = None,
        image: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        timeouts: pulumi.Input[TimeoutsArgs] | None = None,
        schema_version: pulumi.Input[int] | None = None,
    ) -> None:
        overrides = {
            "name": name,
            "region": region,
            "size_gb": size_gb,
            "volume_type": volume_type,
            "description": description,
            "bootable": bootable,
            "image": image,
            "adopt": adopt,
            "timeouts": timeouts,
            "schema_version": schema_version,
        }
        outputs = (*VolumeProvider.model_inputs, *VolumeProvider.READ_ONLY, *COMMON_OUTPUTS)
        super().__init__(VolumeProvider(), resource_name, build_props(args, overrides, outputs), opts)
