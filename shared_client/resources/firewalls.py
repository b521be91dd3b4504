"""Firewalls sub-client: the common operations plus rules, attachment, protocols."""

from __future__ import annotations

from collections.abc import Iterable

from shared_client import errors, normalise
from shared_client.fields import diff_rules
from shared_client.models import Firewall, FirewallCreate, Instance, Rule, RuleSpec
from shared_client.pagination import iter_items
from shared_client.resources.base import ResourceClient, reconciled_post
from shared_client.waiting import Deadline


class FirewallsClient(ResourceClient[Firewall, FirewallCreate]):
    kind = "firewalls"
    label = "firewall"
    model = Firewall
    create_model = FirewallCreate

    def create(self, request: FirewallCreate) -> Firewall:
        """Create (reconciled by name), then add `request.rules` once the firewall is SUCCESS."""
        fw = super().create(request)
        if request.rules:
            fw = self.set_rules(fw.id, request.rules, deadline=Deadline(self._t.total_budget))
        return fw

    def set_rules(self, id: str, rules: Iterable[RuleSpec], *, deadline: Deadline | None = None) -> Firewall:
        """Make the firewall's rule set equal `rules` (order-insensitive): add missing, remove extra."""
        rules = list(rules)
        fw = self.wait_for(id, {"SUCCESS"}, deadline=deadline or Deadline(self._t.total_budget))
        to_add, to_remove = diff_rules(fw.rules, rules)
        for rule_id in to_remove:
            self.remove_rule(id, rule_id)
        for r in to_add:
            self.add_rule(id, RuleSpec.model_validate({k: v for k, v in r.items() if v is not None}))
        return self.get(id) if (to_add or to_remove) else fw

    def add_rule(self, id: str, rule: RuleSpec) -> Rule:
        """Add a rule (status pending -> SUCCESS); after a lost response an identical rule is adopted."""
        want = normalise.canonical_rule(rule)

        def lookup() -> Rule | None:
            return next((r for r in self.get(id).rules if normalise.canonical_rule(r) == want), None)

        return reconciled_post(
            self._t,
            "firewalls.add_rule",
            ids={"id": id},
            body=rule.to_body(),
            parse=Rule.model_validate,
            lookup=lookup,
            what="firewall rule",
        )

    def remove_rule(self, id: str, rule_id: str, *, missing_ok: bool = True) -> None:
        try:
            self._t.call("firewalls.remove_rule", ids={"id": id, "rule_id": rule_id})
        except errors.NotFound:
            if not missing_ok:
                raise

    def attach(self, id: str, instance_ids: Iterable[str]) -> Firewall:
        """Set the full list of attached instances (an empty list detaches all). Setting a full list is
        idempotent, so after a lost response the firewall is re-read and the request re-sent if needed."""
        want = normalise.sorted_ids(instance_ids)

        def lookup() -> Firewall | None:
            fw = self.get(id)
            return fw if normalise.sorted_ids(fw.instance_ids) == want else None

        return reconciled_post(
            self._t,
            "firewalls.attach",
            ids={"id": id},
            body={"instance_ids": want},
            parse=self._parse,
            lookup=lookup,
            what="firewall attachment",
        )

    def protocols(self) -> list[str]:
        """Supported protocol names."""
        return [p["name"] if isinstance(p, dict) else str(p) for p in iter_items(self._t, "firewalls.protocols")]

    def available_instances(self, id: str) -> list[Instance]:
        """Instances that can be attached to this firewall."""
        return [
            Instance.model_validate(i) for i in iter_items(self._t, "firewalls.available_instances", ids={"id": id})
        ]
