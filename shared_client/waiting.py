"""Waiting: polling with capped backoff against one deadline shared by all steps of an operation."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any, TypeVar

from shared_client import contract, errors

T = TypeVar("T")

Target = str | Collection[str] | Callable[[Any], bool]


class Deadline:
    """An absolute point in time shared by the steps of one operation (`clock`: monotonic seconds, injectable)."""

    __slots__ = ("at", "clock", "seconds")

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self.at = clock() + seconds

    def remaining(self) -> float:
        return max(0.0, self.at - self.clock())

    @property
    def expired(self) -> bool:
        return self.clock() >= self.at

    def __repr__(self) -> str:
        return f"Deadline(remaining={self.remaining():.1f}s)"


@dataclass(frozen=True)
class WaitPolicy:
    """Poll interval: `initial`, times `factor` after each poll, capped at `cap` (how late a wait notices a change);
    after `slow_after` seconds the cap is `slow_cap` (long operations poll less). +/-`jitter` spreads waiters."""

    initial: float = 0.1
    factor: float = 1.5
    cap: float = 0.4
    slow_after: float = 60.0
    slow_cap: float = 5.0
    jitter: float = 0.1
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)

    def next_delay(self, previous: float | None, elapsed: float) -> float:
        """The next base delay (without jitter) after `previous`, `elapsed` seconds into the wait."""
        delay = self.initial if previous is None else previous * self.factor
        return min(self.cap if elapsed < self.slow_after else max(self.cap, self.slow_cap), delay)

    def jittered(self, delay: float) -> float:
        return delay * (1.0 + random.uniform(-self.jitter, self.jitter)) if self.jitter else delay


def matcher(target: Target) -> tuple[Callable[[Any], bool], bool, str]:
    """(predicate, error_is_target, description) for a status, a set of statuses, or a predicate."""
    if callable(target):
        return target, False, getattr(target, "__name__", "condition")
    wanted = frozenset({target}) if isinstance(target, str) else frozenset(target)
    return (
        (lambda obj: getattr(obj, "status", None) in wanted),
        bool(wanted & contract.ERROR_STATUSES),
        (" or ".join(sorted(wanted))),
    )


def wait_until(
    fetch: Callable[[], T],
    target: Target,
    *,
    deadline: Deadline,
    policy: WaitPolicy,
    what: str,
) -> T:
    """Poll `fetch()` until `target` holds. ERROR fails at once (ResourceFailed); the deadline gives WaitTimeout."""
    ok, error_wanted, desc = matcher(target)
    last: T | None = None
    started = deadline.clock()
    delay: float | None = None
    while True:
        last = fetch()
        if ok(last):
            return last
        status = getattr(last, "status", None)
        if status in contract.ERROR_STATUSES and not error_wanted:
            raise errors.ResourceFailed(f"{what} is in status {status} while waiting for {desc}", last=last)
        remaining = deadline.remaining()
        if remaining <= 0:
            raise errors.WaitTimeout(
                f"timed out after {deadline.seconds:g}s waiting for {what} to be {desc} (last status: {status})",
                last=last,
            )
        delay = policy.next_delay(delay, deadline.clock() - started)
        policy.sleep(min(policy.jittered(delay), remaining))
