"""``Snapshot`` and ``CustomImage``: point-in-time copies of an instance and images made from them."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import pulumi

from pulumi_barrack._provider import CrudProvider, Field, non_empty_str
from pulumi_barrack._resource import BarrackResource, TimeoutsArgs
from shared_client.resources.images import SPEC as IMAGES
from shared_client.resources.snapshots import SPEC as SNAPSHOTS


class SnapshotProvider(CrudProvider):
    """Dynamic provider for snapshots (every change replaces)."""

    spec = SNAPSHOTS
    fields: ClassVar[dict[str, Field]] = {"instance_id": Field("local", validate=non_empty_str)}
    """A snapshot outlives its instance: a new ``instance_id`` (e.g. the instance was replaced) never replaces, and so
    never deletes, the snapshot; the input simply follows the program."""
    read_only_keys = ("status", "region", "size_gb", "created_at")

    def server_inputs(self, model: Any) -> dict[str, Any]:
        return {k: v for k, v in super().server_inputs(model).items() if k != "instance_id"}

    def outputs(self, model: Any, given: dict[str, Any]) -> dict[str, Any]:
        outs = super().outputs(model, given)
        if "instance_id" not in outs and getattr(model, "instance_id", None) is not None:
            outs["instance_id"] = str(model.instance_id)  # Resource.get: the instance it was taken of
        return outs


class CustomImageProvider(CrudProvider):
    """Dynamic provider for custom images (every change replaces)."""

    spec = IMAGES
    read_only_keys = ("type", "status", "size", "snapshot_name", "region", "created")


@dataclasses.dataclass
class SnapshotArgs:
    """Inputs of a :class:`Snapshot` (each one is described on :class:`Snapshot`)."""

    name: pulumi.Input[str] | None = None
    instance_id: pulumi.Input[str] | None = None
    description: pulumi.Input[str] | None = None
    adopt: pulumi.Input[bool] | None = None
    timeouts: pulumi.Input[TimeoutsArgs] | None = None


class Snapshot(BarrackResource, module="barrack", name="Snapshot"):
    """A snapshot of an instance (legacy tier); restore it with ``Instance(snapshot_id=...)``."""

    provider_class = SnapshotProvider
    name: pulumi.Output[str]
    instance_id: pulumi.Output[str]
    description: pulumi.Output[str | None]
    status: pulumi.Output[str]
    region: pulumi.Output[str | None]
    size_gb: pulumi.Output[int | None]
    created_at: pulumi.Output[str]

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
    ) -> None:
        """A snapshot. Every input replaces it when changed (create-before-delete when auto-named).

        :param resource_name: the Pulumi resource name.
        :param args: the inputs as a :class:`SnapshotArgs` (keyword inputs win over it).
        :param opts: resource options.
        :param name: 1-50 letters, digits, space, ``-``, ``_``, ``.``; default ``<resource_name>-<7 chars>``.
        :param instance_id: an ACTIVE or SHUTOFF legacy-tier instance. Required.
        :param description: at most 255 characters.
        :param adopt: take over an existing snapshot with this name instead of creating one.
        :param timeouts: seconds create/delete may wait (:class:`TimeoutsArgs`).
        """
        self._setup(resource_name, args, opts, locals())


@dataclasses.dataclass
class CustomImageArgs:
    """Inputs of a :class:`CustomImage` (each one is described on :class:`CustomImage`)."""

    name: pulumi.Input[str] | None = None
    snapshot_id: pulumi.Input[str] | None = None
    description: pulumi.Input[str] | None = None
    adopt: pulumi.Input[bool] | None = None
    timeouts: pulumi.Input[TimeoutsArgs] | None = None


class CustomImage(BarrackResource, module="barrack", name="CustomImage"):
    """A custom image made from a snapshot (usable as an instance ``boot_source``)."""

    provider_class = CustomImageProvider
    name: pulumi.Output[str]
    snapshot_id: pulumi.Output[str]
    description: pulumi.Output[str | None]
    type: pulumi.Output[str]
    status: pulumi.Output[str]
    size: pulumi.Output[str | None]
    snapshot_name: pulumi.Output[str | None]
    region: pulumi.Output[str | None]
    created: pulumi.Output[str | None]

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
    ) -> None:
        """A custom image. Every input replaces it when changed (create-before-delete when auto-named).

        :param resource_name: the Pulumi resource name.
        :param args: the inputs as a :class:`CustomImageArgs` (keyword inputs win over it).
        :param opts: resource options.
        :param name: 1-50 letters, digits, space, ``-``, ``_``, ``.``; default ``<resource_name>-<7 chars>``.
        :param snapshot_id: the :class:`Snapshot` to make the image from. Required.
        :param description: at most 255 characters.
        :param adopt: take over an existing image with this name instead of creating one.
        :param timeouts: seconds create/delete may wait (:class:`TimeoutsArgs`).
        """
        self._setup(resource_name, args, opts, locals())
