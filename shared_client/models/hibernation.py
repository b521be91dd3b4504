"""Hibernated instances (`GET /instances/hibernated/`): schema names D, fields I."""

from __future__ import annotations

from pydantic import Field

from shared_client.models.base import InstanceKeyed, ReadModel


class RecentHibernation(InstanceKeyed):
    """One recently hibernated instance (`RecentHibernation`)."""

    region: str | None = None
    status: str | None = None
    hibernated_at: str | None = None


class HibernationBillingMetrics(ReadModel):
    """What hibernation costs and saves per hour (`HibernationBillingMetrics`; D: 0.01 per hour hibernated)."""

    hibernated_hourly_rate: float | None = None
    total_hourly_cost: float | None = None
    full_hourly_rate: float | None = None
    hourly_savings: float | None = None
    currency: str | None = None


class GetHibernatedVMsResponse(ReadModel):
    """`{count, recent_hibernations[], billing_metrics}` (`GetHibernatedVMsResponse`)."""

    count: int = 0
    recent_hibernations: list[RecentHibernation] = Field(default_factory=list)
    billing_metrics: HibernationBillingMetrics | None = None
