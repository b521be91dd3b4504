"""Sub-clients of the relation kinds (volume attachment, firewall attachment, instance security rule): plan / apply /
get / delete like every kind, carried out by the instance and firewall workflows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from shared_client import errors
from shared_client.ids import check_id
from shared_client.models.firewall import Firewall
from shared_client.models.relations import (
    AttachedVolume,
    FirewallAttachmentCreate,
    FirewallMembers,
    InstanceRule,
    SecurityRuleCreate,
    VolumeAttachmentCreate,
    pair_id,
)
from shared_client.outcome import Outcome
from shared_client.plan import Plan
from shared_client.resources.base import C, M, ResourceClient
from shared_client.rules import canonical_rule, rule_done
from shared_client.specs import ResourceSpec, UpdateStep, attachment_applied, firewall_attached
from shared_client.waiting import Deadline

PAIR_ID: Final = re.compile(r"[A-Za-z0-9_-]{1,64}/[A-Za-z0-9_-]{1,64}")


def _pair(id: str) -> tuple[str, str]:
    owner, sep, member = id.partition("/")
    if not sep:
        raise errors.ValidationError.for_field("id", "must be <instance_id>/<member_id>")
    return check_id("id", owner), check_id("id", member)


def _members(fw: Firewall) -> FirewallMembers:
    return FirewallMembers(firewall_id=fw.id, instance_ids=fw.instance_ids, attachments=fw.attachments)


class RelationClient(ResourceClient[M, C]):
    """A relation kind has no list endpoint: it is read (and waited for) through its owner's `get`."""

    def list(self, *, search: str | None = None, region: str | None = None) -> Iterator[M]:
        raise errors.ConfigurationError(f"{self.label}s cannot be listed; get one by its id")

    def _poll(self, id: str, deadline: Deadline) -> M:
        return self.get(id)

    def find(self, desired: C) -> M | None:
        """The existing relation `desired` describes (to adopt), None when there is none."""
        return None

    def _apply_create(self, plan: Plan[M, C], *, wait: bool, deadline: Deadline) -> M:
        made = self._start(plan, deadline)
        return self.wait_applied(made, deadline=deadline) if wait else made

    def _start(self, plan: Plan[M, C], deadline: Deadline) -> M:
        """Send the create; the relation may not be applied yet."""
        raise NotImplementedError

    def wait_applied(self, made: M, *, deadline: Deadline) -> M:
        """Wait until the relation `made` is in effect (`errors.WaitTimeout`, `errors.ResourceFailed`)."""
        raise NotImplementedError

    def delete(
        self,
        id: str,
        *,
        missing_ok: bool = True,
        wait: bool = False,
        timeout: float = 600,
        deadline: Deadline | None = None,
    ) -> bool:
        """Remove the relation; False when it (or its owner) was already gone."""
        try:
            self._remove(id, wait, deadline or Deadline(timeout))
        except errors.NotFound:
            if not missing_ok:
                raise
            return False
        return True

    def _remove(self, id: str, wait: bool, deadline: Deadline) -> None:
        """`errors.NotFound` when the relation is not there."""
        raise NotImplementedError


VOLUME_ATTACHMENT: Final = ResourceSpec(
    kind="volume_attachments",
    label="volume attachment",
    model=AttachedVolume,
    create_model=VolumeAttachmentCreate,
    name_scope="account",
    id_shape=PAIR_ID,
    name_field="",
    server_fields=(),
)


class VolumeAttachmentsClient(RelationClient[AttachedVolume, VolumeAttachmentCreate]):
    """Id ``<instance_id>/<volume_id>``. Creating attaches (``stop_if_needed`` from the plan), deleting detaches."""

    declared = VOLUME_ATTACHMENT

    def get(self, id: str) -> AttachedVolume:
        instance_id, volume_id = _pair(id)
        vol = self.owner.volumes.get(volume_id)
        if str(vol.attached_to or "") != instance_id:
            raise errors.NotFound(f"volume {volume_id} is not attached to instance {instance_id}", status=404)
        return AttachedVolume(instance_id=instance_id, volume_id=volume_id, status=vol.status)

    def find(self, desired: VolumeAttachmentCreate) -> AttachedVolume | None:
        return self._by_id(pair_id(desired.instance_id, desired.volume_id))

    def _start(self, plan: Plan[AttachedVolume, VolumeAttachmentCreate], deadline: Deadline) -> AttachedVolume:
        want = plan.desired
        out = self.owner.instances.attach_volume(
            want.instance_id, want.volume_id, stop_if_needed=plan.stop_if_needed, wait=False, deadline=deadline
        )
        return AttachedVolume(instance_id=want.instance_id, volume_id=want.volume_id, status=out.volume.status)

    def wait_applied(self, made: AttachedVolume, *, deadline: Deadline) -> AttachedVolume:
        iid = made.instance_id
        vol = self.owner.volumes.wait_for(made.volume_id, lambda v: attachment_applied(v, iid, True), deadline=deadline)
        return AttachedVolume(instance_id=iid, volume_id=made.volume_id, status=vol.status)

    def delete(
        self,
        id: str,
        *,
        missing_ok: bool = True,
        wait: bool = False,
        timeout: float = 600,
        deadline: Deadline | None = None,
        stop_if_needed: bool = False,
    ) -> bool:
        """Detach; False when it was not attached (any more)."""
        instance_id, volume_id = _pair(id)
        try:
            out = self.owner.instances.detach_volume(
                instance_id, volume_id, stop_if_needed=stop_if_needed, wait=wait, timeout=timeout, deadline=deadline
            )
        except errors.NotFound:
            if not missing_ok:
                raise
            return False
        return out.changed


