"""Instances sub-client: the common operations, power actions, volumes, security rules, billing."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from shared_client import catalog, errors, normalise
from shared_client.models import BillingRecord, FirewallRef, Instance, InstanceCreate, Rule, RuleSpec
from shared_client.pagination import iter_items
from shared_client.resources.base import ResourceClient, reconciled_post
from shared_client.waiting import Deadline

log = logging.getLogger("shared_client")

PowerState = Literal["running", "stopped", "hibernated"]
_TARGET_STATUS: dict[str, str] = {"running": "ACTIVE", "stopped": "SHUTOFF", "hibernated": "HIBERNATED"}
# From a stable status, the action that moves towards each target.
_NEXT_ACTION: dict[tuple[str, str], str] = {
    ("SHUTOFF", "ACTIVE"): "start",
    ("HIBERNATED", "ACTIVE"): "restore",
    ("ACTIVE", "SHUTOFF"): "stop",
    ("ERROR", "SHUTOFF"): "stop",
    ("HIBERNATED", "SHUTOFF"): "restore",
    ("ACTIVE", "HIBERNATED"): "hibernate",
    ("SHUTOFF", "HIBERNATED"): "start",
}


def _id_list(ids: Iterable[str], field: str) -> list[str]:
    out = [str(i) for i in ids]
    if not out:
        raise errors.ValidationError.for_field(field, "at least one id is required")
    if any(not i.strip() for i in out):
        raise errors.ValidationError.for_field(field, "ids must not be empty")
    return out


class InstancesClient(ResourceClient[Instance, InstanceCreate]):
    kind = "instances"
    label = "instance"
    model = Instance
    create_model = InstanceCreate

    def _action(self, action: str, id: str, body: dict[str, Any] | None = None) -> Instance:
        return self._parse(self._t.call(f"instances.{action}", ids={"id": id}, json=body))

    def start(self, id: str) -> Instance:
        """SHUTOFF -> STARTING -> ACTIVE."""
        return self._action("start", id)

    def stop(self, id: str) -> Instance:
        """ACTIVE|ERROR -> STOPPING -> SHUTOFF."""
        return self._action("stop", id)

    def reboot(self, id: str) -> Instance:
        """ACTIVE|ERROR -> REBOOTING -> ACTIVE."""
        return self._action("reboot", id)

    def hibernate(self, id: str) -> Instance:
        """ACTIVE -> HIBERNATING -> HIBERNATED."""
        return self._action("hibernate", id)

    def restore(self, id: str) -> Instance:
        """HIBERNATED -> RESTORING -> ACTIVE."""
        return self._action("restore", id)

    def set_public_ip(self, id: str, enable: bool) -> Instance:
        """Attach (True) or detach (False) the public IP."""
        return self._action("toggle_public_ip", id, {"enable": bool(enable)})

    def attach_volumes(self, id: str, volume_ids: Iterable[str]) -> Instance:
        ids = _id_list(volume_ids, "volume_ids")
        if len(set(ids)) > catalog.MAX_VOLUMES_PER_INSTANCE:
            raise errors.ValidationError.for_field(
                "volume_ids", f"at most {catalog.MAX_VOLUMES_PER_INSTANCE} volumes per instance"
            )
        return self._action("attach_volumes", id, {"volume_ids": ids})

    def detach_volumes(self, id: str, volume_ids: Iterable[str]) -> Instance:
        return self._action("detach_volumes", id, {"volume_ids": _id_list(volume_ids, "volume_ids")})

    def add_security_rule(self, id: str, rule: RuleSpec) -> Rule:
        """Add a rule; after a lost response an identical existing rule is adopted instead of a duplicate."""
        want = normalise.canonical_rule(rule)

        def lookup() -> Rule | None:
            return next((r for r in self.get(id).security_rules if normalise.canonical_rule(r) == want), None)

        return reconciled_post(
            self._t,
            "instances.add_security_rule",
            ids={"id": id},
            body=rule.to_body(),
            parse=Rule.model_validate,
            lookup=lookup,
            what="security rule",
        )

    def remove_security_rule(self, id: str, rule_id: str, *, missing_ok: bool = True) -> None:
        try:
            self._t.call("instances.remove_security_rule", ids={"id": id, "rule_id": rule_id})
        except errors.NotFound:
            if not missing_ok:
                raise

    def firewalls(self, id: str) -> list[FirewallRef]:
        """Firewalls attached to the instance."""
        return [FirewallRef.model_validate(f) for f in iter_items(self._t, "instances.firewalls", ids={"id": id})]

    def snapshot_eligible(self) -> list[Instance]:
        """Instances a snapshot can be taken of."""
        return [Instance.model_validate(i) for i in iter_items(self._t, "instances.snapshot_eligible")]

    def billing(self) -> Iterator[BillingRecord]:
        for rec in iter_items(self._t, "instances.billing"):
            yield BillingRecord.model_validate(rec)

    def ensure_power_state(
        self, id: str, state: PowerState, timeout: float = 600, *, deadline: Deadline | None = None
    ) -> Instance:
        """Do the start/stop/hibernate/restore steps needed to reach `state` and wait; one shared deadline.

        Transitional statuses are waited out; an action whose response was lost is not re-sent: the
        status is read again and the next step decided from it.
        """
        if state not in _TARGET_STATUS:
            raise errors.ValidationError.for_field("state", "must be 'running', 'stopped' or 'hibernated'")
        target = _TARGET_STATUS[state]
        deadline = deadline or Deadline(timeout)
        stable = catalog.INSTANCE_STABLE
        inst = self.get(id)
        while True:
            if inst.status not in stable:
                inst = self.wait_for(id, stable, deadline=deadline)
            if inst.status == target:
                return inst
            action = _NEXT_ACTION.get((str(inst.status), target))
            if action is None:
                raise errors.ResourceFailed(f"instance {id} is {inst.status}; cannot bring it to {state}", last=inst)
            try:
                inst = self._action(action, id)
            except errors.InvalidState:
                inst = self.get(id)  # somebody else moved it; decide again
            except errors.BarrackError as exc:
                if not exc.ambiguous:
                    raise
                log.info("instance %s: %s may not have applied (%s); re-reading", id, action, exc)
                inst = self.get(id)
            if deadline.expired:
                raise errors.WaitTimeout(f"timed out bringing instance {id} to {state}", last=inst)
