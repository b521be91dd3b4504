"""The emulator's runtime: settings plus the state store, faults, request log and rate limiter."""

from __future__ import annotations

import os
from dataclasses import dataclass

from barrack_emulator.catalogue import DEFAULT_BALANCE
from barrack_emulator.faults import FaultRegistry
from barrack_emulator.ratelimit import RateLimiter
from barrack_emulator.requestlog import RequestLog
from barrack_emulator.state import Store

DEFAULT_RATE_LIMIT = 500


@dataclass
class Settings:
    """Start-up settings of one emulator."""

    api_keys: tuple[str, ...] = ("test-key",)
    delay_scale: float = 1.0
    rate_limit: int = DEFAULT_RATE_LIMIT
    balance: float = DEFAULT_BALANCE
    state_file: str | os.PathLike[str] | None = None
    currency: str = "USD"
    profile_complete: bool = True
    admin_token: str | None = None


class Emulator:
    """Everything one running emulator holds."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.api_keys = frozenset(k for k in settings.api_keys if k)
        self.store = Store(
            balance=settings.balance,
            delay_scale=settings.delay_scale,
            state_file=settings.state_file,
            currency=settings.currency,
            profile_complete=settings.profile_complete,
        )
        self.faults = FaultRegistry()
        self.log = RequestLog()
        self.limiter = RateLimiter(settings.rate_limit)
        self.route_keys: set[str] = set()

    def configure(
        self,
        *,
        delay_scale: float | None = None,
        rate_limit: int | None = None,
        balance: float | None = None,
        currency: str | None = None,
        profile_complete: bool | None = None,
    ) -> None:
        """Change run-time settings (rate_limit 0 disables the limit). A new currency keeps the balance's number
        unless `balance` is given too; running charges are closed at the old rates first."""
        store = self.store
        with store.lock:
            if delay_scale is not None:
                store.delay_scale = float(delay_scale)
            if rate_limit is not None:
                self.limiter.limit = int(rate_limit)
                self.limiter.reset()
            if currency is not None:
                kept = store.balance
                store.set_currency(currency)
                store.set_balance(kept)
            if balance is not None:
                store.set_balance(balance)
            if profile_complete is not None:
                store.profile_complete = profile_complete

    def config(self) -> dict[str, float | int | str | bool]:
        with self.store.lock:
            return {
                "delay_scale": self.store.delay_scale,
                "rate_limit": self.limiter.limit,
                "balance": round(self.store.balance, 6),
                "currency": self.store.currency,
                "profile_complete": self.store.profile_complete,
            }
