"""Billing lists: the records with the `summary` the API sends beside them (D by schema name)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import Field

from shared_client.models.base import ReadModel
from shared_client.models.catalogue import BillingRecord


class BillingSummary(ReadModel):
    """Totals of a billing list (`BillingSummary`): amount and hours over every record, per currency and
    period (field names I)."""

    total_amount: float | None = None
    currency: str | None = None
    total_hours: float | None = None
    record_count: int | None = None
    totals_by_currency: dict[str, float] = Field(default_factory=dict)
    period_start: str | None = None
    period_end: str | None = None


class VolumeBillingSummary(BillingSummary):
    """`VolumeBillingSummary`: a billing summary plus the stored size per volume type."""

    total_size_gb: float | None = None
    size_gb_by_type: dict[str, float] = Field(default_factory=dict)


S = TypeVar("S", bound=BillingSummary)


@dataclass(frozen=True, slots=True)
class BillingPage(Generic[S]):
    """Every record of a billing list (all pages) and its `summary` (None when the server sends none).
    Iterating yields the records, so code that looped over the old record iterator keeps working."""

    records: tuple[BillingRecord, ...]
    summary: S | None
    total: int | None = None

    def __iter__(self) -> Iterator[BillingRecord]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: `{records: [...], summary: {...} | None, total}`."""
        return {
            "records": [r.to_dict() for r in self.records],
            "summary": self.summary.to_dict() if self.summary is not None else None,
            "total": self.total,
        }
