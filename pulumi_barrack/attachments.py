"""``VolumeAttachment`` and ``FirewallAttachment``: relations between existing objects."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import pulumi

from pulumi_barrack._provider import BarrackProviderError, Field, RelationProvider, is_bool, non_empty_str, str_list
from pulumi_barrack._resource import BarrackResource, TimeoutsArgs
from shared_client import errors
from shared_client.models.base import ReadModel
from shared_client.models.relations import pair_id
from shared_client.resources.relations import FIREWALL_ATTACHMENT, VOLUME_ATTACHMENT
from shared_client.waiting import Deadline

if TYPE_CHECKING:
    from shared_client import BarrackClient


class VolumeAttachmentProvider(RelationProvider):
    """Attaches one volume to one instance; the id is ``<instance_id>/<volume_id>``."""

    spec = VOLUME_ATTACHMENT
    fields: ClassVar[dict[str, Field]] = {"stop_if_needed": Field("local", validate=is_bool)}
    read_only_keys = ("status",)

    def delete_first(self, old: dict[str, Any], new: dict[str, Any], changed: list[str]) -> bool:
        from shared_client.replace_safety import attachment_replace_order

        return attachment_replace_order(old.get("volume_id"), new.get("volume_id")).delete_first

    def create_object(self, c: BarrackClient, inputs: dict[str, Any]) -> ReadModel:
        try:
            return super().create_object(c, inputs)
        except errors.InvalidState as exc:
            if "stop_if_needed" in (exc.field_errors or {}):
                raise BarrackProviderError(f"{exc}; set stop_if_needed=True to allow it") from None
            raise
        except (errors.WaitTimeout, errors.ResourceFailed) as exc:  # attached while stopped, not settled: clean up
            raise self._cleanup_failed_create(
                c, pair_id(inputs["instance_id"], inputs["volume_id"]), inputs, exc
            ) from exc

    def delete_object(self, c: BarrackClient, rid: str, given: dict[str, Any], dl: Deadline) -> None:
        c.volume_attachments.delete(rid, stop_if_needed=bool(given.get("stop_if_needed")), wait=True, deadline=dl)


class FirewallAttachmentProvider(RelationProvider):
    """Sets the full list of instances a firewall is attached to; the id is the firewall id."""

    spec = FIREWALL_ATTACHMENT
    model_inputs = ("firewall_id", "instance_ids")
    fields: ClassVar[dict[str, Field]] = {
        "firewall_id": Field("replace", validate=non_empty_str),
        "instance_ids": Field("update", "set", validate=str_list),  # the schema's ``any``: kept as published
    }
    required = model_inputs

    @classmethod
    def request_model(cls) -> None:
        return None  # the inputs are ids, validated by the fields (the sub-client validates its request again)

    read_only_keys = ("attachments",)


@dataclasses.dataclass
class VolumeAttachmentArgs:
    """Inputs of a :class:`VolumeAttachment` (each one is described on :class:`VolumeAttachment`)."""

    instance_id: pulumi.Input[str] | None = None
    volume_id: pulumi.Input[str] | None = None
    stop_if_needed: pulumi.Input[bool] | None = None
    adopt: pulumi.Input[bool] | None = None
    timeouts: pulumi.Input[TimeoutsArgs] | None = None


class VolumeAttachment(BarrackResource, module="barrack", name="VolumeAttachment"):
    """Attaches a volume to an instance (do not combine with the instance's ``volume_ids``)."""

    provider_class = VolumeAttachmentProvider
    instance_id: pulumi.Output[str]
    volume_id: pulumi.Output[str]
    stop_if_needed: pulumi.Output[bool | None]
    status: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        args: VolumeAttachmentArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        instance_id: pulumi.Input[str] | None = None,
        volume_id: pulumi.Input[str] | None = None,
        stop_if_needed: pulumi.Input[bool] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        timeouts: pulumi.Input[TimeoutsArgs] | None = None,
    ) -> None:
        """Attaches one volume to one instance; changing either id replaces the attachment.

        :param resource_name: the Pulumi resource name.
        :param args: the inputs as a :class:`VolumeAttachmentArgs` (keyword inputs win over it).
        :param opts: resource options.
        :param instance_id: the instance. Required.
        :param volume_id: the volume (same region). Required.
        :param stop_if_needed: stop a running instance when its tier only attaches to stopped instances, and
            bring it back to its previous power state afterwards. In place.
        :param adopt: accept a volume that is already attached to this instance.
        :param timeouts: seconds create/delete may wait (:class:`TimeoutsArgs`).
        """
        self._setup(resource_name, args, opts, locals())


@dataclasses.dataclass
class FirewallAttachmentArgs:
    """Inputs of a :class:`FirewallAttachment` (each one is described on :class:`FirewallAttachment`)."""

    firewall_id: pulumi.Input[str] | None = None
    instance_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    adopt: pulumi.Input[bool] | None = None
    timeouts: pulumi.Input[TimeoutsArgs] | None = None


class FirewallAttachment(BarrackResource, module="barrack", name="FirewallAttachment"):
    """Attaches a firewall to a set of instances (the full list; one per firewall)."""

    provider_class = FirewallAttachmentProvider
    firewall_id: pulumi.Output[str]
    instance_ids: pulumi.Output[list[str]]
    attachments: pulumi.Output[list[dict[str, Any]]]

    def __init__(
        self,
        resource_name: str,
        args: FirewallAttachmentArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        firewall_id: pulumi.Input[str] | None = None,
        instance_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        timeouts: pulumi.Input[TimeoutsArgs] | None = None,
    ) -> None:
        """Sets the full list of instances a firewall is attached to (do not combine with ``firewall_ids``).

        :param resource_name: the Pulumi resource name.
        :param args: the inputs as a :class:`FirewallAttachmentArgs` (keyword inputs win over it).
        :param opts: resource options.
        :param firewall_id: the firewall. Required. Replaces.
        :param instance_ids: every instance the firewall is attached to (a set). Required. In place.
        :param adopt: accepted for symmetry (setting the full list takes the firewall's attachments over anyway).
        :param timeouts: seconds create/update/delete may wait (:class:`TimeoutsArgs`).
        """
        self._setup(resource_name, args, opts, locals())
