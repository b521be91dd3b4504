"""Per-state billing: hourly rates, lazy accrual against the balance, billing records and prices."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from barrack_emulator.catalogue import (
    ACCOUNT_CURRENCY,
    CURRENCIES,
    GPU_MODELS,
    HIBERNATED_RATE,
    HOURS_PER_MONTH,
    SNAPSHOT_PRICE_GB_HOUR,
    VOLUME_TYPES,
)

if TYPE_CHECKING:
    from barrack_emulator.state import Store

FULL_RATE_INSTANCE = frozenset({"ACTIVE", "SHUTOFF"})
BILLED_VOLUME = frozenset({"available", "in-use"})
BILLED_SNAPSHOT = frozenset({"SUCCESS"})


def instance_hourly(gpu_model: str, gpu_count: int) -> float:
    """Full hourly rate of an instance in USD."""
    return round(float(GPU_MODELS[gpu_model]["price_usd"]) * gpu_count, 6)


def volume_month_prices(volume_type: str) -> dict[str, float]:
    """Price per GB-month in every currency: the documented ones, the rest converted from USD."""
    documented: dict[str, float] = VOLUME_TYPES[volume_type]["price_gb_month"]
    usd = documented["USD"]
    return {cur: round(documented.get(cur, usd * factor), 6) for cur, factor in CURRENCIES.items()}


def volume_hour_prices(volume_type: str) -> dict[str, float]:
    """Price per GB-hour in every currency (monthly / 730)."""
    return {cur: round(p / HOURS_PER_MONTH, 9) for cur, p in volume_month_prices(volume_type).items()}


def volume_hourly(volume_type: str, size_gb: int, currency: str = ACCOUNT_CURRENCY) -> float:
    """Hourly rate of a volume: its GB-month price / 730 x size."""
    return volume_month_prices(volume_type)[currency] / HOURS_PER_MONTH * size_gb


def rate(kind: str, res: dict[str, Any]) -> float:
    """The hourly rate of a resource in its current status (transitional and ERROR states are free)."""
    status = res.get("status")
    if kind == "instances":
        if status in FULL_RATE_INSTANCE:
            return float(res["billing"]["hourly_rate"])
        return HIBERNATED_RATE if status == "HIBERNATED" else 0.0
    if kind == "volumes":
        return volume_hourly(res["volume_type"], res["size_gb"]) if status in BILLED_VOLUME else 0.0
    if kind == "snapshots":
        return (
            SNAPSHOT_PRICE_GB_HOUR.get(res.get("_tier", "legacy"), 0.0) * res["size_gb"]
            if status in BILLED_SNAPSHOT
            else 0.0
        )
    return 0.0


def open_account(kind: str, res: dict[str, Any], now: float) -> None:
    """Start billing a new resource."""
    res["_bill"] = {"since": now, "rate": rate(kind, res), "hours": 0.0, "amount": 0.0, "start": now}


def accrue(store: Store, res: dict[str, Any], at: float) -> None:
    """Charge a resource from its last accrual up to ``at`` at its current rate."""
    bill = res.get("_bill")
    if bill is None:
        return
    dt = at - bill["since"]
    if dt <= 0:
        return
    if bill["rate"] > 0:
        hours = dt / 3600.0
        amount = bill["rate"] * hours
        bill["hours"] += hours
        bill["amount"] += amount
        store.balance -= amount
    bill["since"] = at


def rerate(kind: str, store: Store, res: dict[str, Any]) -> None:
    """Recompute the rate after a change of size or status (accrue first)."""
    if "_bill" in res:
        accrue(store, res, store.now())
        res["_bill"]["rate"] = rate(kind, res)


def record(kind: str, res: dict[str, Any], closed: bool = False) -> dict[str, Any]:
    """A billing record of one resource."""
    from barrack_emulator.envelope import iso

    bill = res["_bill"]
    rid = res["instance_id"] if kind == "instances" else res["id"]
    name = res.get("vm_name") if kind == "instances" else res.get("name")
    return {
        "resource_id": rid,
        "resource_type": kind[:-1],
        "name": name,
        "status": "DELETED" if closed else res.get("status"),
        "hours": round(bill["hours"], 4),
        "amount": round(bill["amount"], 6),
        "currency": ACCOUNT_CURRENCY,
        "period_start": iso(bill["start"]),
    }


def records(store: Store, kind: str) -> list[dict[str, Any]]:
    """All billing records of a kind: live resources then deleted ones."""
    store.settle()
    live = [record(kind, r) for r in store.res[kind].values() if "_bill" in r]
    return live + list(store.closed_billing.get(kind, []))


def summary(store: Store, kind: str, recs: list[dict[str, Any]]) -> dict[str, Any]:
    """The `summary` beside a billing list (`BillingSummary`; `VolumeBillingSummary` adds sizes per type)."""
    from barrack_emulator.envelope import iso

    totals: dict[str, float] = {}
    for r in recs:
        totals[r["currency"]] = round(totals.get(r["currency"], 0.0) + r["amount"], 6)
    starts = [r["period_start"] for r in recs if r.get("period_start")]
    out: dict[str, Any] = {
        "total_amount": round(sum(r["amount"] for r in recs), 6),
        "currency": ACCOUNT_CURRENCY,
        "total_hours": round(sum(r["hours"] for r in recs), 4),
        "record_count": len(recs),
        "totals_by_currency": totals or {ACCOUNT_CURRENCY: 0.0},
        "period_start": min(starts) if starts else None,
        "period_end": iso(store.now()),
    }
    if kind == "volumes":
        by_type: dict[str, float] = {}
        for v in store.res["volumes"].values():
            by_type[v["volume_type"]] = by_type.get(v["volume_type"], 0) + v["size_gb"]
        out["total_size_gb"] = sum(by_type.values())
        out["size_gb_by_type"] = by_type
    return out


def prices(usd: float) -> dict[str, float]:
    """A USD price in every supported currency."""
    return {cur: round(usd * factor, 6) for cur, factor in CURRENCIES.items()}
