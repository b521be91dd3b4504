"""Create preflight for an instance: GPU stock, hourly cost and balance, checked without changing anything."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from shared_client import errors, vocabulary

if TYPE_CHECKING:
    from shared_client.models import GpuStock


@dataclass(frozen=True)
class StockOption:
    """Machines free for `gpu_count` x `gpu_model` in `region`."""

    region: str
    gpu_model: str
    gpu_count: int
    available: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Preflight:
    """What creating `gpu_count` x `gpu_model` in `region` needs. `needed` is the larger of one hour's cost and
    the documented minimum balance; `alternatives` lists what is in stock, closest first."""

    region: str
    gpu_model: str
    gpu_count: int
    hourly_cost: float
    currency: str
    balance: float
    minimum_balance: float
    in_stock: bool
    alternatives: list[StockOption] = field(default_factory=list)

    @property
    def needed(self) -> float:
        return max(self.hourly_cost, self.minimum_balance)

    @property
    def ok(self) -> bool:
        return self.in_stock and self.balance >= self.needed

    def check(self) -> Preflight:
        """Self when the create can go ahead; `errors.OutOfStock` or `errors.BalanceTooLow` otherwise."""
        want = f"{self.gpu_count}x {self.gpu_model}"
        if not self.in_stock:
            listed = "; ".join(
                f"{a.gpu_count}x {a.gpu_model} in {a.region} ({a.available} free)" for a in self.alternatives[:10]
            )
            raise errors.OutOfStock(
                f"no {want} machine is in stock in {self.region}. "
                + (f"In stock: {listed}" if listed else "Nothing is in stock right now."),
                preflight=self,
            )
        if self.balance < self.needed:
            c = self.currency
            raise errors.BalanceTooLow(
                f"balance {self.balance:.2f} {c} is below {self.needed:.2f} {c} needed to create {want} (one hour "
                f"costs {self.hourly_cost:.2f} {c}; minimum balance {self.minimum_balance:.2f} {c}); top up the "
                "account",
                preflight=self,
            )
        return self

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "needed": self.needed}


def stock_options(
    stocks: list[GpuStock], region: str, gpu_model: str, gpu_count: int
) -> tuple[bool, list[StockOption]]:
    """(whether the wanted machine is free, every free configuration ranked closest first)."""
    in_stock = any(s.region == region and s.gpu_model == gpu_model and s.free(gpu_count) > 0 for s in stocks)
    options = []
    for s in stocks:
        for size, free in s.available.items():
            count = str(size).rstrip("x")
            if count.isdigit() and isinstance(free, int) and free > 0:
                options.append(StockOption(s.region, s.gpu_model, int(count), free))
    options.sort(key=lambda a: (a.gpu_model != gpu_model, a.region != region, abs(a.gpu_count - gpu_count), a.region))
    return in_stock, options


def minimum_balance(currency: str) -> float:
    return vocabulary.MIN_BALANCE.get(currency, 0.0)
