"""Fixed-window rate limit per API key (Hyperstack: 500 requests per minute)."""

from __future__ import annotations

import hashlib
import math
import threading
import time

WINDOW_SECONDS = 60.0


class RateLimiter:
    """Counts requests per key in fixed one-minute windows; ``limit`` 0 disables it."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._windows: dict[str, list[float]] = {}

    def check(self, api_key: str) -> int | None:
        """Count one request; return None when allowed, else the seconds until the window ends (Retry-After)."""
        if self.limit <= 0:
            return None
        key = hashlib.sha256(api_key.encode("utf-8", "replace")).hexdigest()
        now = time.monotonic()
        with self._lock:
            window = self._windows.get(key)
            if window is None or now - window[0] >= WINDOW_SECONDS:
                window = self._windows[key] = [now, 0.0]
            window[1] += 1
            if window[1] <= self.limit:
                return None
            return max(1, math.ceil(window[0] + WINDOW_SECONDS - now))

    def reset(self) -> None:
        with self._lock:
            self._windows.clear()
