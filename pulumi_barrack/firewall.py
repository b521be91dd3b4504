"""``Firewall``: a firewall with inline rules (compared as a set, changed in place)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, ClassVar

import pulumi
import pulumi.dynamic

from pulumi_barrack import _values as norm
from pulumi_barrack._provider import CrudProvider, model_dict, pick
from pulumi_barrack._resource import COMMON_OUTPUTS, RuleArgs, TimeoutsArgs, build_props


def rules_settled(rules: Sequence[dict[str, Any]], want: list[dict[str, Any]]) -> bool:
    """True when the rule set equals ``want`` (canonical) and every rule is applied."""
    return norm.canonical_rules(rules) == want and all(
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
    model_inputs = ("name", "region", "description", "rules")
    required = ("name", "region")
    READ_ONLY: ClassVar[tuple[str, ...]] = ("status", "attachments", "created_at")

    def create_object(self, c: Any, inputs: dict[str, Any]) -> Any:
        from shared_client.models import FirewallCreate

        # Rules are added in settle(), once the firewall's id is known, so a failure there is cleaned up.
        data = {k: v for k, v in self.request_data(inputs).items() if k != "rules"}
        return c.firewalls.create(FirewallCreate(**data))

    def settle(self, c: Any, rid: str, model: Any, inputs: dict[str, Any], deadline: float) -> Any:
        model = super().settle(c, rid, model, inputs, deadline)
        if inputs.get("rules"):
            self._sync_rules(c, rid, inputs["rules"], deadline)
            model = c.firewalls.get(rid)
        return model

    def server_inputs(self, model: Any) -> dict[str, Any]:
        d = model_dict(model)
        out = pick(d, "name", "region", "description")
        out["rules"] = norm.canonical_rules(d.get("rules") or [])
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
        from shared_client.waiting import Deadline

        c.firewalls.set_rules(rid, [RuleSpec(**r) for r in desired], deadline=Deadline(self.remaining(deadline)))
        want = norm.canonical_rules(desired)
        c.firewalls.wait_for(
            rid, lambda fw: rules_settled(model_dict(fw).get("rules") or [], want), timeout=self.remaining(deadline)
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