FIREWALL_ATTACHMENT: Final = ResourceSpec(
    kind="firewall_attachments",
    label="firewall attachment",
    model=FirewallMembers,
    create_model=FirewallAttachmentCreate,
    name_scope="account",
    name_field="",
    steps=(UpdateStep("instances", ("instance_ids",)),),
    server_fields=(),
)


class FirewallAttachmentsClient(RelationClient[FirewallMembers, FirewallAttachmentCreate]):
    """Id: the firewall's. The full list of instances is set in one idempotent call; deleting empties it."""

    declared = FIREWALL_ATTACHMENT

    def get(self, id: str) -> FirewallMembers:
        return _members(self.owner.firewalls.get(id))

    def _set(self, firewall_id: str, instance_ids: list[str], wait: bool, deadline: Deadline) -> FirewallMembers:
        return _members(self.owner.firewalls.attach(firewall_id, instance_ids, wait=wait, deadline=deadline))

    def _start(self, plan: Plan[FirewallMembers, FirewallAttachmentCreate], deadline: Deadline) -> FirewallMembers:
        return self._set(plan.desired.firewall_id, plan.desired.instance_ids, False, deadline)

    def wait_applied(self, made: FirewallMembers, *, deadline: Deadline) -> FirewallMembers:
        want = made.instance_ids
        fw = self.owner.firewalls.wait_for(made.firewall_id, lambda f: firewall_attached(f, want), deadline=deadline)
        return _members(fw)

    def _apply_step(
        self,
        id: str,
        step: UpdateStep,
        plan: Plan[FirewallMembers, FirewallAttachmentCreate],
        *,
        wait: bool,
        deadline: Deadline,
    ) -> Outcome[FirewallMembers]:
        change = plan.change("instance_ids")
        assert change is not None and isinstance(change.new, list)
        return Outcome(self._set(id, [str(i) for i in change.new], wait, deadline), True)

    def _remove(self, id: str, wait: bool, deadline: Deadline) -> None:
        """Detach the firewall from every instance (always waiting: the instances are then unprotected)."""
        self.owner.firewalls.attach(id, [], wait=True, deadline=deadline)


SECURITY_RULE: Final = ResourceSpec(
    kind="security_rules",
    label="security rule",
    model=InstanceRule,
    create_model=SecurityRuleCreate,
    name_scope="account",
    id_shape=PAIR_ID,
    name_field="",
    server_fields=("id",),
)


class SecurityRulesClient(RelationClient[InstanceRule, SecurityRuleCreate]):
    """One security rule of an instance; id ``<instance_id>/<rule_id>``. Every field is create-only."""

    declared = SECURITY_RULE

    def get(self, id: str) -> InstanceRule:
        instance_id, rule_id = _pair(id)
        for rule in self.owner.instances.get(instance_id).security_rules:
            if rule.id == rule_id:
                return InstanceRule(instance_id=instance_id, **rule.to_dict())
        raise errors.NotFound(f"instance {instance_id} has no security rule {rule_id}", status=404)

    def find(self, desired: SecurityRuleCreate) -> InstanceRule | None:
        """The instance's rule equal to `desired` (canonically), None when it has none."""
        want = canonical_rule(desired)
        rules = self.owner.instances.get(desired.instance_id).security_rules
        found = next((r for r in rules if canonical_rule(r) == want), None)
        return InstanceRule(instance_id=desired.instance_id, **found.to_dict()) if found else None

    def _start(self, plan: Plan[InstanceRule, SecurityRuleCreate], deadline: Deadline) -> InstanceRule:
        want = plan.desired
        rule = self.owner.instances.add_security_rule(want.instance_id, want, adopt_concurrent=plan.adopt_concurrent)
        return InstanceRule(instance_id=want.instance_id, **rule.to_dict())

    def wait_applied(self, made: InstanceRule, *, deadline: Deadline) -> InstanceRule:
        if rule_done(made):
            return made
        self.owner.instances.wait_for(
            made.instance_id,
            lambda i: any(r.id == made.id and rule_done(r) for r in i.security_rules),
            deadline=deadline,
        )
        return self.get(made.resource_id)

    def _remove(self, id: str, wait: bool, deadline: Deadline) -> None:
        """Remove the rule; with `wait`, until the instance no longer lists it."""
        instance_id, rule_id = _pair(id)
        self.owner.instances.remove_security_rule(instance_id, rule_id, missing_ok=False)
        if wait:
            self.owner.instances.wait_for(
                instance_id, lambda i: all(r.id != rule_id for r in i.security_rules), deadline=deadline
            )
