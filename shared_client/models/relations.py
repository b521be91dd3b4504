"""Relations between existing objects, each a resource kind of its own: a volume attached to an instance, the set
of instances a firewall protects, one security rule of an instance. Ids are composite where the API has none:
``<instance_id>/<volume_id>`` and ``<instance_id>/<rule_id>``; a firewall attachment's id is the firewall's."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from shared_client import rules
from shared_client.fields import FieldMode, Kind, spec
from shared_client.models.base import Id, ReadModel, RequestModel
from shared_client.models.firewall import FirewallAttachment
from shared_client.models.rule import Rule, RuleSpec
from shared_client.models.types import RefId

C, U = FieldMode.CREATE_ONLY, FieldMode.UPDATABLE


def pair_id(owner: str, member: str) -> str:
    return f"{owner}/{member}"


class AttachedVolume(ReadModel):
    """A volume attached to an instance (as read from the volume)."""

    instance_id: Id
    volume_id: Id
    status: str | None = None

    @property
    def resource_id(self) -> str:
        return pair_id(self.instance_id, self.volume_id)

    def current_values(self) -> dict[str, Any]:
        return {"instance_id": self.instance_id, "volume_id": self.volume_id}


class VolumeAttachmentCreate(RequestModel):
    """Attach volume `volume_id` to instance `instance_id` (either changing is a replace)."""

    instance_id: RefId = spec(C, description="the instance")
    volume_id: RefId = spec(C, description="the volume (available, same region)")


class FirewallMembers(ReadModel):
    """The instances a firewall is attached to (its id is the firewall's)."""

    firewall_id: Id
    instance_ids: list[str] = Field(default_factory=list)
    attachments: list[FirewallAttachment] = Field(default_factory=list)

    @property
    def resource_id(self) -> str:
        return self.firewall_id


class FirewallAttachmentCreate(RequestModel):
    """Attach firewall `firewall_id` to exactly `instance_ids` (with ``purge=False``: at least to them)."""

    firewall_id: RefId = spec(C, description="the firewall")
    instance_ids: list[str] = spec(U, kind=Kind.IDS, order_insensitive=True, description="the instances it protects")


class InstanceRule(Rule):
    """A security rule of an instance."""

    instance_id: Id

    @property
    def resource_id(self) -> str:
        return pair_id(self.instance_id, self.id)

    def current_values(self) -> dict[str, Any]:
        return {"instance_id": self.instance_id, **rules.canonical(self)}


class SecurityRuleCreate(RuleSpec):
    """One security rule on instance `instance_id` (every field is create-only: a change is a replace)."""

    instance_id: RefId = spec(C, in_body=False, description="the instance")
