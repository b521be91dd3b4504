"""The retry policy: which failures are retried, how long to wait, and the one time budget per call.

- GET, PUT, DELETE: retried on connection errors, timeouts, dropped connections, 429, 500, 502, 503, 504.
- POST: retried only when it provably did not take effect (connect refused or timed out, pool timeout, 429, 503).
  Its other failures are raised ``ambiguous=True``: the sub-client decides from the server's state.
- Backoff: exponential, capped, full jitter; a ``Retry-After`` (seconds or an HTTP date) wins.
"""

from __future__ import annotations

import random
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from shared_client._httpx import httpx
from shared_client.server_clock import parse_http_date

IDEMPOTENT_METHODS = frozenset({"GET", "PUT", "DELETE", "HEAD", "OPTIONS"})


class Decision(Enum):
    """What to do after a failed attempt."""

    RETRY = "retry"  # safe to send again
    AMBIGUOUS = "ambiguous"  # a write may have taken effect: do not blindly resend
    FAIL = "fail"  # a definite answer: raise it


# Exceptions that prove the request never reached the server.
NOT_SENT_EXCEPTIONS: tuple[type[Exception], ...] = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Exceptions no retry can fix.
PERMANENT_EXCEPTIONS: tuple[type[Exception], ...] = (httpx.UnsupportedProtocol, httpx.LocalProtocolError)


def _is_tls_failure(exc: BaseException) -> bool:
    """A TLS handshake failure (e.g. certificate verification) wrapped in an httpx.ConnectError."""
    seen = 0
    cur: BaseException | None = exc
    while cur is not None and seen < 5:
        if isinstance(cur, ssl.SSLError):
            return True
        cur = cur.__cause__ or cur.__context__
        seen += 1
    return False


@dataclass(frozen=True)
class RetryPolicy:
    """Retry settings. `total_budget` on the client bounds the wall time of one call (all attempts)."""

    max_attempts: int = 6
    backoff_base: float = 0.5
    backoff_cap: float = 10.0
    idempotent_statuses: frozenset[int] = frozenset({429, 500, 502, 503, 504})
    post_statuses: frozenset[int] = frozenset({429, 503})
    post_ambiguous_statuses: frozenset[int] = frozenset({500, 502, 504})
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    rng: Callable[[float, float], float] = field(default=random.uniform, repr=False, compare=False)
    clock: Callable[[], float] = field(default=time.monotonic, repr=False, compare=False)  # the budgets' clock

    def decide_status(self, method: str, status: int) -> Decision:
        """Decision for an HTTP error status."""
        if method in IDEMPOTENT_METHODS:
            return Decision.RETRY if status in self.idempotent_statuses else Decision.FAIL
        if status in self.post_statuses:
            return Decision.RETRY
        return Decision.AMBIGUOUS if status in self.post_ambiguous_statuses else Decision.FAIL

    def decide_exception(self, method: str, exc: Exception) -> Decision:
        """Decision for a transport exception (no HTTP answer)."""
        if isinstance(exc, PERMANENT_EXCEPTIONS) or _is_tls_failure(exc):
            return Decision.FAIL  # retrying cannot help (bad URL scheme, certificate not trusted, ...)
        if isinstance(exc, NOT_SENT_EXCEPTIONS):
            return Decision.RETRY
        if not isinstance(exc, httpx.TransportError):
            return Decision.FAIL
        return Decision.RETRY if method in IDEMPOTENT_METHODS else Decision.AMBIGUOUS

    def backoff(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before attempt `attempt + 1` (attempt counts from 1)."""
        if retry_after is not None:
            return max(0.0, retry_after)
        ceiling = min(self.backoff_cap, self.backoff_base * (2 ** (attempt - 1)))
        return self.rng(0.0, ceiling)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """`Retry-After` as seconds from now: delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        when = parse_http_date(value.strip())
    return None if when is None else max(0.0, when - (time.time() if now is None else now))


class Budget:
    """One total time budget (and attempt count) shared by every request of an operation."""

    __slots__ = ("attempts", "clock", "deadline", "started", "total")

    def __init__(self, total: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.total = total
        self.clock = clock
        self.started = clock()
        self.deadline = self.started + total
        self.attempts = 0

    def remaining(self) -> float:
        return self.deadline - self.clock()

    def elapsed(self) -> float:
        return self.clock() - self.started
