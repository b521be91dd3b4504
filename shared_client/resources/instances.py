"""Instances sub-client: create with preflight, security rules, billing, the update order. Power and attachment
workflows are the mixins in :mod:`~shared_client.resources.power` and :mod:`~shared_client.resources.attachments`.

Update order (``SPEC.steps``): 1. **volumes** — the only step that may refuse, and it checks everything before its
first write, so a refusal changes nothing; 2. **firewalls**, 3. **security rules** (each adds before it removes);
4. **public IP**; 5. **power** last, so the instance ends in the desired state whatever the volume step did.
"""

from __future__ import annotations

from typing import Any, Final

from shared_client import errors, vocabulary
from shared_client.models import (
    BillingPage,
    BillingSummary,
    FirewallRef,
    GetHibernatedVMsResponse,
    Instance,
    InstanceCreate,
)
from shared_client.outcome import Outcome
from shared_client.pagination import iter_items
from shared_client.plan import Plan
from shared_client.preflight import Preflight, minimum_balance, stock_options
from shared_client.resources.attachments import AttachmentsMixin
from shared_client.resources.catalogue import fetch_billing
from shared_client.resources.power import PowerMixin
from shared_client.resources.rule_sync import RuleSetClient
from shared_client.specs import INSTANCE_ID, ResourceSpec, UpdateStep
from shared_client.waiting import Deadline

SPEC: Final = ResourceSpec(
    kind="instances",
    label="instance",
    model=Instance,
    create_model=InstanceCreate,
    name_scope="account",
    id_shape=INSTANCE_ID,
    ready=frozenset({"ACTIVE"}),
    busy=vocabulary.INSTANCE_TRANSITIONAL,
    failed=frozenset({"ERROR"}),
    delete_blocked_by="CREATING or BUILD (waited out before the delete)",
    steps=(
        UpdateStep("volumes", ("volume_ids",), needs_stop=True),
        UpdateStep("firewalls", ("firewall_ids",)),
        UpdateStep("security_rules", ("security_rules",)),
        UpdateStep("public_ip", ("public_ip",)),
        UpdateStep("power", ("power_state",)),
    ),
    wire_names={
        "name": "vm_name",
        "gpu_model": "specs.gpu_type",
        "gpu_count": "specs.gpu_count",
        "ssh_key_ids": "ssh_keys[].id",
        "volume_ids": "volume_attachments[].volume_id",
        "firewall_ids": "firewalls[].id",
        "public_ip": "ip_address?",
    },
    server_fields=("instance_id", "created_at", "ip_address", "private_ip"),
)


class InstancesClient(PowerMixin, AttachmentsMixin, RuleSetClient[Instance, InstanceCreate]):
    declared = SPEC
    rule_field = "security_rules"
    rule_endpoints = ("instances.add_security_rule", "instances.remove_security_rule")

    def _apply_create(self, plan: Plan[Instance, InstanceCreate], *, wait: bool, deadline: Deadline) -> Instance:
        inst = self.create(plan.desired, adopt_concurrent=True)
        state = plan.desired.power_state
        with errors.after_write():
            if state not in (None, "running"):
                return self.ensure_power_state(inst.id, state, wait=wait, deadline=deadline).obj
            return self.wait_ready(inst.id, deadline=deadline) if wait else inst

    def _apply_step(
        self, id: str, step: UpdateStep, plan: Plan[Instance, InstanceCreate], *, wait: bool, deadline: Deadline
    ) -> Outcome[Instance]:
        want = plan.desired
        match step.name:
            case "volumes":
                ids = plan.change("volume_ids")
                assert ids is not None and isinstance(ids.new, list)
                return self.set_volumes(id, ids.new, stop_if_needed=plan.stop_if_needed, wait=wait, deadline=deadline)
            case "firewalls":
                ids = plan.change("firewall_ids")
                assert ids is not None and isinstance(ids.new, list)
                return self.set_firewalls(id, ids.new, wait=wait, deadline=deadline)
            case "security_rules":
                rules = want.security_rules or []
                return self.set_security_rules(id, rules, purge=plan.purge, wait=wait, deadline=deadline)
            case "public_ip":
                return self.set_public_ip(id, bool(want.public_ip), wait=wait, deadline=deadline)
            case "power":
                assert want.power_state is not None
                return self.ensure_power_state(id, want.power_state, wait=wait, deadline=deadline)
        return super()._apply_step(id, step, plan, wait=wait, deadline=deadline)

    def create(
        self,
        request: InstanceCreate | None = None,
        /,
        *,
        preflight: bool = False,
        adopt_concurrent: bool = False,
        **values: Any,
    ) -> Instance:
        """`ResourceClient.create`, checking stock and balance first with `preflight`."""
        req = self._request(request, values)
        if preflight:
            self.preflight(req).check()
        return super().create(req, adopt_concurrent=adopt_concurrent)

    def preflight(self, request: InstanceCreate | None = None, /, **values: Any) -> Preflight:
        """Stock, hourly cost and balance for creating `request` (read-only; see `Preflight.check()`)."""
        req = self._request(request, values)
        stocks = self.owner.gpu_stock.list()
        in_stock, options = stock_options(stocks, req.region, req.gpu_model, req.gpu_count)
        balance = self.owner.balance.get()
        currency = balance.currency or "USD"
        hourly = self.owner.pricing.hourly_cost(req.gpu_model, req.gpu_count, currency=currency)
        return Preflight(
            region=req.region,
            gpu_model=req.gpu_model,
            gpu_count=req.gpu_count,
            hourly_cost=float(hourly),
            currency=currency,
            balance=float(balance.balance),
            minimum_balance=minimum_balance(currency),
            in_stock=in_stock,
            alternatives=options,
        )

    add_security_rule = RuleSetClient._add_rule
    remove_security_rule = RuleSetClient._remove_rule
    set_security_rules = RuleSetClient._set_rules

    def firewalls(self, id: str) -> list[FirewallRef]:
        """Firewalls attached to the instance."""
        return list(iter_items(self._t, "instances.firewalls", ids={"id": id}, parse_item=FirewallRef.model_validate))

    def snapshot_eligible(self) -> list[Instance]:
        """Instances a snapshot can be taken of."""
        return list(iter_items(self._t, "instances.snapshot_eligible", parse_item=Instance.model_validate))

    def billing(self) -> BillingPage[BillingSummary]:
        """Every instance billing record and the summary beside them."""
        return fetch_billing(self._t, "instances.billing", BillingSummary)

    def hibernated(self) -> GetHibernatedVMsResponse:
        """How many instances are hibernated, the recent hibernations and what they cost."""
        return GetHibernatedVMsResponse.model_validate(self._t.call("instances.hibernated") or {})
