"""Rule I/O: adds that cannot adopt somebody else's rule, and rule-set sync that adds before it removes (so a rule
change never opens a window without e.g. SSH). Used by firewalls and instance security rules alike; the pure rule
logic is :mod:`shared_client.rules`."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from shared_client.models.rule import Rule, RuleSpec
from shared_client.resources.base import Candidate, reconciled_post
from shared_client.rules import canonical_rule, diff_rules
from shared_client.transport import Transport


def post_rule(
    transport: Transport,
    endpoint: str,
    owner_id: str,
    rule: RuleSpec,
    *,
    current: Callable[[], list[Rule]],
    known_ids: Collection[str] | None,
    adopt_concurrent: bool = False,
) -> Rule:
    """POST one rule. After a lost answer or a 409 an identical rule is adopted only when its id did not exist
    before the attempt (`known_ids`, read first when not given); an identical rule that was already there is a
    `errors.Conflict` naming it. A 409 on the first attempt adopts a new identical rule only with
    `adopt_concurrent` (the caller has just read the rules: a concurrent run added it)."""
    want = canonical_rule(rule)
    known = set(known_ids) if known_ids is not None else {r.id for r in current()}

    def lookup() -> Rule | None:
        same = [r for r in current() if canonical_rule(r) == want]
        fresh = [r for r in same if r.id not in known]
        return (fresh or same)[0] if same else None

    return reconciled_post(
        transport,
        endpoint,
        ids={"id": owner_id},
        body=rule.to_body(),
        parse=Rule.model_validate,
        candidate=Candidate(lookup, is_new=lambda found, _started: found.id not in known, label="rule"),
        what="rule",
        adopt_concurrent=adopt_concurrent,
    )


def sync_rules(
    current: list[Rule],
    desired: list[RuleSpec],
    *,
    purge: bool,
    add: Callable[[RuleSpec, set[str]], Any],
    remove: Callable[[str], Any],
) -> bool:
    """Add the desired rules that are missing, then (with `purge`) remove the ones not desired and duplicates.
    Returns whether anything was sent."""
    to_add, to_remove = diff_rules(current, desired)
    if not purge:
        to_remove = []
    known = {r.id for r in current}
    for body in to_add:
        add(RuleSpec.model_validate({k: v for k, v in body.items() if v is not None}), known)
    for rule_id in to_remove:
        remove(rule_id)
    return bool(to_add or to_remove)
