"""Rule I/O of firewalls and instances alike: adds that never adopt another run's rule, and sync that adds before
it removes (no window without e.g. SSH). Pure rule logic: `shared_client.rules`."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any, ClassVar

from shared_client import errors
from shared_client.ids import check_id
from shared_client.models.rule import Rule, RuleSpec, rule_specs
from shared_client.outcome import Outcome
from shared_client.resources.base import C, Candidate, M, ResourceClient, reconciled_post
from shared_client.rules import canonical_rule, diff_rules, rules_applied
from shared_client.waiting import Deadline


class RuleSetClient(ResourceClient[M, C]):
    """A kind holding a rule set: `rule_field` of its read model, added and removed through `rule_endpoints`."""

    rule_field: ClassVar[str]
    rule_endpoints: ClassVar[tuple[str, str]]  # (add, remove)
    sync_when_ready: ClassVar[bool] = False  # wait for the object's ready status before a sync

    def _rules(self, id: str) -> list[Rule]:
        rules: list[Rule] = getattr(self.get(id), self.rule_field)
        return rules

    def _add_rule(
        self,
        id: str,
        rule: RuleSpec | dict[str, Any],
        *,
        known_ids: Collection[str] | None = None,
        adopt_concurrent: bool = False,
    ) -> Rule:
        """Add a rule. After a lost answer or a 409 an identical rule is adopted only when its id did not exist
        before the attempt (`known_ids`, read first when not given); an identical rule already there is an
        `errors.Conflict` naming it. A first-attempt 409 adopts a new identical rule only with `adopt_concurrent`
        (the caller has just read the rules: a concurrent run added it)."""
        spec = rule_specs([rule], "rule")[0]
        check_id("id", id)
        want = canonical_rule(spec)
        known = set(known_ids) if known_ids is not None else {r.id for r in self._rules(id)}

        def lookup() -> Rule | None:
            same = [r for r in self._rules(id) if canonical_rule(r) == want]
            fresh = [r for r in same if r.id not in known]
            return (fresh or same)[0] if same else None

        return reconciled_post(
            self._t,
            self.rule_endpoints[0],
            ids={"id": id},
            body=spec.to_body(),
            parse=Rule.model_validate,
            candidate=Candidate(lookup, is_new=lambda found, _started: found.id not in known, label="rule"),
            adopt_concurrent=adopt_concurrent,
        )

    def _remove_rule(self, id: str, rule_id: str, *, missing_ok: bool = True) -> None:
        try:
            self._t.call(self.rule_endpoints[1], ids={"id": id, "rule_id": rule_id})
        except errors.NotFound:
            if not missing_ok:
                raise

    def _set_rules(
        self,
        id: str,
        rules: Iterable[RuleSpec | dict[str, Any]],
        *,
        purge: bool = True,
        timeout: float = 600,
        deadline: Deadline | None = None,
        wait: bool = True,
    ) -> Outcome[M]:
        """Make the rules equal `rules` (a set; partial dicts get the rule defaults; invalid rules fail before any
        request): missing ones are added first, then — with `purge` — the others and duplicates removed. With
        `wait`, returns once every rule is applied."""
        desired = rule_specs(rules)
        dl = deadline or Deadline(timeout)
        obj = self.wait_ready(id, deadline=dl) if self.sync_when_ready else self.get(id)
        current: list[Rule] = getattr(obj, self.rule_field)
        to_add, to_remove = diff_rules(current, desired)
        to_remove = to_remove if purge else []
        known = {r.id for r in current}
        for body in to_add:
            spec = RuleSpec.model_validate({k: v for k, v in body.items() if v is not None})
            self._add_rule(id, spec, known_ids=known, adopt_concurrent=True)
        for rule_id in to_remove:
            self._remove_rule(id, rule_id)
        changed = bool(to_add or to_remove)
        if wait:
            obj = self.wait_for(
                id, lambda o: rules_applied(getattr(o, self.rule_field), desired, purge=purge), deadline=dl
            )
        elif changed:
            obj = self.get(id)
        return Outcome(obj, changed)
