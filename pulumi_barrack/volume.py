"""``Volume``: a block storage volume (new, or a clone of another volume)."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import pulumi

from pulumi_barrack._provider import CrudProvider, Field, non_empty_str
from pulumi_barrack._resource import BarrackResource, TimeoutsArgs
from shared_client.resources.volumes import SPEC as VOLUMES


class VolumeProvider(CrudProvider):
    """Dynamic provider for volumes (resize in place when growing; shrinking is refused)."""

    spec = VOLUMES
    fields: ClassVar[dict[str, Field]] = {"source_volume_id": Field("replace", validate=non_empty_str)}
    alternate_create = "source_volume_id"
    read_only_keys = ("status", "tier", "attached_to", "created_at")

    def create_object(self, c: Any, inputs: dict[str, Any]) -> Any:
        if "source_volume_id" in inputs:
            return c.volumes.clone(inputs["source_volume_id"], inputs["name"])
        return super().create_object(c, inputs)


@dataclasses.dataclass
class VolumeArgs:
    """Inputs of a :class:`Volume` (each one is described on :class:`Volume`)."""

    name: pulumi.Input[str] | None = None
    region: pulumi.Input[str] | None = None
    size_gb: pulumi.Input[int] | None = None
    volume_type: pulumi.Input[str] | None = None
    description: pulumi.Input[str] | None = None
    bootable: pulumi.Input[bool] | None = None
    image: pulumi.Input[str] | None = None
    source_volume_id: pulumi.Input[str] | None = None
    adopt: pulumi.Input[bool] | None = None
    timeouts: pulumi.Input[TimeoutsArgs] | None = None


class Volume(BarrackResource, module="barrack", name="Volume"):
    """A Barrack block storage volume."""

    provider_class = VolumeProvider
    name: pulumi.Output[str]
    region: pulumi.Output[str]
    size_gb: pulumi.Output[int]
    volume_type: pulumi.Output[str]
    description: pulumi.Output[str | None]
    bootable: pulumi.Output[bool | None]
    image: pulumi.Output[str | None]
    source_volume_id: pulumi.Output[str | None]
    status: pulumi.Output[str]
    tier: pulumi.Output[str]
    attached_to: pulumi.Output[str | None]
    created_at: pulumi.Output[str]

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
        source_volume_id: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        timeouts: pulumi.Input[TimeoutsArgs] | None = None,
    ) -> None:
        """A volume. Inputs marked *replaces* make a new volume when changed (create-before-delete when
        auto-named; an explicit ``name`` deletes the old volume first).

        :param resource_name: the Pulumi resource name.
        :param args: the inputs as a :class:`VolumeArgs` (keyword inputs win over it).
        :param opts: resource options.
        :param name: 3-30 letters, digits, ``-`` and ``_``, unique per region; default
            ``<resource_name>-<7 chars>`` (a stable auto-name, see docs/pulumi.md). Replaces.
        :param region: e.g. ``FINLAND-1`` (advanced tier) or ``CANADA-1`` (legacy). Required unless cloning. Replaces.
        :param size_gb: size in GB (SSD 100-102400, NVMe 100-10000, HDD 100-16000). Required unless cloning.
            In place when growing on the advanced tier (a replace on the legacy tier); shrinking is refused.
        :param volume_type: ``SSD`` (legacy tier) or ``NVMe`` / ``HDD`` (advanced). Required unless cloning. Replaces.
        :param description: at most 255 characters. Replaces.
        :param bootable: a bootable volume (legacy tier; needs an Ubuntu ``image``). Replaces.
        :param image: the OS image of a bootable volume. Replaces.
        :param source_volume_id: clone this volume (advanced tier; same region and type) instead of creating an
            empty one. Replaces.
        :param adopt: take over an existing volume with this name in the region instead of creating one.
        :param timeouts: seconds create/update/delete may wait (:class:`TimeoutsArgs`).
        """
        self._setup(resource_name, args, opts, locals())
