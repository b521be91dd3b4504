"""Fault injection: a schedule of faults per HTTP method and contract route template."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

FAULT_KINDS = ("status", "drop_after_commit", "slow", "error_state")
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
        return {
            "id": self.id,
            "method": self.method,
            "route": self.route,
            "kind": self.kind,
            "times": self.times,
            "hits": self.hits,
            **self.params,
        }


class FaultError(ValueError):
    """A fault definition the admin API rejects."""


class FaultRegistry:
    """Thread-safe fault schedule."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._next = 1

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
            if not isinstance(seconds, int | float) or seconds < 0:
                raise FaultError("slow needs seconds >= 0")
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
