"""Let the dynamic-provider process serve more than 4 provider calls at once.

Pulumi's dynamic-provider process (``python -m pulumi.dynamic``) serves every dynamic resource from a gRPC server
with 4 worker threads, and a call holds its worker until the object is ready. When that process imports
``pulumi_barrack`` (unpickling the first provider), this module raises the pool to :data:`DEFAULT_WORKERS` (or
``$BARRACK_PROVIDER_WORKERS``): only in that process, never lowering it; where no such pool is found (another
Pulumi or grpcio version) it changes nothing and warns once. The engine still bounds concurrency (``--parallel``).
"""

from __future__ import annotations

import gc
import os
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor
from typing import Any

PROVIDER_MAIN = "pulumi.dynamic.__main__"
WORKERS_ENV = "BARRACK_PROVIDER_WORKERS"
DEFAULT_WORKERS = 64
_PROVIDER_SERVICE = "/pulumirpc.ResourceProvider/"


def in_provider_process() -> bool:
    """Whether this process is Pulumi's dynamic-provider process."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return getattr(spec, "name", None) == PROVIDER_MAIN


def wanted_workers(env: dict[str, str] | None = None) -> int:
    """The pool size to raise to: ``$BARRACK_PROVIDER_WORKERS`` when it is a positive integer, else the default."""
    raw = (os.environ if env is None else env).get(WORKERS_ENV, "").strip()
    try:
        value = int(raw or "0")
    except ValueError:
        value = 0
    if raw and value < 1:
        warnings.warn(f"pulumi_barrack: ignoring {WORKERS_ENV}={raw!r} (not a positive integer)", stacklevel=2)
    return value if value > 0 else DEFAULT_WORKERS


def _serves_providers(state: Any) -> bool:
    handlers = [getattr(state, "registered_method_handlers", None) or {}]
    handlers += [getattr(h, "_method_handlers", None) or {} for h in getattr(state, "generic_handlers", None) or ()]
    return any(str(name).startswith(_PROVIDER_SERVICE) for names in handlers for name in names)


def provider_thread_pools() -> list[ThreadPoolExecutor]:
    """The thread pools of this process's gRPC servers that serve ``pulumirpc.ResourceProvider``."""
    try:
        from grpc import _server
    except ImportError:
        return []
    server_class = getattr(_server, "_Server", None)
    if not isinstance(server_class, type):
        return []
    pools = []
    for obj in gc.get_objects():
        if isinstance(obj, server_class):
            state = getattr(obj, "_state", None)
            pool = getattr(state, "thread_pool", None)
            if isinstance(pool, ThreadPoolExecutor) and _serves_providers(state):
                pools.append(pool)
    return pools


def raise_pool(pool: ThreadPoolExecutor, workers: int) -> bool:
    """Raise ``pool`` to ``workers`` threads (never lower it), starting threads for waiting calls; whether it did."""
    current = getattr(pool, "_max_workers", None)
    if not isinstance(current, int) or current >= workers:
        return False
    pool._max_workers = workers
    adjust = getattr(pool, "_adjust_thread_count", None)
    queue = getattr(pool, "_work_queue", None)
    if callable(adjust) and queue is not None:
        for _ in range(queue.qsize()):
            adjust()
    return True


def raise_provider_workers(workers: int | None = None) -> int | None:
    """In the dynamic-provider process: raise its worker pool to ``workers`` (default :func:`wanted_workers`); the
    pool size afterwards, or None where nothing was done."""
    if not in_provider_process():
        return None
    target = workers if workers is not None else wanted_workers()
    pools = provider_thread_pools()
    if not pools:
        warnings.warn(
            "pulumi_barrack: this Pulumi/grpcio version has no dynamic-provider worker pool to raise; provider calls "
            "keep running at most 4 at once",
            RuntimeWarning,
            stacklevel=2,
        )
        return None
    for pool in pools:
        raise_pool(pool, target)
    return max(int(getattr(pool, "_max_workers", 0)) for pool in pools)


raise_provider_workers()
