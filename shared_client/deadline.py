"""The call's total deadline, enforced on every socket operation of the HTTP connection pool.

httpx's timeouts bound each socket read, not a whole response: a server that drips one byte every half second
never trips one. The transport sets the call's deadline (:func:`deadline`, a context variable) and the pool's
:class:`DeadlineBackend` clips every connect, read and write timeout to the time left.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

import httpcore

from shared_client._httpx import httpx

_DEADLINE: ContextVar[float | None] = ContextVar("barrack_call_deadline", default=None)


@contextlib.contextmanager
def deadline(at: float) -> Iterator[None]:
    """Socket operations inside the block end by monotonic time `at`."""
    token = _DEADLINE.set(at)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def clip(timeout: float | None, exc: type[Exception]) -> float | None:
    """`timeout` shortened to the time left before the deadline; `exc` when none is left."""
    at = _DEADLINE.get()
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise exc("the call's total time budget is spent")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A network stream whose operations respect the current deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, clip(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, clip(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        tls = self._inner.start_tls(ssl_context, server_hostname, clip(timeout, httpcore.ConnectTimeout))
        return DeadlineStream(tls)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """Wraps httpcore's network backend: every stream it opens is a :class:`DeadlineStream`."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(
            host, port, clip(timeout, httpcore.ConnectTimeout), local_address, socket_options
        )
        return DeadlineStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_unix_socket(path, clip(timeout, httpcore.ConnectTimeout), socket_options)
        return DeadlineStream(stream)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def install(transport: httpx.HTTPTransport) -> bool:
    """Put :class:`DeadlineBackend` under `transport`'s pool; False when this httpcore keeps it elsewhere (a test
    asserts it is installed, so an upgrade that moves it fails loudly)."""
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if pool is None or not isinstance(backend, httpcore.NetworkBackend):
        return False
    if not isinstance(backend, DeadlineBackend):
        pool._network_backend = DeadlineBackend(backend)
    return True


def deadline_transport(verify: Any) -> httpx.HTTPTransport:
    """httpx's default transport (same TLS settings) with the deadline-aware backend."""
    transport = httpx.HTTPTransport(verify=verify)
    install(transport)
    return transport
