"""Read-only sub-clients: regions, GPU specs and stock, OS images, pricing, balance, billing."""

from __future__ import annotations

from typing import Any, TypeVar

from shared_client import contract
from shared_client.errors import BarrackError
from shared_client.models import (
    Balance,
    BillingPage,
    BillingSummary,
    GpuSpec,
    GpuStock,
    OsImage,
    Pricing,
    PricingQuery,
    Region,
    VolumeBillingSummary,
)
from shared_client.models.catalogue import BillingRecord
from shared_client.pagination import iter_items
from shared_client.resources.base import SubClient
from shared_client.transport import Transport

S = TypeVar("S", bound=BillingSummary)


def fetch_billing(transport: Transport, name: str, summary_model: type[S]) -> BillingPage[S]:
    """Read billing list `name` (``instances.billing``, ...): the records of every page and the summary of the
    first page that carries one (it covers the whole list)."""
    pages: list[Any] = []
    records = tuple(BillingRecord.model_validate(rec) for rec in iter_items(transport, name, on_page=pages.append))
    key, dicts = contract.BILLING_SUMMARY_KEY, [page for page in pages if isinstance(page, dict)]
    raw = next((p[key] for p in dicts if isinstance(p.get(key), dict)), None)
    total = next((p["total"] for p in dicts if type(p.get("total")) is int), None)  # not a bool
    summary = summary_model.model_validate(raw) if raw is not None else None
    return BillingPage(records=records, summary=summary, total=total)


class RegionsClient(SubClient):
    attr = "regions"

    def list(self) -> list[Region]:
        return [Region.model_validate(r) for r in iter_items(self._t, "regions.list")]


class GpuSpecsClient(SubClient):
    attr = "gpu_specs"

    def list(self) -> list[GpuSpec]:
        return [GpuSpec.model_validate(g) for g in iter_items(self._t, "gpu_specs.list")]


class GpuStockClient(SubClient):
    attr = "gpu_stock"

    def list(self, region: str | None = None) -> list[GpuStock]:
        stocks = [GpuStock.model_validate(s) for s in iter_items(self._t, "gpu_stock.list")]
        return [s for s in stocks if region is None or s.region == region]


class OsImagesClient(SubClient):
    attr = "os_images"

    def list(self) -> list[OsImage]:
        return [OsImage.model_validate(i) for i in iter_items(self._t, "os_images.list")]


def _pricing(data: Any) -> Pricing:
    if isinstance(data, dict) and isinstance(data.get("pricing_data"), dict):
        data = data["pricing_data"]
    return Pricing.model_validate(data or {})


class PricingClient(SubClient):
    attr = "pricing"

    def get(self, query: PricingQuery | None = None) -> Pricing:
        """POST /pricing/ (D): prices per tier and currency; an `estimate` when the query names a size."""
        return _pricing(self._t.call("pricing.get", json=(query or PricingQuery()).to_body(), idempotent=True))

    def query(self, query: PricingQuery | None = None) -> Pricing:
        """GET /pricing/ (D: listed beside the POST; I: the same fields as query parameters, same answer)."""
        return _pricing(self._t.call("pricing.query", params=(query or PricingQuery()).to_body() or None))

    def hourly_cost(self, gpu_model: str, gpu_count: int, currency: str = "USD") -> float:
        """Hourly price of an instance with `gpu_count` x `gpu_model`, in `currency`."""
        pricing = self.get(PricingQuery(gpu_model=gpu_model, gpu_count=gpu_count, currency=currency))
        if pricing.estimate is not None and pricing.estimate.hourly is not None:
            return float(pricing.estimate.hourly)
        price = pricing.gpu_price(gpu_model, currency)
        if price is None:
            raise BarrackError(f"no {currency} price listed for {gpu_model}")
        return price * gpu_count


class BalanceClient(SubClient):
    attr = "balance"

    def get(self) -> Balance:
        return Balance.model_validate(self._t.call("balance.get"))


class BillingClient(SubClient):
    """Billing of each resource kind: every record (all pages) and the `summary` beside them."""

    attr = "billing"

    def instances(self) -> BillingPage[BillingSummary]:
        return fetch_billing(self._t, "instances.billing", BillingSummary)

    def volumes(self) -> BillingPage[VolumeBillingSummary]:
        return fetch_billing(self._t, "volumes.billing", VolumeBillingSummary)

    def snapshots(self) -> BillingPage[BillingSummary]:
        return fetch_billing(self._t, "snapshots.billing", BillingSummary)
