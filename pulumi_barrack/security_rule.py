"""``InstanceSecurityRule``: one security rule on an instance (any change replaces it)."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import pulumi
import pulumi.dynamic

from pulumi_barrack import _values as norm
from pulumi_barrack._provider import BarrackProvider, Field, model_dict, non_empty_str
from pulumi_barrack._resource import COMMON_OUTPUTS, TimeoutsArgs, build_props


def _split(rid: str) -> tuple[str, str]:
    instance_id, _, rule_id = rid.partition("/")
    return instance_id, rule_id


class InstanceSecurityRuleProvider(BarrackProvider):
    """Adds one rule to an instance; the id is ``<instance_id>/<rule_id>``."""

    kind = "instance security rule"
    request_model_name = "RuleSpec"
    model_inputs = norm.RULE_KEYS
    fields: ClassVar[dict[str, Field]] = {"instance_id": Field("replace", validate=non_empty_str)}
    required = ("instance_id", "direction", "protocol")

    @classmethod
    def adjust_changes(cls, old: dict[str, Any], new: dict[str, Any], changed: list[str]) -> list[str]:
        rule_changes = [k for k in changed if k in norm.RULE_KEYS]
        if rule_changes and norm.canonical_rule(old) == norm.canonical_rule(
            {**old, **{k: new[k] for k in rule_changes}}
        ):
            return [k for k in changed if k not in norm.RULE_KEYS]
        return changed

    def object_id(self, model: Any, inputs: dict[str, Any]) -> str:
        return f"{inputs['instance_id']}/{model_dict(model).get('id')}"

    def _rules(self, c: Any, instance_id: str) -> list[dict[str, Any]]:
        return list(model_dict(c.instances.get(instance_id)).get("security_rules") or [])

    def find_existing(self, c: Any, inputs: dict[str, Any]) -> Any:
        key = norm.canonical_rule(inputs)
        return next((r for r in self._rules(c, inputs["instance_id"]) if norm.canonical_rule(r) == key), None)

    def create_object(self, c: Any, inputs: dict[str, Any]) -> Any:
        from shared_client.models import RuleSpec

        return c.instances.add_security_rule(inputs["instance_id"], RuleSpec(**self.request_data(inputs)))

    def settle(self, c: Any, rid: str, model: Any, inputs: dict[str, Any], deadline: float) -> Any:
        iid, rule_id = _split(rid)

        def applied(inst: Any) -> bool:
            rule = _find(model_dict(inst).get("security_rules") or [], rule_id)
            return rule is not None and str(rule.get("status") or "SUCCESS").upper() == "SUCCESS"

        inst = c.instances.wait_for(iid, applied, timeout=self.remaining(deadline))
        return _find(model_dict(inst).get("security_rules") or [], rule_id)

    def get_object(self, c: Any, rid: str, given: dict[str, Any]) -> Any:
        iid, rule_id = _split(rid)
        return _find(self._rules(c, iid), rule_id)

    def server_inputs(self, model: Any) -> dict[str, Any]:
        return dict(zip(norm.RULE_KEYS, norm.canonical_rule(model_dict(model)), strict=True))

    def read_only(self, model: Any) -> dict[str, Any]:
        d = model_dict(model)
        return {"rule_id": str(d.get("id")), "status": d.get("status")}

    def delete_object(self, c: Any, rid: str, given: dict[str, Any], deadline: float) -> None:
        from shared_client import errors

        iid, rule_id = _split(rid)
        try:
            c.instances.remove_security_rule(iid, rule_id)
            c.instances.wait_for(
                iid,
                lambda inst: _find(model_dict(inst).get("security_rules") or [], rule_id) is None,
                timeout=self.remaining(deadline),
            )
        except errors.NotFound:
            return


def _find(rules: list[dict[str, Any]], rule_id: str) -> dict[str, Any] | None:
    return next((r for r in rules if str(r.get("id")) == rule_id), None)


@dataclasses.dataclass
class InstanceSecurityRuleArgs:
    """Inputs of an :class:`InstanceSecurityRule`; any change replaces the rule."""

    instance_id: pulumi.Input[str]
    direction: pulumi.Input[str]
    """``ingress`` or ``egress``."""
    protocol: pulumi.Input[str]
    ethertype: pulumi.Input[str] | None = None
    port_range_min: pulumi.Input[int] | None = None
    port_range_max: pulumi.Input[int] | None = None
    remote_ip_prefix: pulumi.Input[str] | None = None
    adopt: pulumi.Input[bool] | None = None
    timeouts: pulumi.Input[TimeoutsArgs] | None = None
    schema_version: pulumi.Input[int] | None = None


class InstanceSecurityRule(pulumi.dynamic.Resource, module="barrack", name="InstanceSecurityRule"):
    """A security rule on an instance (do not combine with the instance's inline ``security_rules``)."""

    instance_id: pulumi.Output[str]
    direction: pulumi.Output[str]
    protocol: pulumi.Output[str]
    ethertype: pulumi.Output[str | None]
    port_range_min: pulumi.Output[int | None]
    port_range_max: pulumi.Output[int | None]
    remote_ip_prefix: pulumi.Output[str | None]
    rule_id: pulumi.Output[str]
    status: pulumi.Output[str | None]
    adopt: pulumi.Output[bool | None]
    timeouts: pulumi.Output[dict[str, float] | None]
    schema_version: pulumi.Output[int]

    def __init__(
        self,
        resource_name: str,
        args: InstanceSecurityRuleArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        instance_id: pulumi.Input[str] | None = None,
        direction: pulumi.Input[str] | None = None,
        protocol: pulumi.Input[str] | None = None,
        ethertype: pulumi.Input[str] | None = None,
        port_range_min: pulumi.Input[int] | None = None,
        port_range_max: pulumi.Input[int] | None = None,
        remote_ip_prefix: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        timeouts: pulumi.Input[TimeoutsArgs] | None = None,
        schema_version: pulumi.Input[int] | None = None,
    ) -> None:
        overrides = {
            "instance_id": instance_id,
            "direction": direction,
            "protocol": protocol,
            "ethertype": ethertype,
            "port_range_min": port_range_min,
            "port_range_max": port_range_max,
            "remote_ip_prefix": remote_ip_prefix,
            "adopt": adopt,
            "timeouts": timeouts,
            "schema_version": schema_version,
        }
        outputs = ("instance_id", *norm.RULE_KEYS, "rule_id", "status", *COMMON_OUTPUTS)
        props = build_props(args, overrides, outputs)
        super().__init__(InstanceSecurityRuleProvider(), resource_name, props, opts)
