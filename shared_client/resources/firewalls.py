"""Firewalls sub-client: the common operations plus rules (sync adds before it removes), attachment, protocols."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from shared_client import errors, normalise
from shared_client.ids import check_id
from shared_client.models import Firewall, FirewallCreate, Instance
from shared_client.outcome import Outcome
from shared_client.pagination import iter_items
from shared_client.plan import Plan
from shared_client.resources.base import Candidate, reconciled_post
from shared_client.resources.rule_sync import RuleSetClient
from shared_client.rules import rules_applied
from shared_client.specs import ResourceSpec, UpdateStep, firewall_attached
from shared_client.waiting import Deadline

SPEC: Final = ResourceSpec(
    kind="firewalls",
    label="firewall",
    model=Firewall,
    create_model=FirewallCreate,
    name_scope="account",
    ready=frozenset({"SUCCESS"}),
    busy=frozenset({"CREATING", "DELETING"}),
    delete_blocked_by="attached to instances (delete(detach=True) empties the list first)",
    steps=(UpdateStep("rules", ("rules",)),),
)


class FirewallsClient(RuleSetClient[Firewall, FirewallCreate]):
    declared = SPEC
    rule_field = "rules"
    rule_endpoints = ("firewalls.add_rule", "firewalls.remove_rule")
    sync_when_ready = True

    def _apply_create(self, plan: Plan[Firewall, FirewallCreate], *, wait: bool, deadline: Deadline) -> Firewall:
        fw = self.create(plan.desired, adopt_concurrent=True)
        if not wait:
            return fw
        rules = plan.desired.rules or []
        with errors.after_write():
            return self.wait_for(
                fw.id, lambda f: SPEC.is_ready(f.status) and rules_applied(f.rules, rules), deadline=deadline
            )

    def _apply_step(
        self, id: str, step: UpdateStep, plan: Plan[Firewall, FirewallCreate], *, wait: bool, deadline: Deadline
    ) -> Outcome[Firewall]:
        return self.set_rules(id, plan.desired.rules or [], purge=plan.purge, wait=wait, deadline=deadline)

    def create(
        self, request: FirewallCreate | None = None, /, *, adopt_concurrent: bool = False, **values: Any
    ) -> Firewall:
        """Create (reconciled by name), then add `rules` once the firewall is SUCCESS."""
        req = self._request(request, values)
        fw = super().create(req, adopt_concurrent=adopt_concurrent)
        if req.rules:
            with errors.after_write():
                fw, _ = self.set_rules(fw.id, req.rules, deadline=Deadline(self._t.total_budget), wait=False)
        return fw

    add_rule = RuleSetClient._add_rule
    remove_rule = RuleSetClient._remove_rule
    set_rules = RuleSetClient._set_rules

    def attach(
        self,
        id: str,
        instance_ids: Iterable[str],
        *,
        wait: bool = False,
        timeout: float = 600,
        deadline: Deadline | None = None,
    ) -> Firewall:
        """Set the full list of attached instances (an empty list detaches all). Setting a full list is
        idempotent, so after a lost response the firewall is re-read and the request re-sent if needed. With
        `wait`, returns once every attachment is SUCCESS (an ERROR attachment raises `errors.ResourceFailed`)."""
        if isinstance(instance_ids, str):
            raise errors.ValidationError.for_field("instance_ids", "must be a list of ids, not one string")
        want = normalise.sorted_ids(check_id("instance_ids", i) for i in instance_ids)
        check_id("id", id)

        def lookup() -> Firewall | None:
            fw = self.get(id)
            return fw if normalise.sorted_ids(fw.instance_ids) == want else None

        label = self.owner.firewall_attachments.label
        fw = reconciled_post(
            self._t,
            "firewalls.attach",
            ids={"id": id},
            body={"instance_ids": want},
            parse=self._parse,
            candidate=Candidate(lookup, is_new=lambda _f, _s: True, label=label),
        )
        if wait:
            fw = self.wait_for(id, lambda f: firewall_attached(f, want), timeout=timeout, deadline=deadline)
        return fw

    def delete(
        self,
        id: str,
        *,
        missing_ok: bool = True,
        wait: bool = False,
        timeout: float = 600,
        deadline: Deadline | None = None,
        detach: bool = False,
    ) -> bool:
        """Delete; with `detach` the attachment list is emptied first (a firewall with instances cannot be deleted)."""
        dl = deadline or Deadline(timeout)
        if detach:
            try:
                fw = self.get(id)
            except errors.NotFound:
                if not missing_ok:
                    raise
                return False
            if fw.instance_ids:
                self.attach(id, [], wait=True, deadline=dl)
        return super().delete(id, missing_ok=missing_ok, wait=wait, deadline=dl)

    def protocols(self) -> list[str]:
        """Supported protocol names."""
        return [p["name"] if isinstance(p, dict) else str(p) for p in iter_items(self._t, "firewalls.protocols")]

    def available_instances(self, id: str) -> list[Instance]:
        """Instances that can be attached to this firewall."""
        return list(
            iter_items(self._t, "firewalls.available_instances", ids={"id": id}, parse_item=Instance.model_validate)
        )
