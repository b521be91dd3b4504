"""Billing lists with their summary: every record (all pages) plus the `summary` sent beside them."""

from __future__ import annotations

from typing import Any, TypeVar

from shared_client import contract
from shared_client.models.billing import BillingPage, BillingSummary
from shared_client.models.catalogue import BillingRecord
from shared_client.pagination import iter_items
from shared_client.transport import Transport

S = TypeVar("S", bound=BillingSummary)


def fetch_billing(transport: Transport, name: str, summary_model: type[S]) -> BillingPage[S]:
    """Read billing list `name` (``instances.billing``, ...): the records of every page and the summary of the
    first page that carries one (it covers the whole list)."""
    pages: list[Any] = []
    records = tuple(BillingRecord.model_validate(rec) for rec in iter_items(transport, name, on_page=pages.append))
    summary: S | None = None
    total: int | None = None
    for page in pages:
        if not isinstance(page, dict):
            continue
        raw = page.get(contract.BILLING_SUMMARY_KEY)
        if summary is None and isinstance(raw, dict):
            summary = summary_model.model_validate(raw)
        count = page.get("total")
        if total is None and isinstance(count, int) and not isinstance(count, bool):
            total = count
    return BillingPage(records=records, summary=summary, total=total)
