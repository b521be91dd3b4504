"""Firewalls: read model and create request (rules are applied by the sub-client after the create)."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from shared_client import vocabulary
from shared_client.fields import FieldMode, Kind, spec
from shared_client.models.base import Id, ReadModel, RequestModel, ResourceModel
from shared_client.models.rule import Rule, RuleSpec, coerce_rules
from shared_client.models.types import Description, GeneralName, RegionName


class FirewallAttachment(ReadModel):
    instance_id: Id | None = None
    status: str | None = None  # ATTACHING -> SUCCESS | ERROR


class FirewallEnvironment(ReadModel):
    """The environment a firewall belongs to (`FirewallEnvironment`, D by name; I, Hyperstack: `{id, name,
    region}`)."""

    id: Id | None = None
    name: str | None = None
    region: str | None = None


class Firewall(ResourceModel):
    """A firewall (status ``CREATING`` -> ``SUCCESS`` | ``ERROR``)."""

    id: Id
    name: str | None = None
    description: str | None = None
    region: str | None = None
    status: str | None = None
    rules: list[Rule] = Field(default_factory=list)
    attachments: list[FirewallAttachment] = Field(default_factory=list)
    environment: FirewallEnvironment | None = None
    created_at: str | None = None

    @property
    def instance_ids(self) -> list[str]:
        return [a.instance_id for a in self.attachments if a.instance_id is not None]

    def current_values(self) -> dict[str, Any]:
        """The firewall as `FirewallCreate` field values."""
        return {
            "name": self.name,
            "description": self.description,
            "region": self.region,
            "rules": [r.canonical() for r in self.rules],
        }


class FirewallRef(ReadModel):
    """A firewall as listed under an instance (`GET /instances/{id}/firewalls/`)."""

    id: Id
    name: str | None = None
    status: str | None = None


C, U = FieldMode.CREATE_ONLY, FieldMode.UPDATABLE


class FirewallCreate(RequestModel):
    """A firewall. `rules` is not part of the create body: `firewalls.create` adds them afterwards."""

    name: GeneralName = spec(C, description="1-50 letters, digits, space, - _ .")
    region: RegionName = spec(C, choices=vocabulary.REGIONS)
    description: Description | None = spec(C, None, description="at most 255 characters")
    rules: list[RuleSpec] | None = spec(U, None, kind=Kind.RULES, order_insensitive=True, in_body=False)

    _rules = field_validator("rules", mode="before")(coerce_rules)
