"""Per-state billing: hourly rates, lazy accrual against the balance, billing records and prices."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from barrack_emulator.catalogue import CURRENCIES, GPU_MODELS, HOURS_PER_MONTH, VOLUME_TYPES
from barrack_emulator.envelope import iso

if TYPE_CHECKING:
    from barrack_emulator.kinds import Kind
    from barrack_emulator.state import Store


def convert(usd: float, currency: str) -> float:
    """A USD amount in `currency` (the conversion factors are an emulator assumption)."""
    return usd * CURRENCIES[currency]


def instance_hourly(gpu_model: str, gpu_count: int, currency: str = "USD") -> float:
    """Full hourly rate of an instance in `currency`."""
    return round(convert(float(GPU_MODELS[gpu_model]["price_usd"]) * gpu_count, currency), 6)


def volume_month_prices(volume_type: str) -> dict[str, float]:
    """Price per GB-month in every currency: the documented ones, the rest converted from USD."""
    documented: dict[str, float] = VOLUME_TYPES[volume_type]["price_gb_month"]
    usd = documented["USD"]
    return {cur: round(documented.get(cur, usd * factor), 6) for cur, factor in CURRENCIES.items()}


def volume_hour_prices(volume_type: str) -> dict[str, float]:
    """Price per GB-hour in every currency (monthly / 730)."""
    return {cur: round(p / HOURS_PER_MONTH, 9) for cur, p in volume_month_prices(volume_type).items()}


def volume_hourly(volume_type: str, size_gb: int, currency: str) -> float:
    """Hourly rate of a volume: its GB-month price / 730 x size."""
    return volume_month_prices(volume_type)[currency] / HOURS_PER_MONTH * size_gb


def rate(store: Store, kind: str, res: dict[str, Any]) -> float:
    """The hourly rate of a resource in its current status, size and the account currency (the kind's `rate`)."""
    rate_of = store.kinds[kind].rate
    return rate_of(res, store.currency) if rate_of else 0.0


class Ledger:
    """Running totals over the live billing accounts, so what they have cost up to a time is O(1) whatever the
    number of resources: ``amount`` (folded charges), ``rate`` (per hour) and ``weighted`` (rate x (since - T0)).
    Every change of an account goes through `add` (sign -1 before, +1 after)."""

    T0 = 1_700_000_000.0  # keeps the weighted sum small (precision)

    def __init__(self) -> None:
        self.amount = 0.0
        self.rate = 0.0
        self.weighted = 0.0

    def add(self, bill: dict[str, Any], sign: float = 1.0) -> None:
        self.amount += sign * bill["amount"]
        self.rate += sign * bill["rate"]
        self.weighted += sign * bill["rate"] * (bill["since"] - self.T0)

    def cost(self, at: float) -> float:
        """What the live accounts have cost up to `at` (every account's ``since`` is at or before it)."""
        return self.amount + (self.rate * (at - self.T0) - self.weighted) / 3600.0


def open_account(store: Store, kind: str, res: dict[str, Any], now: float) -> None:
    """Start billing a new resource."""
    bill = {"since": now, "rate": rate(store, kind, res), "hours": 0.0, "amount": 0.0, "start": now}
    res["_bill"] = bill
    store.ledger.add(bill)


def charged(bill: dict[str, Any], at: float) -> tuple[float, float]:
    """(billed hours, amount) of a billing account up to ``at``, without changing it."""
    dt = at - bill["since"]
    if dt <= 0 or bill["rate"] <= 0:
        return bill["hours"], bill["amount"]
    hours = dt / 3600.0
    return bill["hours"] + hours, bill["amount"] + bill["rate"] * hours


def accrue(store: Store, res: dict[str, Any], at: float) -> None:
    """Fold the charge since the last accrual into the account (done before its rate changes). The balance is not
    touched: it is derived (``Store.balance``), so a read never writes every billable resource."""
    bill = res.get("_bill")
    if bill is None or at <= bill["since"]:
        return
    store.ledger.add(bill, -1.0)
    bill["hours"], bill["amount"] = charged(bill, at)
    bill["since"] = at
    store.ledger.add(bill)


def set_rate(store: Store, kind: str, res: dict[str, Any]) -> None:
    """Give an (accrued) account the rate of the resource's current status, size and currency."""
    bill = res["_bill"]
    store.ledger.add(bill, -1.0)
    bill["rate"] = rate(store, kind, res)
    store.ledger.add(bill)


def rerate(kind: str, store: Store, res: dict[str, Any]) -> None:
    """Recompute the rate after a change of size, status or currency (accrue first)."""
    if "_bill" in res:
        accrue(store, res, store.now())
        set_rate(store, kind, res)


def record(kind: Kind, res: dict[str, Any], currency: str, at: float, closed: bool = False) -> dict[str, Any]:
    """A billing record of one resource, charged up to ``at``."""
    hours, amount = charged(res["_bill"], at)
    return {
        "resource_id": res[kind.id_field],
        "resource_type": kind.name[:-1],
        "name": res.get(kind.name_field),
        "status": "DELETED" if closed else res.get("status"),
        "hours": round(hours, 4),
        "amount": round(amount, 6),
        "currency": currency,
        "period_start": iso(res["_bill"]["start"]),
    }


def records(store: Store, kind: str) -> list[dict[str, Any]]:
    """All billing records of a kind: live resources then deleted ones."""
    now = store.now()
    live = [record(store.kinds[kind], r, store.currency, now) for r in store.res[kind].values() if "_bill" in r]
    return live + list(store.closed_billing.get(kind, []))


def summary(store: Store, kind: str, recs: list[dict[str, Any]]) -> dict[str, Any]:
    """The `summary` beside a billing list (`BillingSummary`; `VolumeBillingSummary` adds sizes per type)."""
    totals: dict[str, float] = {}
    for r in recs:
        totals[r["currency"]] = round(totals.get(r["currency"], 0.0) + r["amount"], 6)
    starts = [r["period_start"] for r in recs if r.get("period_start")]
    out: dict[str, Any] = {
        "total_amount": round(sum(r["amount"] for r in recs), 6),
        "currency": store.currency,
        "total_hours": round(sum(r["hours"] for r in recs), 4),
        "record_count": len(recs),
        "totals_by_currency": totals or {store.currency: 0.0},
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
