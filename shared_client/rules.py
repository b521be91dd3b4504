"""Firewall / security rule defaults, documented once and used by every workflow and both front-ends.

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
from collections.abc import Mapping
from typing import Any, Final

from shared_client import catalog, normalise

DEFAULT_DIRECTION: Final = catalog.DEFAULT_DIRECTION
DEFAULT_ETHERTYPE: Final = catalog.DEFAULT_ETHERTYPE
ANY_PREFIX: Final = catalog.ANY_PREFIX

RULE_OPTIONS: Final[dict[str, dict[str, Any]]] = {
    "direction": {"type": "str", "choices": sorted(catalog.DIRECTIONS), "default": DEFAULT_DIRECTION},
    "ethertype": {"type": "str", "choices": sorted(catalog.ETHERTYPES), "default": DEFAULT_ETHERTYPE},
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


def rule_with_defaults(rule: Any) -> dict[str, Any]:
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


def canonical(rule: Any) -> dict[str, Any]:
    """A rule in canonical form (defaults filled in, protocol lower-case, CIDR canonical, portless protocols
    without ports): the form rules are compared in and reported as."""
    base = rule if not isinstance(rule, Mapping) else rule_with_defaults(rule)
    return dict(zip(normalise.RULE_KEYS, normalise.canonical_rule(base), strict=True))


def request_body(rule: Any) -> dict[str, Any]:
    """A canonical rule as a request body (unset ports left out)."""
    return {k: v for k, v in canonical(rule).items() if v is not None}


def validate_rules(rules: Any, field: str = "rules") -> list[Any]:
    """Every rule as a validated `RuleSpec` (defaults applied); one `errors.ValidationError` naming
    ``<field>.<index>.<rule field>`` for all problems, before any request (for front-ends' check / preview)."""
    from shared_client.resources.rule_sync import rule_specs

    return list(rule_specs(rules, field))
