"""The request log of /api calls and the counts per "METHOD /route/template/"."""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from typing import Any

MAX_LOG_ENTRIES = 100_000


class RequestLog:
    """Bounded log of API requests plus unbounded counts per route key."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: deque[dict[str, Any]] = deque(maxlen=MAX_LOG_ENTRIES)
        self._counts: Counter[str] = Counter()

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
            self._entries.append(entry)
            self._counts[f"{method} {route or path}"] += 1

    def entries(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._entries)

    def counts(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._counts.clear()
