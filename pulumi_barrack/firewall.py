"""``Firewall``: a firewall with inline rules (compared as a set, changed in place)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, ClassVar

import pulumi
import pulumi.dynamic

from pulumi_barrack._provider import CrudProvider, Field, model_dict, pick, validation_errors
from pulumi_barrack._resource import COMMON_OUTPUTS, RuleArgs, TimeoutsArgs, build_props
from pulumi_barrack._values import canonical_rules, rule_key


def rules_errors(rules: Any, prop: str) -> list[tuple[str, str]]:
    """Validate a list of rules with the shared client's ``RuleSpec``."""
    from shared_client.models import RuleSpec

    if not isinstance(rules, list):
        return [(prop, f"{prop} must be a list of rules")]
    out = []
    for i, rule in enumerate(rules):
        if not isinstance(rule, dict):
            out.append((prop, f"{prop}[{i}] must be a mapping"))
            continue
        for field, msg in validation_errors(RuleSpec, rule):
            out.append((prop, f"{prop}[{i}].{field}: {msg}" if field else f"{prop}[{i}]: {msg}"))
    return out


def rules_settled(rules: Sequence[dict[str, Any]], want: set[str]) -> bool:
    """True when the rule set equals ``want`` and every rule is applied."""
    return {rule_key(r) for r in rules} == want and all(
        str(r.get("status") or "SUCCESS").upper() == "SUCCESS" for r in rules
    )


class FirewallProvider(CrudProvider):
    """Dynamic provider for firewalls; rules are added and removed in place."""

    kind = "firewall"
    sub_client = "firewalls"
    request_model_name = "FirewallCreate"
    ready_status = "SUCCESS"
    find_in_region = True
    unique_name = True
    model_inputs = ("name", "region", "description")
    fields: ClassVar[dict[str, Field]] = {"rules": Field("update", "rules")}
    required = ("name", "region")
    READ_ONLY: ClassVar[tuple[str, ...]] = ("status", "attachments", "created_at")

    def check_more(self, inputs: dict[str, Any], unknown: set[str]) -> list[tuple[str, str]]:
        if "rules" in inputs and "rules" not in unknown:
            return rules_errors(inputs["rules"], "rules")
        return []

    def settle(self, c: Any, rid: str, model: Any, inputs: dict[str, Any], deadline: float) -> Any:
        model = super().settle(c, rid, model, inputs, deadline)
        if inputs.get("rules"):
            self._sync_rules(c, rid, inputs["rules"], deadline)
            model = c.firewalls.get(rid)
        return model

    def server_inputs(self, model: Any) -> dict[str, Any]:
        d = model_dict(model)
        out = pick(d, "name", "region", "description")
        out["rules"] = canonical_rules(d.get("rules") or [])
        return out

    def read_only(self, model: Any) -> dict[str, Any]:
        return pick(model_dict(model), *self.READ_ONLY)

    def apply_updates(
        self, c: Any, rid: str, old: dict[str, Any], new: dict[str, Any], changed: list[str], deadline: float
    ) -> None:
        if "rules" in changed:
            self._sync_rules(c, rid, new.get("rules") or [], deadline)
        rest = [k for k in changed if k != "rules"]
        if rest:
            super().apply_updates(c, rid, old, new, rest, deadline)

    def _sync_rules(self, c: Any, rid: str, desired: Sequence[dict[str, Any]], deadline: float) -> None:
        from shared_client.models import RuleSpec

        want = {rule_key(r): r for r in desired}
        have = {rule_key(r): r for r in model_dict(c.firewalls.get(rid)).get("rules") or []}
        for key, rule in have.items():
            if key not in want and rule.get("id") is not None:
                c.firewalls.remove_rule(rid, str(rule["id"]))
        for key, rule in want.items():
            if key not in have:
                c.firewalls.add_rule(rid, RuleSpec(**rule))
        c.firewalls.wait_for(
            rid, lambda fw: rules_settled(model_dict(fw).get("rules") or [], set(want)), timeout=self.remaining(deadline)
        )


@dataclasses.dataclass
class FirewallArgs:
    """Inputs of a :class:`Firewall`. ``rules`` change in place; everything else replaces."""

    name: pulumi.Input[str]
    region: pulumi.Input[str]
    description: pulumi.Input[str] | None = None
    rules: pulumi.Input[Sequence[pulumi.Input[RuleArgs | dict[str, Any]]]] | None = None
    """Rules compared as a set (order and CIDR spelling do not matter)."""
    adopt: pulumi.Input[bool] | None = None
    timeouts: pulumi.Input[TimeoutsArgs] | None = None
    schema_version: pulumi.Input[int] | None = None


class Firewall(pulumi.dynamic.Resource, module="barrack", name="Firewall"):
    """A Barrack firewall with inline rules."""

    name: pulumi.Output[str]
    region: pulumi.Output[str]
    description: pulumi.Output[str | None]
    rules: pulumi.Output[list[dict[str, Any]] | None]
    status: pulumi.Output[str]
    attachments: pulumi.Output[list[dict[str, Any]]]
    created_at: pulumi.Output[str]
    adopt: pulumi.Output[bool | None]
    timeouts: pulumi.Output[dict[str, float] | None]
    schema_version: pulumi.Output[int]

    def __init__(
        self,
        resource_name: str,
        args: FirewallArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        name: pulumi.Input[str] | None = None,
        region: pulumi.Input[str] | None = None,
        description: pulumi.Input[str] | None = None,
        rules: pulumi.Input[Sequence[pulumi.Input[RuleArgs | dict[str, Any]]]] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        timeouts: pulumi.Input[TimeoutsArgs] | None = None,
        schema_version: pulumi.Input[int] | None = None,
    ) -> None:
        overrides = {
            "name": name,
            "region": region,
            "description": description,
            "rules": rules,
            "adopt": adopt,
            "timeouts": timeouts,
            "schema_version": schema_version,
        }
        outputs = (*FirewallProvider.model_inputs, "rules", *FirewallProvider.READ_ONLY, *COMMON_OUTPUTS)
        super().__init__(FirewallProvider(), resource_name, build_props(args, overrides, outputs), opts)
