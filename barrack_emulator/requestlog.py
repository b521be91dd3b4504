"""The request log of /api calls, the counts per "METHOD /route/template/" and the requests in flight."""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from typing import Any

MAX_LOG_ENTRIES = 100_000


class RequestLog:
    """Bounded log of API requests plus unbounded counts per route key, and the number of requests in flight per
    route key with its peak since the last :meth:`clear` (``start`` opens a request, ``add`` closes it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: deque[dict[str, Any]] = deque(maxlen=MAX_LOG_ENTRIES)
        self._counts: Counter[str] = Counter()
        self._in_flight: Counter[str] = Counter()
        self._peak: Counter[str] = Counter()

    def start(self, method: str, route: str | None, path: str) -> None:
        """A request began (the middleware calls this before anything else; ``add`` ends it)."""
        key = f"{method} {route or path}"
        with self._lock:
            self._in_flight[key] += 1
            self._peak[key] = max(self._peak[key], self._in_flight[key])

    def add(
        self, method: str, route: str | None, path: str, status: int | None, request_id: str, fault: str | None = None
    ) -> None:
        entry: dict[str, Any] = {
            "method": method,
            "route": route,
            "path": path,
            "status": status,
            "request_id": request_id,
            "time": time.time(),
        }
        if fault:
            entry["fault"] = fault
        with self._lock:
            key = f"{method} {route or path}"
            self._entries.append(entry)
            self._counts[key] += 1
            if self._in_flight[key] > 0:
                self._in_flight[key] -= 1

    def entries(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._entries)

    def counts(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)

    def in_flight(self) -> dict[str, dict[str, int]]:
        """Requests in flight now and the peak since the last clear, per route key (non-zero entries only)."""
        with self._lock:
            return {
                "in_flight": {k: n for k, n in self._in_flight.items() if n},
                "peak": {k: n for k, n in self._peak.items() if n},
            }

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._counts.clear()
            # requests still in flight keep counting; the peak starts again from them
            self._peak = Counter({k: n for k, n in self._in_flight.items() if n})
