"""One declaration per resource kind (name scope, create-only / updatable fields, ready / busy / failed statuses,
delete precondition) and the one "applied / settled" predicate per concern (power, public IP, rules, volumes,
firewall attachments). Front-ends read these; they hold no status, tier or power table of their own.

Status words are the contract's (D words, I transitions). Nothing here imports pydantic until a spec's field sets
are asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final, Literal

from shared_client import catalog, contract, errors, normalise

PowerState = Literal["running", "stopped", "hibernated"]
POWER_STATES: Final[tuple[PowerState, ...]] = ("running", "stopped", "hibernated")
_POWER_STATUS: Final[dict[str, str]] = {"running": "ACTIVE", "stopped": "SHUTOFF", "hibernated": "HIBERNATED"}
_STATUS_POWER: Final[dict[str, PowerState]] = {"ACTIVE": "running", "SHUTOFF": "stopped", "HIBERNATED": "hibernated"}
# Transitional statuses already heading to each power state (so asking for it again changes nothing).
HEADING: Final[dict[str, frozenset[str]]] = {
    "running": frozenset({"CREATING", "BUILD", "STARTING", "RESTORING", "REBOOTING"}),
    "stopped": frozenset({"STOPPING"}),
    "hibernated": frozenset({"HIBERNATING"}),
}
RULE_DONE: Final = frozenset({"SUCCESS", "ACTIVE"})  # a rule's status once applied ("pending" before)
ATTACHMENT_DONE: Final = frozenset({"SUCCESS"})


def power_state(status: str | None) -> PowerState | None:
    """``running`` / ``stopped`` / ``hibernated`` for a stable instance status, else None."""
    return _STATUS_POWER.get(str(status)) if status is not None else None


def status_of(state: str) -> str:
    """The instance status of a power state; `errors.ValidationError` on ``state`` for anything else."""
    try:
        return _POWER_STATUS[state]
    except (KeyError, TypeError):
        raise errors.ValidationError.for_field("state", f"must be one of {', '.join(POWER_STATES)}") from None


@dataclass(frozen=True)
class ResourceSpec:
    """How one resource kind behaves: identity (`id_key` / `name_key` on the wire, `name_field` in the request, the
    `name_scope` names are unique in), fields, statuses, delete precondition. `model_name` / `create_model_name` name
    classes in `shared_client.models`."""

    kind: str  # sub-client name
    label: str
    model_name: str
    create_model_name: str
    name_scope: Literal["account", "region"]
    ready: frozenset[str]  # empty: the kind has no status to wait for
    busy: frozenset[str]
    failed: frozenset[str]
    delete_blocked_by: str = ""
    name_field: str = "name"  # request field holding the name
    id_key: str = "id"  # wire key of the id in the object
    name_key: str = "name"  # wire key of the name in the object

    @property
    def create_model(self) -> Any:
        return getattr(importlib.import_module("shared_client.models"), self.create_model_name)

    @property
    def model(self) -> Any:
        return getattr(importlib.import_module("shared_client.models"), self.model_name)

    @property
    def create_only(self) -> frozenset[str]:
        from shared_client.fields import field_specs

        return frozenset(n for n, s in field_specs(self.create_model).items() if not s.updatable)

    @property
    def updatable(self) -> frozenset[str]:
        from shared_client.fields import field_specs

        return frozenset(n for n, s in field_specs(self.create_model).items() if s.updatable)

    def is_ready(self, status: str | None) -> bool:
        return not self.ready or status in self.ready

    def is_busy(self, status: str | None) -> bool:
        return status in self.busy

    def is_failed(self, status: str | None) -> bool:
        return status in self.failed

    def settled(self, obj: Any) -> bool:
        """Not in a transitional status (an object without a status is settled)."""
        return not self.is_busy(getattr(obj, "status", None))


_ERR = contract.ERROR_STATUSES

SPECS: Final[dict[str, ResourceSpec]] = {
    s.kind: s
    for s in (
        ResourceSpec(
            "instances",
            "instance",
            "Instance",
            "InstanceCreate",
            "account",
            ready=frozenset({"ACTIVE"}),
            busy=catalog.INSTANCE_TRANSITIONAL,
            failed=frozenset({"ERROR"}),
            delete_blocked_by="CREATING or BUILD (waited out before the delete)",
            id_key="instance_id",
            name_key="vm_name",
        ),
        ResourceSpec(
            "volumes",
            "volume",
            "Volume",
            "VolumeCreate",
            "region",
            ready=frozenset({"available", "in-use"}),
            busy=frozenset({"creating", "attaching", "detaching", "resizing", "deleting"}),
            failed=_ERR,
            delete_blocked_by="attached to an instance (detach first)",
        ),
        ResourceSpec(
            "firewalls",
            "firewall",
            "Firewall",
            "FirewallCreate",
            "account",
            ready=frozenset({"SUCCESS"}),
            busy=frozenset({"CREATING", "DELETING"}),
            failed=_ERR,
            delete_blocked_by="attached to instances (delete(detach=True) empties the list first)",
        ),
        ResourceSpec(
            "ssh_keys",
            "SSH key",
            "SshKey",
            "SshKeyCreate",
            "account",
            ready=frozenset(),
            busy=frozenset(),
            failed=_ERR,
            delete_blocked_by="used by a live instance",
        ),
        ResourceSpec("scripts", "startup script", "Script", "ScriptCreate", "account", frozenset(), frozenset(), _ERR),
        ResourceSpec(
            "snapshots",
            "snapshot",
            "Snapshot",
            "SnapshotCreate",
            "account",
            ready=frozenset({"SUCCESS", "available"}),
            busy=frozenset({"CREATING", "creating", "DELETING"}),
            failed=_ERR,
        ),
        ResourceSpec(
            "images",
            "custom image",
            "CustomImage",
            "CustomImageCreate",
            "account",
            ready=frozenset({"available"}),
            busy=frozenset({"creating", "CREATING", "deleting"}),
            failed=_ERR,
        ),
    )
}


# -- applied / settled predicates (pure functions on read models) ---------------------------------------------
def settled(obj: Any) -> bool:
    """Not in a transitional status of its kind (by the statuses of every kind: an object without one is settled)."""
    status = getattr(obj, "status", None)
    return not any(s.is_busy(status) for s in SPECS.values())


def power_applied(instance: Any, state: str) -> bool:
    return getattr(instance, "status", None) == status_of(state)


def public_ip_applied(instance: Any, enable: bool) -> bool:
    return bool(instance.public_ip) == bool(enable)


def rule_done(rule: Any) -> bool:
    status = rule.get("status") if isinstance(rule, dict) else getattr(rule, "status", None)
    return status is None or str(status).upper() in RULE_DONE


def rules_applied(rules: Iterable[Any], desired: Iterable[Any], *, purge: bool = True) -> bool:
    """The rule set equals `desired` (canonical; with ``purge=False`` contains it) and every rule is applied."""
    have = list(rules)
    current = {normalise.canonical_rule(r) for r in have}
    want = {normalise.canonical_rule(r) for r in desired}
    if (current != want) if purge else not want <= current:
        return False
    return all(rule_done(r) for r in have)


def volumes_applied(instance: Any, volume_ids: Iterable[str]) -> bool:
    return set(normalise.sorted_ids(instance.volume_ids)) == set(normalise.sorted_ids(volume_ids))


def attachment_applied(volume: Any, instance_id: str, attached: bool) -> bool:
    """The volume is attached to (or detached from) the instance and its status says so."""
    on = str(getattr(volume, "attached_to", None) or "") == str(instance_id)
    if attached:
        return on and volume.status == "in-use"
    return not getattr(volume, "attached_to", None) and volume.status == "available"


def firewall_attached(firewall: Any, instance_ids: Iterable[str]) -> bool:
    """The firewall's attachments are exactly `instance_ids`, all SUCCESS; an ERROR attachment raises."""
    failed = [a.instance_id for a in firewall.attachments if str(a.status or "").upper() == "ERROR"]
    if failed:
        raise errors.ResourceFailed(
            f"attaching firewall {firewall.id} to {', '.join(map(str, failed))} failed", last=firewall
        )
    if set(firewall.instance_ids) != set(normalise.sorted_ids(instance_ids)):
        return False
    return all(str(a.status or "SUCCESS").upper() in ATTACHMENT_DONE for a in firewall.attachments)
