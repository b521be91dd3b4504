"""Firewall / security rules, pure logic (no I/O, no pydantic): defaults, canonical form, set diff, "applied".
Requests: :mod:`shared_client.resources.rule_sync`; the validated model: `shared_client.models.rule.RuleSpec`.

Only ``protocol`` is required: ``direction`` defaults to ``ingress``, ``ethertype`` to ``IPv4``,
``remote_ip_prefix`` to every address of the ethertype, ``port_range_max`` to ``port_range_min`` (no ports: all).
Rules compare in canonical form (defaults, lower-case protocol, canonical CIDR: ``10.1.2.3/8`` = ``10.0.0.0/8``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any, Final

from shared_client import normalise, vocabulary

RULE_OPTIONS: Final[dict[str, dict[str, Any]]] = {
    "direction": {"type": "str", "choices": sorted(vocabulary.DIRECTIONS), "default": vocabulary.DEFAULT_DIRECTION},
    "ethertype": {"type": "str", "choices": sorted(vocabulary.ETHERTYPES), "default": vocabulary.DEFAULT_ETHERTYPE},
    "protocol": {"type": "str", "required": True},
    "port_range_min": {"type": "int"},
    "port_range_max": {"type": "int"},
    "remote_ip_prefix": {"type": "str"},
}
"""The user-facing fields of a rule, for front-ends' option tables."""


def _as_mapping(rule: Any) -> dict[str, Any]:
    if isinstance(rule, Mapping):
        return dict(rule)
    if dataclasses.is_dataclass(rule) and not isinstance(rule, type):
        return {f.name: getattr(rule, f.name) for f in dataclasses.fields(rule)}
    if hasattr(rule, "model_dump"):
        return dict(rule.model_dump())
    raise TypeError(f"a rule must be a mapping, not {type(rule).__name__}")


def rule_with_defaults(rule: object) -> dict[str, Any]:
    """`rule` (a mapping, a dataclass such as Pulumi's ``RuleArgs``, or a model) without None values, defaults
    filled in; not validated (`RuleSpec` does that)."""
    body = {k: v for k, v in _as_mapping(rule).items() if v is not None}
    body.setdefault("direction", vocabulary.DEFAULT_DIRECTION)
    body.setdefault("ethertype", vocabulary.DEFAULT_ETHERTYPE)
    ethertype = body["ethertype"]
    if "remote_ip_prefix" not in body and isinstance(ethertype, str) and ethertype in vocabulary.ANY_PREFIX:
        body["remote_ip_prefix"] = vocabulary.ANY_PREFIX[ethertype]
    if body.get("port_range_min") is not None and body.get("port_range_max") is None:
        body["port_range_max"] = body["port_range_min"]
    return body


RULE_KEYS: Final = ("direction", "ethertype", "protocol", "port_range_min", "port_range_max", "remote_ip_prefix")
RULE_DONE: Final = frozenset({"SUCCESS", "ACTIVE"})  # a rule's status once applied ("pending" before)

RuleKey = tuple[str, str, str, int | None, int | None, str]


def _field(rule: object, key: str) -> Any:
    return rule.get(key) if isinstance(rule, Mapping) else getattr(rule, key, None)


def canonical_rule(rule: object) -> RuleKey:
    """A rule (dict or model) as a hashable tuple of its RULE_KEYS in canonical form (ids and statuses ignored;
    portless protocols without ports)."""
    protocol = str(_field(rule, "protocol") or "any").lower()
    pmin, pmax = _field(rule, "port_range_min"), _field(rule, "port_range_max")
    if protocol in vocabulary.PORTLESS_PROTOCOLS:
        pmin = pmax = None
    if pmin is not None and pmax is None:
        pmax = pmin
    ethertype = str(_field(rule, "ethertype") or vocabulary.DEFAULT_ETHERTYPE)
    prefix = _field(rule, "remote_ip_prefix")
    if prefix is None:
        prefix = vocabulary.ANY_PREFIX.get(ethertype, vocabulary.ANY_PREFIX["IPv6"])
    return (
        str(_field(rule, "direction") or vocabulary.DEFAULT_DIRECTION),
        ethertype,
        protocol,
        int(pmin) if pmin is not None else None,
        int(pmax) if pmax is not None else None,
        normalise.canonical_cidr(str(prefix)),
    )


def _sort_key(t: RuleKey) -> tuple[tuple[int, object], ...]:
    return tuple((0, "") if v is None else (1, v) if isinstance(v, int) else (2, v) for v in t)


def as_dict(key: RuleKey) -> dict[str, Any]:
    return dict(zip(RULE_KEYS, key, strict=True))


def canonical(rule: object) -> dict[str, Any]:
    """A rule in canonical form as a dict (the form rules are compared in and reported as)."""
    return as_dict(canonical_rule(rule))


def canonical_rules(rules: Iterable[object] | None) -> list[dict[str, Any]]:
    """Rules as a sorted, de-duplicated list of canonical dicts."""
    return [as_dict(t) for t in sorted({canonical_rule(r) for r in rules or ()}, key=_sort_key)]


def rule_diff(
    current: Iterable[object], desired: Iterable[object]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(added, removed) canonical rules turning the set `current` into `desired` (for plans and diffs)."""
    have, want = {canonical_rule(r) for r in current}, {canonical_rule(r) for r in desired}
    return [as_dict(t) for t in sorted(want - have, key=_sort_key)], [
        as_dict(t) for t in sorted(have - want, key=_sort_key)
    ]


def diff_rules(current: Iterable[object], desired: Iterable[object]) -> tuple[list[dict[str, Any]], list[str]]:
    """(canonical rules to add, rule ids to remove incl. duplicates) turning `current` into `desired` (the sync)."""
    want = {canonical_rule(r) for r in desired}
    have: dict[RuleKey, list[str]] = {}
    for r in current:
        have.setdefault(canonical_rule(r), []).append(str(_field(r, "id")))
    remove = [rid for key, ids in have.items() if key not in want for rid in ids]
    remove += [rid for key, ids in have.items() if key in want for rid in ids[1:]]  # duplicates
    add = [r for r in canonical_rules(desired) if canonical_rule(r) not in have]
    return add, sorted(remove)


def rule_done(rule: object) -> bool:
    status = _field(rule, "status")
    return status is None or str(status).upper() in RULE_DONE


def rules_applied(rules: Iterable[object], desired: Iterable[object], *, purge: bool = True) -> bool:
    """The rule set equals `desired` (canonical; with ``purge=False`` contains it) and every rule is applied."""
    have = list(rules)
    current = {canonical_rule(r) for r in have}
    want = {canonical_rule(r) for r in desired}
    if (current != want) if purge else not want <= current:
        return False
    return all(rule_done(r) for r in have)
