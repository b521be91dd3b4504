"""Fault injection: a schedule of faults per HTTP method and contract route template.

``slow`` holds a request for ``seconds`` before handling it; ``stall`` holds it until the admin API releases it
(``POST /_emulator/faults/release``, which answers once the released requests are handled) or, as a safety net,
``seconds`` (default 60) pass — so a test decides when a write that outlived its client's timeout lands, without
sleeping.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

FAULT_KINDS = ("status", "drop_after_commit", "slow", "stall", "error_state")
STALL_SECONDS = 60.0  # a stalled request is let go after this long even if nobody releases it
MAX_HOLD_SECONDS = 600.0
FAULT_STATUSES = frozenset({400, 401, 402, 403, 404, 408, 409, 429, 500, 501, 502, 503, 504})
_PARAM = re.compile(r"\{[^}/]*\}")


def normalise_route(route: str) -> str:
    """Canonical form of a route template for matching: no ``/api`` prefix, slashes at both ends, ``{}`` params."""
    route = route.strip()
    if route == "*":
        return route
    if route.startswith("/api/"):
        route = route[4:]
    if not route.startswith("/"):
        route = "/" + route
    if not route.endswith("/"):
        route += "/"
    return _PARAM.sub("{}", route)


@dataclass
class Fault:
    """One scheduled fault; it hits the next ``times`` matching requests."""

    id: int
    method: str
    route: str
    kind: str
    times: int
    params: dict[str, Any] = field(default_factory=dict)
    hits: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The fault's fields (``hits`` last) then its parameters."""
        return {**{k: v for k, v in asdict(self).items() if k != "params"}, **self.params}


class FaultError(ValueError):
    """A fault definition the admin API rejects."""


@dataclass
class _Held:
    """A request held by a ``stall`` fault: ``release`` lets it go on, ``done`` is set once it has been handled."""

    fault_id: int
    release: asyncio.Event = field(default_factory=asyncio.Event)
    done: asyncio.Event = field(default_factory=asyncio.Event)


class FaultRegistry:
    """Thread-safe fault schedule, plus the requests ``stall`` faults hold (those live on the server's event loop)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._next = 1
        self._held: list[_Held] = []

    async def hold(self, fault: Fault) -> _Held | None:
        """Hold a request hit by ``fault``: ``slow`` sleeps; ``stall`` waits for :meth:`release` (or its safety
        timeout) and returns the hold, to be passed to :meth:`handled` once the request has been handled."""
        if fault.kind == "slow":
            await asyncio.sleep(float(fault.params["seconds"]))
            return None
        if fault.kind != "stall":
            return None
        held = _Held(fault.id)
        self._held.append(held)
        with contextlib.suppress(TimeoutError):  # the safety release: nobody let it go
            await asyncio.wait_for(held.release.wait(), timeout=float(fault.params["seconds"]))
        if held in self._held:
            self._held.remove(held)
        return held

    @staticmethod
    def handled(held: _Held | None) -> None:
        if held is not None:
            held.done.set()

    def stalled(self) -> int:
        """How many requests are being held by ``stall`` faults right now."""
        return len(self._held)

    async def release(self, timeout: float = 30.0) -> int:
        """Let every held request go on; return how many once they have all been handled (or ``timeout`` passed)."""
        held, self._held = self._held, []
        for item in held:
            item.release.set()
        if held:
            await asyncio.wait_for(asyncio.gather(*(item.done.wait() for item in held)), timeout=timeout)
        return len(held)

    def add(self, method: str, route: str, kind: str, times: int = 1, **params: Any) -> Fault:
        """Validate and schedule a fault."""
        if kind not in FAULT_KINDS:
            raise FaultError(f"kind must be one of {', '.join(FAULT_KINDS)}")
        if not isinstance(times, int) or times < 1:
            raise FaultError("times must be a positive integer")
        clean: dict[str, Any] = {}
        if kind == "status":
            status = params.pop("status", None)
            if status not in FAULT_STATUSES:
                raise FaultError(f"status must be one of {sorted(FAULT_STATUSES)}")
            clean["status"] = status
            retry_after = params.pop("retry_after", None)
            if retry_after is not None and (not isinstance(retry_after, int | float) or retry_after < 0):
                raise FaultError("retry_after must be a non-negative number or null")
            clean["retry_after"] = retry_after
        elif kind == "slow":
            seconds = params.pop("seconds", None)
            if (
                not isinstance(seconds, int | float)
                or isinstance(seconds, bool)
                or not 0 <= seconds <= MAX_HOLD_SECONDS
            ):
                raise FaultError(f"slow needs 0 <= seconds <= {MAX_HOLD_SECONDS:g}")
            clean["seconds"] = float(seconds)
        elif kind == "stall":
            seconds = params.pop("seconds", STALL_SECONDS)
            if not isinstance(seconds, int | float) or isinstance(seconds, bool) or not 0 < seconds <= MAX_HOLD_SECONDS:
                raise FaultError(f"stall needs 0 < seconds <= {MAX_HOLD_SECONDS:g} (the safety release)")
            clean["seconds"] = float(seconds)
        if params:
            raise FaultError(f"unknown fault parameters: {', '.join(sorted(params))}")
        with self._lock:
            fault = Fault(self._next, method.upper(), normalise_route(route), kind, times, clean)
            self._next += 1
            self._faults.append(fault)
        return fault

    def take(self, method: str, route: str) -> Fault | None:
        """The first fault matching a request (consuming one of its hits), else None."""
        if not self._faults:
            return None
        key = normalise_route(route)
        with self._lock:
            for fault in self._faults:
                if fault.method in (method, "*") and fault.route in (key, "*"):
                    fault.hits += 1
                    if fault.hits >= fault.times:
                        self._faults.remove(fault)
                    return fault
        return None

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            return [f.as_dict() for f in self._faults]
