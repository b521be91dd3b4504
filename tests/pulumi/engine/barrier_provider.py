"""A dynamic provider whose ``check`` waits until ``CALLS`` checks run at once (test_pulumi_parallelism.py).

Pickled by reference: the provider process imports this module from its working directory, and with it
``pulumi_barrack`` (as a real stack's first Barrack provider does), which raises the process's worker pool.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from pulumi.dynamic import CheckResult, ResourceProvider

import pulumi_barrack  # noqa: F401  (importing it is what raises the pool)
from pulumi_barrack import _parallelism

CALLS = 20
_barrier = threading.Barrier(CALLS, timeout=float(os.environ.get("BARRIER_TIMEOUT", "60")))


class BarrierProvider(ResourceProvider):
    """``check`` returns whether all ``CALLS`` concurrent checks met, and the provider process's pool size."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        try:
            _barrier.wait()
            met = True
        except threading.BrokenBarrierError:
            met = False
        pools = _parallelism.provider_thread_pools()
        workers = max((getattr(p, "_max_workers", 0) for p in pools), default=0)
        return CheckResult({**news, "met": met, "workers": workers}, [])
