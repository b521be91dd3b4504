"""``InstanceSecurityRule``: one security rule on an instance (any change replaces it)."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import pulumi

from pulumi_barrack._provider import Field, RelationProvider, model_dict, non_empty_str
from pulumi_barrack._resource import BarrackResource, TimeoutsArgs
from shared_client.models.rule import RuleSpec
from shared_client.resources.relations import SECURITY_RULE
from shared_client.rules import RULE_KEYS, canonical_rule


class InstanceSecurityRuleProvider(RelationProvider):
    """Adds one rule to an instance; the id is ``<instance_id>/<rule_id>``."""

    spec = SECURITY_RULE

    @classmethod
    def request_model(cls) -> type[RuleSpec]:
        return RuleSpec  # the rule itself; the instance is the separate replace-only input instance_id

    model_inputs = RULE_KEYS
    fields: ClassVar[dict[str, Field]] = {"instance_id": Field("replace", validate=non_empty_str)}
    required = ("instance_id", "protocol")
    read_only_keys = ("rule_id", "status")

    @classmethod
    def adjust_changes(cls, old: dict[str, Any], new: dict[str, Any], changed: list[str]) -> list[str]:
        rule_changes = [k for k in changed if k in RULE_KEYS]
        if rule_changes and canonical_rule(old) == canonical_rule({**old, **{k: new[k] for k in rule_changes}}):
            return [k for k in changed if k not in RULE_KEYS]
        return changed

    def canonical_inputs(self, inputs: dict[str, Any], unknown: set[str]) -> None:
        from shared_client.rules import rule_with_defaults

        super().canonical_inputs(inputs, unknown)
        if not unknown:
            inputs.update(rule_with_defaults(self.request_data(inputs)))

    def read_only(self, model: Any) -> dict[str, Any]:
        d = model_dict(model)
        return {"rule_id": str(d.get("id")), "status": d.get("status")}


@dataclasses.dataclass
class InstanceSecurityRuleArgs:
    """Inputs of an :class:`InstanceSecurityRule` (each one is described on :class:`InstanceSecurityRule`)."""

    instance_id: pulumi.Input[str] | None = None
    direction: pulumi.Input[str] | None = None
    protocol: pulumi.Input[str] | None = None
    ethertype: pulumi.Input[str] | None = None
    port_range_min: pulumi.Input[int] | None = None
    port_range_max: pulumi.Input[int] | None = None
    remote_ip_prefix: pulumi.Input[str] | None = None
    adopt: pulumi.Input[bool] | None = None
    timeouts: pulumi.Input[TimeoutsArgs] | None = None


class InstanceSecurityRule(BarrackResource, module="barrack", name="InstanceSecurityRule"):
    """A security rule on an instance (do not combine with the instance's inline ``security_rules``)."""

    provider_class = InstanceSecurityRuleProvider
    instance_id: pulumi.Output[str]
    direction: pulumi.Output[str]
    protocol: pulumi.Output[str]
    ethertype: pulumi.Output[str | None]
    port_range_min: pulumi.Output[int | None]
    port_range_max: pulumi.Output[int | None]
    remote_ip_prefix: pulumi.Output[str | None]
    rule_id: pulumi.Output[str]
    status: pulumi.Output[str | None]

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
    ) -> None:
        """One security rule on an instance; any change replaces the rule (the new one is added first).

        :param resource_name: the Pulumi resource name.
        :param args: the inputs as an :class:`InstanceSecurityRuleArgs` (keyword inputs win over it).
        :param opts: resource options.
        :param instance_id: the instance. Required.
        :param direction: ``ingress`` or ``egress``. Required.
        :param protocol: ``tcp``, ``udp``, ``icmp``, ``any``, ... (see ``get_firewall_protocols``). Required.
        :param ethertype: ``IPv4`` or ``IPv6`` (the shared client's default when unset).
        :param port_range_min: first port (1-65535; tcp/udp only).
        :param port_range_max: last port (1-65535, at least ``port_range_min``).
        :param remote_ip_prefix: a CIDR such as ``0.0.0.0/0`` (compared in canonical form).
        :param adopt: take over an identical existing rule instead of adding one.
        :param timeouts: seconds create/delete may wait (:class:`TimeoutsArgs`).
        """
        self._setup(resource_name, args, opts, locals())
