"""``Snapshot`` and ``CustomImage``: point-in-time copies of an instance and images made from them."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import pulumi
import pulumi.dynamic

from pulumi_barrack._provider import CrudProvider, model_dict, pick
from pulumi_barrack._resource import COMMON_OUTPUTS, TimeoutsArgs, build_props


class SnapshotProvider(CrudProvider):
    """Dynamic provider for snapshots (every change replaces)."""

    kind = "snapshot"
    sub_client = "snapshots"
    request_model_name = "SnapshotCreate"
    ready_status = frozenset({"SUCCESS", "available"})
    unique_name = True
    model_inputs = ("name", "instance_id", "description")
    required = ("name", "instance_id")
    READ_ONLY: ClassVar[tuple[str, ...]] = ("status", "region", "size_gb", "created_at")

    def server_inputs(self, model: Any) -> dict[str, Any]:
        return {k: v for k, v in pick(model_dict(model), *self.model_inputs).items() if v is not None}

    def read_only(self, model: Any) -> dict[str, Any]:
        return pick(model_dict(model), *self.READ_ONLY)


class CustomImageProvider(CrudProvider):
    """Dynamic provider for custom images (every change replaces)."""

    kind = "custom image"
    sub_client = "images"
    request_model_name = "CustomImageCreate"
    ready_status = "available"
    unique_name = True
    model_inputs = ("name", "snapshot_id", "description")
    required = ("name", "snapshot_id")
    READ_ONLY: ClassVar[tuple[str, ...]] = ("type", "status", "size", "snapshot_name", "region", "created")

    def server_inputs(self, model: Any) -> dict[str, Any]:
        return {k: v for k, v in pick(model_dict(model), *self.model_inputs).items() if v is not None}

    def read_only(self, model: Any) -> dict[str, Any]:
        return pick(model_dict(model), *self.READ_ONLY)


@dataclasses.dataclass
class SnapshotArgs:
    """Inputs of a :class:`Snapshot`; any change replaces it."""

    name: pulumi.Input[str]
    instance_id: pulumi.Input[str]
    description: pulumi.Input[str] | None = None
    adopt: pulumi.Input[bool] | None = None
    timeouts: pulumi.Input[TimeoutsArgs] | None = None
    schema_version: pulumi.Input[int] | None = None


class Snapshot(pulumi.dynamic.Resource, module="barrack", name="Snapshot"):
    """A snapshot of an instance (legacy tier)."""

    name: pulumi.Output[str]
    instance_id: pulumi.Output[str]
    description: pulumi.Output[str | None]
    status: pulumi.Output[str]
    region: pulumi.Output[str | None]
    size_gb: pulumi.Output[int | None]
    created_at: pulumi.Output[str]
    adopt: pulumi.Output[bool | None]
    timeouts: pulumi.Output[dict[str, float] | None]
    schema_version: pulumi.Output[int]

    def __init__(
        self,
        resource_name: str,
        args: SnapshotArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        name: pulumi.Input[str] | None = None,
        instance_id: pulumi.Input[str] | None = None,
        description: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        timeouts: pulumi.Input[TimeoutsArgs] | None = None,
        schema_version: pulumi.Input[int] | None = None,
    ) -> None:
        overrides = {
            "name": name,
            "instance_id": instance_id,
            "description": description,
            "adopt": adopt,
            "timeouts": timeouts,
            "schema_version": schema_version,
        }
        outputs = (*SnapshotProvider.model_inputs, *SnapshotProvider.READ_ONLY, *COMMON_OUTPUTS)
        super().__init__(SnapshotProvider(), resource_name, build_props(args, overrides, outputs), opts)


@dataclasses.dataclass
class CustomImageArgs:
    """Inputs of a :class:`CustomImage`; any change replaces it."""

    name: pulumi.Input[str]
    snapshot_id: pulumi.Input[str]
    description: pulumi.Input[str] | None = None
    adopt: pulumi.Input[bool] | None = None
    timeouts: pulumi.Input[TimeoutsArgs] | None = None
    schema_version: pulumi.Input[int] | None = None


class CustomImage(pulumi.dynamic.Resource, module="barrack", name="CustomImage"):
    """A custom image made from a snapshot (usable as an instance ``boot_source``)."""

    name: pulumi.Output[str]
    snapshot_id: pulumi.Output[str]
    description: pulumi.Output[str | None]
    type: pulumi.Output[str]
    status: pulumi.Output[str]
    size: pulumi.Output[str | None]
    snapshot_name: pulumi.Output[str | None]
    region: pulumi.Output[str | None]
    created: pulumi.Output[str | None]
    adopt: pulumi.Output[bool | None]
    timeouts: pulumi.Output[dict[str, float] | None]
    schema_version: pulumi.Output[int]

    def __init__(
        self,
        resource_name: str,
        args: CustomImageArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        name: pulumi.Input[str] | None = None,
        snapshot_id: pulumi.Input[str] | None = None,
        description: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        timeouts: pulumi.Input[TimeoutsArgs] | None = None,
        schema_version: pulumi.Input[int] | None = None,
    ) -> None:
        overrides = {
            "name": name,
            "snapshot_id": snapshot_id,
            "description": description,
            "adopt": adopt,
            "timeouts": timeouts,
            "schema_version": schema_version,
        }
        outputs = (*CustomImageProvider.model_inputs, *CustomImageProvider.READ_ONLY, *COMMON_OUTPUTS)
        super().__init__(CustomImageProvider(), resource_name, build_props(args, overrides, outputs), opts)
