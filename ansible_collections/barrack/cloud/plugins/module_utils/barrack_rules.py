# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""Firewall / security rules as an order-insensitive set of canonical rules (used by firewall and instance)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import describe_field_errors, field_errors_of


ANY_PREFIX = {"IPv4": "0.0.0.0/0", "IPv6": "::/0"}


def rule_options() -> dict[str, Any]:
    """Argument spec of one rule (``options`` of the ``rules`` / ``security_rules`` list)."""
    return {
        "direction": {"type": "str", "choices": ["ingress", "egress"], "default": "ingress"},
        "ethertype": {"type": "str", "choices": ["IPv4", "IPv6"], "default": "IPv4"},
        "protocol": {"type": "str", "required": True},
        "port_range_min": {"type": "int"},
        "port_range_max": {"type": "int"},
        "remote_ip_prefix": {"type": "str"},
    }


def with_defaults(rule: Mapping[str, Any]) -> dict[str, Any]:
    """A rule as the user wrote it plus the documented defaults (ingress, IPv4, every address, one port)."""
    body = {k: v for k, v in dict(rule).items() if v is not None}
    body.setdefault("direction", "ingress")
    body.setdefault("ethertype", "IPv4")
    body.setdefault("remote_ip_prefix", ANY_PREFIX.get(body["ethertype"], "0.0.0.0/0"))
    if body.get("port_range_min") is not None and body.get("port_range_max") is None:
        body["port_range_max"] = body["port_range_min"]
    return body


def canonical_rule(rule: Mapping[str, Any] | Any) -> dict[str, Any]:
    """One rule in the shared client's canonical form (defaults filled in, protocol lower-case, CIDR canonical)."""
    from shared_client.normalise import RULE_KEYS, canonical_rule as canonical_tuple

    return dict(zip(RULE_KEYS, canonical_tuple(rule), strict=True))


def rule_key(rule: Mapping[str, Any] | Any) -> tuple[Any, ...]:
    from shared_client.normalise import canonical_rule as canonical_tuple

    return canonical_tuple(rule)


def rule_body(rule: Mapping[str, Any]) -> dict[str, Any]:
    """Request body of a canonical rule (unset ports dropped)."""
    return {k: v for k, v in canonical_rule(rule).items() if v is not None}


def diff_rules(
    existing: Iterable[Mapping[str, Any]], desired: Iterable[Mapping[str, Any]], purge: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(rules to add, existing rules to remove, existing rules kept); multiset semantics on canonical keys."""
    wanted: dict[tuple[Any, ...], int] = {}
    wanted_rules: dict[tuple[Any, ...], dict[str, Any]] = {}
    for rule in desired:
        key = rule_key(rule)
        if key not in wanted:  # a set: duplicates in the input count once
            wanted[key] = 1
            wanted_rules[key] = canonical_rule(rule)
    to_remove: list[dict[str, Any]] = []
    kept: list[dict[str, Any]] = []
    for rule in existing:
        key = rule_key(rule)
        if wanted.get(key, 0) > 0:
            wanted[key] -= 1
            kept.append(dict(rule))
        elif purge:
            to_remove.append(dict(rule))
        else:
            kept.append(dict(rule))
    to_add = [wanted_rules[key] for key, left in wanted.items() if left > 0]
    return to_add, to_remove, kept


def validate_rules(resource: Any, option: str, rules: list[Mapping[str, Any]] | None) -> list[dict[str, Any]] | None:
    """Canonical rules; fail naming ``option[i].field`` when the shared client's RuleSpec rejects one."""
    if rules is None:
        return None
    from shared_client.models import RuleSpec

    out: list[dict[str, Any]] = []
    for index, rule in enumerate(rules):
        body = with_defaults(rule)
        try:
            RuleSpec(**body)
        except Exception as err:
            fe = field_errors_of(err)
            if not fe:
                resource.fail(f"Invalid input: option '{option}[{index}]': {err}")
            fe = {f"{option}.{index}.{k}": v for k, v in fe.items()}
            resource.fail(f"Invalid input: {describe_field_errors(fe, {})}")
        out.append(canonical_rule(rule))
    return out
