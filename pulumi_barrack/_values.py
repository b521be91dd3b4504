"""Helpers for the plain values the Pulumi engine hands to dynamic providers."""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable, Mapping
from typing import Any

from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN

RULE_FIELDS = ("direction", "ethertype", "protocol", "port_range_min", "port_range_max", "remote_ip_prefix")


def is_unknown(value: Any) -> bool:
    """True when ``value`` is, or contains, a preview-time unknown."""
    if isinstance(value, Unknown) or (isinstance(value, str) and value == UNKNOWN):
        return True
    if isinstance(value, Mapping):
        return any(is_unknown(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(is_unknown(v) for v in value)
    return False


def coerce(value: Any) -> Any:
    """Engine numbers arrive as floats: turn integral floats into ints, recursively; drop ``None`` dict values."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {k: coerce(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [coerce(v) for v in value]
    return value


def canonical_rule(rule: Mapping[str, Any]) -> dict[str, Any]:
    """A rule reduced to its spec fields, with defaults made explicit and the CIDR canonical."""
    out = {k: coerce(rule.get(k)) for k in RULE_FIELDS if rule.get(k) is not None}
    if isinstance(out.get("protocol"), str):
        out["protocol"] = out["protocol"].lower()
    if isinstance(out.get("direction"), str):
        out["direction"] = out["direction"].lower()
    prefix = out.get("remote_ip_prefix")
    if isinstance(prefix, str):
        try:
            out["remote_ip_prefix"] = str(ipaddress.ip_network(prefix, strict=False))
        except ValueError:
            pass
    return out


def rule_key(rule: Mapping[str, Any]) -> str:
    """Stable identity of a rule for set comparison."""
    return json.dumps(canonical_rule(rule), sort_keys=True)


def canonical_rules(rules: Iterable[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """Rules as a sorted, de-duplicated list of canonical rules."""
    unique = {rule_key(r): canonical_rule(r) for r in rules or []}
    return [unique[k] for k in sorted(unique)]


def same_set(a: Iterable[Any] | None, b: Iterable[Any] | None) -> bool:
    """Order-insensitive equality of two lists of JSON-like values."""
    return sorted(json.dumps(x, sort_keys=True) for x in a or []) == sorted(
        json.dumps(x, sort_keys=True) for x in b or []
    )
