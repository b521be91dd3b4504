"""Firewall / security rules, pure logic only (no I/O, no pydantic): defaults, canonical form, set diff, and the
"applied" predicate, used by every workflow and every front-end. The requests live in
:mod:`shared_client.resources.rule_sync`; the validated request model is `shared_client.models.rule.RuleSpec`.

A rule may leave out everything but ``protocol``:

- ``direction``: ``ingress``
- ``ethertype``: ``IPv4``
- ``remote_ip_prefix``: every address of the ethertype (``0.0.0.0/0`` or ``::/0``)
- ``port_range_max``: ``port_range_min`` when only the minimum is given (one port); no ports = all ports

`RuleSpec` applies :func:`rule_with_defaults` itself, so ``RuleSpec(protocol="tcp", port_range_min=22)`` and the
same dict in a rule list are complete rules. Comparison uses :func:`canonical` (defaults, lower-case protocol,
canonical CIDR), so ``10.1.2.3/8`` equals ``10.0.0.0/8``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any, Final

from shared_client import normalise, vocabulary

DEFAULT_DIRECTION: Final = vocabulary.DEFAULT_DIRECTION
DEFAULT_ETHERTYPE: Final = vocabulary.DEFAULT_ETHERTYPE
ANY_PREFIX: Final = vocabulary.ANY_PREFIX

RULE_OPTIONS: Final[dict[str, dict[str, Any]]] = {
    "direction": {"type": "str", "choices": sorted(vocabulary.DIRECTIONS), "default": DEFAULT_DIRECTION},
    "ethertype": {"type": "str", "choices": sorted(vocabulary.ETHERTYPES), "default": DEFAULT_ETHERTYPE},
    "protocol": {"type": "str", "required": True},
    "port_range_min": {"type": "int"},
    "port_range_max": {"type": "int"},
    "remote_ip_prefix": {"type": "str"},
}
"""The user-facing fields of a rule (type, choices, default, required), for front-ends' option tables."""


def _as_mapping(rule: Any) -> dict[str, Any]:
    if isinstance(rule, Mapping):
        return dict(rule)
    if dataclasses.is_dataclass(rule) and not isinstance(rule, type):
        return {f.name: getattr(rule, f.name) for f in dataclasses.fields(rule)}
    if hasattr(rule, "model_dump"):
        return dict(rule.model_dump())
    raise TypeError(f"a rule must be a mapping, not {type(rule).__name__}")


def rule_with_defaults(rule: object) -> dict[str, Any]:
    """`rule` (a mapping, a dataclass such as Pulumi's ``RuleArgs``, or a model) with None values dropped and the
    defaults above filled in. Values are not validated here (`RuleSpec` does that)."""
    body = {k: v for k, v in _as_mapping(rule).items() if v is not None}
    body.setdefault("direction", DEFAULT_DIRECTION)
    body.setdefault("ethertype", DEFAULT_ETHERTYPE)
    ethertype = body["ethertype"]
    if "remote_ip_prefix" not in body and isinstance(ethertype, str) and ethertype in ANY_PREFIX:
        body["remote_ip_prefix"] = ANY_PREFIX[ethertype]
    if body.get("port_range_min") is not None and body.get("port_range_max") is None:
        body["port_range_max"] = body["port_range_min"]
    return body


RULE_KEYS: Final = ("direction", "ethertype", "protocol", "port_range_min", "port_range_max", "remote_ip_prefix")
RULE_DONE: Final = frozenset({"SUCCESS", "ACTIVE"})  # a rule's status once applied ("pending" before)

RuleKey = tuple[str, str, str, int | None, int | None, str]


def _field(rule: object, key: str) -> Any:
    return rule.get(key) if isinstance(rule, Mapping) else getattr(rule, key, None)


def canonical_rule(rule: object) -> RuleKey:
    """A rule (dict, request or read model) as a hashable, comparable tuple of its RULE_KEYS (ids and statuses
    ignored): missing fields take the defaults above, protocol lower-case, portless protocols without ports,
    canonical CIDR."""
    protocol = str(_field(rule, "protocol") or "any").lower()
    pmin, pmax = _field(rule, "port_range_min"), _field(rule, "port_range_max")
    if protocol in vocabulary.PORTLESS_PROTOCOLS:
        pmin = pmax = None
    if pmin is not None and pmax is None:
        pmax = pmin
    ethertype = str(_field(rule, "ethertype") or DEFAULT_ETHERTYPE)
    prefix = _field(rule, "remote_ip_prefix")
    if prefix is None:
        prefix = ANY_PREFIX.get(ethertype, ANY_PREFIX["IPv6"])
    return (
        str(_field(rule, "direction") or DEFAULT_DIRECTION),
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
    """A rule in canonical form as a dict: the form rules are compared in and reported as."""
    return as_dict(canonical_rule(rule))


def canonical_rules(rules: Iterable[object] | None) -> list[dict[str, Any]]:
    """Rules as a sorted, de-duplicated list of canonical dicts (the form used to compare rule sets)."""
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
    """(rules to add as canonical dicts, rule ids to remove, duplicates included) turning `current` (with ids)
    into `desired` (for the sync)."""
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
