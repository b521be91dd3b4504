"""``Firewall``: a firewall with inline rules (compared as a set, changed in place)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import pulumi

from pulumi_barrack._provider import CrudProvider, model_dict, pick
from pulumi_barrack._resource import BarrackResource, RuleArgs, TimeoutsArgs
from shared_client.resources.firewalls import SPEC as FIREWALLS
from shared_client.rules import canonical_rules
from shared_client.waiting import Deadline


class FirewallProvider(CrudProvider):
    """Dynamic provider for firewalls; rules are added and removed in place (new ones first)."""

    spec = FIREWALLS
    read_only_keys = ("status", "attachments", "created_at")

    def create_object(self, c: Any, inputs: dict[str, Any]) -> Any:
        # Rules are set in settle(), once the firewall's id is known, so a failure there is cleaned up.
        return super().create_object(c, {k: v for k, v in inputs.items() if k != "rules"})

    def settle(self, c: Any, rid: str, model: Any, inputs: dict[str, Any], dl: Deadline) -> Any:
        model = super().settle(c, rid, model, inputs, dl)
        return c.firewalls.set_rules(rid, inputs["rules"], deadline=dl).obj if inputs.get("rules") else model

    def server_inputs(self, model: Any) -> dict[str, Any]:
        d = model_dict(model)
        return {**pick(d, "name", "region", "description"), "rules": canonical_rules(d.get("rules") or [])}


@dataclasses.dataclass
class FirewallArgs:
    """Inputs of a :class:`Firewall` (each one is described on :class:`Firewall`)."""

    name: pulumi.Input[str] | None = None
    region: pulumi.Input[str] | None = None
    description: pulumi.Input[str] | None = None
    rules: pulumi.Input[Sequence[pulumi.Input[RuleArgs | dict[str, Any]]]] | None = None
    adopt: pulumi.Input[bool] | None = None
    timeouts: pulumi.Input[TimeoutsArgs] | None = None


class Firewall(BarrackResource, module="barrack", name="Firewall"):
    """A Barrack firewall with inline rules."""

    provider_class = FirewallProvider
    name: pulumi.Output[str]
    region: pulumi.Output[str]
    description: pulumi.Output[str | None]
    rules: pulumi.Output[list[dict[str, Any]] | None]
    status: pulumi.Output[str]
    attachments: pulumi.Output[list[dict[str, Any]]]
    created_at: pulumi.Output[str]

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
    ) -> None:
        """A firewall. Inputs marked *replaces* make a new firewall when changed (create-before-delete when
        auto-named; an explicit ``name`` deletes the old firewall first).

        :param resource_name: the Pulumi resource name.
        :param args: the inputs as a :class:`FirewallArgs` (keyword inputs win over it).
        :param opts: resource options.
        :param name: 1-50 letters, digits, space, ``-``, ``_``, ``.``, unique per region; default
            ``<resource_name>-<7 chars>`` (a stable auto-name, see docs/pulumi.md). Replaces.
        :param region: e.g. ``CANADA-1``. Required. Replaces.
        :param description: at most 255 characters. Replaces.
        :param rules: the firewall's rules, a set (order and CIDR spelling do not matter; :class:`RuleArgs`). New
            rules are added before old ones are removed. In place.
        :param adopt: take over an existing firewall with this name in the region instead of creating one.
        :param timeouts: seconds create/update/delete may wait (:class:`TimeoutsArgs`).
        """
        self._setup(resource_name, args, opts, locals())
