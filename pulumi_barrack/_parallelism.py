"""Let the dynamic-provider process serve more than 4 provider calls at once.

Pulumi's dynamic-provider process (``python -m pulumi.dynamic``, one per ``up``/``refresh``/``destroy``) serves
every dynamic resource of the program from a gRPC server whose thread pool is fixed at 4 workers
(``pulumi/dynamic/__main__.py``). A provider call holds its worker for the whole create, including the wait until
the object is ready, so N instances that take minutes each would take about N/4 times as long.

The provider process imports ``pulumi_barrack`` when it unpickles the first Barrack provider; this module then
raises that pool's size to :data:`DEFAULT_WORKERS` (or ``$BARRACK_PROVIDER_WORKERS``). Guards:

- it acts only in the dynamic-provider process (``__main__`` is ``pulumi.dynamic.__main__``), never in a Pulumi
  program, a test or any other process importing the package;
- it only ever raises the pool's size, never lowers it;
- where the mechanism is absent (another Pulumi or grpcio version: no gRPC server with a thread pool found), it
  changes nothing and warns once on stderr, which the Pulumi CLI shows.

The engine still bounds the number of concurrent operations (``pulumi up --parallel``).
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
    if not raw:
        return DEFAULT_WORKERS
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        warnings.warn(f"pulumi_barrack: ignoring {WORKERS_ENV}={raw!r} (not a positive integer)", stacklevel=2)
        return DEFAULT_WORKERS
    return value


def _serves_providers(state: Any) -> bool:
    registered = getattr(state, "registered_method_handlers", None) or {}
    if any(str(name).startswith(_PROVIDER_SERVICE) for name in registered):
        return True
    for handler in getattr(state, "generic_handlers", None) or ():
        names = getattr(handler, "_method_handlers", None) or {}
        if any(str(name).startswith(_PROVIDER_SERVICE) for name in names):
            return True
    return False


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
    """Raise ``pool`` to ``workers`` threads (never lower it) and start threads for calls already waiting.
    Returns whether it changed anything."""
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
    """In the dynamic-provider process: raise its worker pool to ``workers`` (default :func:`wanted_workers`).
    Returns the pool size afterwards, or None where nothing was done (another process, or mechanism absent)."""
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
