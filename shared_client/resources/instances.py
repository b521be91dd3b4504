"""Instances sub-client: the common operations, create with preflight, security rules, firewalls, billing.

Power actions and workflows live in :mod:`shared_client.resources.power`, volume and firewall attachment in
:mod:`shared_client.resources.attachments`; both are mixed in here.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from typing import Any

from shared_client import errors
from shared_client.ids import check_id
from shared_client.models import (
    BillingPage,
    BillingSummary,
    FirewallRef,
    GetHibernatedVMsResponse,
    Instance,
    InstanceCreate,
    Rule,
    RuleSpec,
)
from shared_client.outcome import Outcome
from shared_client.pagination import iter_items
from shared_client.preflight import Preflight, minimum_balance, stock_options
from shared_client.resources.attachments import AttachmentsMixin
from shared_client.resources.billing import fetch_billing
from shared_client.resources.rule_sync import post_rule, rule_specs, sync_rules
from shared_client.specs import PowerState, rules_applied
from shared_client.waiting import Deadline

__all__ = ["InstancesClient", "PowerState"]

log = logging.getLogger("shared_client")


class InstancesClient(AttachmentsMixin):
    kind = "instances"
    label = "instance"
    model = Instance
    create_model = InstanceCreate

    def create(
        self,
        request: InstanceCreate | None = None,
        /,
        *,
        preflight: bool = False,
        adopt_concurrent: bool = False,
        **values: Any,
    ) -> Instance:
        """Validate, (with `preflight`) check stock and balance, POST, reconcile by name after a lost answer
        (`adopt_concurrent` as in `ResourceClient.create`)."""
        req = self._request(request, values)
        if preflight:
            self.preflight(req).check()
        return self._post_create(req, adopt_concurrent)

    def preflight(self, request: InstanceCreate | None = None, /, **values: Any) -> Preflight:
        """Stock, hourly cost and balance for creating `request` (read-only; `Preflight.check()` raises
        `errors.OutOfStock` / `errors.BalanceTooLow`)."""
        from shared_client.resources.catalogue import BalanceClient, GpuStockClient, PricingClient

        req = self._request(request, values, "preflight")
        stocks = GpuStockClient(self._t, self._wait).list()
        in_stock, options = stock_options(stocks, req.region, req.gpu_model, req.gpu_count)
        balance = BalanceClient(self._t, self._wait).get()
        currency = balance.currency or "USD"
        hourly = PricingClient(self._t, self._wait).hourly_cost(req.gpu_model, req.gpu_count, currency=currency)
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

    # -- security rules -------------------------------------------------------------------------------------------
    def add_security_rule(
        self,
        id: str,
        rule: RuleSpec | dict[str, Any],
        *,
        known_ids: Collection[str] | None = None,
        adopt_concurrent: bool = False,
    ) -> Rule:
        """Add a rule. After a lost answer or a 409 an identical rule is adopted only if it did not exist before
        the attempt (see `rule_sync.post_rule`)."""
        spec = rule_specs([rule], "rule")[0]
        check_id("id", id)
        return post_rule(
            self._t,
            "instances.add_security_rule",
            id,
            spec,
            current=lambda: self.get(id).security_rules,
            known_ids=known_ids,
            adopt_concurrent=adopt_concurrent,
        )

    def set_security_rules(
        self,
        id: str,
        rules: Iterable[RuleSpec | dict[str, Any]],
        *,
        purge: bool = True,
        timeout: float = 600,
        deadline: Deadline | None = None,
        wait: bool = True,
    ) -> Outcome[Instance]:
        """Make the instance's security rules equal `rules` (a set; partial dicts get the rule defaults): missing
        rules are added first, then — with `purge` — the others removed. With `wait`, returns once all are applied."""
        desired = rule_specs(rules)
        dl = deadline or Deadline(timeout)
        inst = self.get(id)
        changed = sync_rules(
            inst.security_rules,
            desired,
            purge=purge,
            add=lambda r, known: self.add_security_rule(id, r, known_ids=known, adopt_concurrent=True),
            remove=lambda rule_id: self.remove_security_rule(id, rule_id),
        )
        if wait:
            inst = self.wait_for(id, lambda i: rules_applied(i.security_rules, desired, purge=purge), deadline=dl)
        elif changed:
            inst = self.get(id)
        return Outcome(inst, changed)

    def remove_security_rule(self, id: str, rule_id: str, *, missing_ok: bool = True) -> None:
        try:
            self._t.call("instances.remove_security_rule", ids={"id": id, "rule_id": rule_id})
        except errors.NotFound:
            if not missing_ok:
                raise

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
