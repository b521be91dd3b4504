"""Process-level connection settings and client factory for the dynamic providers and lookup functions.

Provider objects are pickled into Pulumi state, so they never hold the API key or a client: ``configure()`` stores
the stack's ``barrack:`` config here (module globals are not pickled) and each call gets a :func:`client`; unset
settings fall back to the shared client's environment variables.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from pulumi_barrack._version import USER_AGENT

if TYPE_CHECKING:
    from shared_client import BarrackClient

CONFIG_KEYS = {
    "apiKey": "api_key",
    "apiUrl": "base_url",
    "authHeader": "auth_header",
    "authScheme": "auth_scheme",
    "timeout": "timeout",
    "verifyTls": "verify",
    "allowInsecureHttp": "allow_insecure_http",
}
"""Stack config ``barrack:<key>`` -> ``shared_client.ClientSettings`` field."""

_lock = threading.Lock()
_config: dict[str, str] = {}
_local = threading.local()


def set_config(config: Mapping[str, Any]) -> None:
    """Remember the ``barrack:`` stack config of this process (keys without the namespace; empty = unset)."""
    with _lock:
        _config.clear()
        _config.update({k: v for k, v in config.items() if k in CONFIG_KEYS and isinstance(v, str) and v})


def set_credentials(api_key: str | None, api_url: str | None) -> None:
    """Shortcut of :func:`set_config` for the key and the URL (tests, embedding)."""
    set_config({"apiKey": api_key, "apiUrl": api_url})


def settings(config: Mapping[str, str] | None = None) -> Any:
    """``ClientSettings`` from the given (or the configured) stack config; unset values use the environment."""
    from shared_client.models import ClientSettings

    with _lock:
        values = dict(_config if config is None else config)
    return ClientSettings(**{CONFIG_KEYS[k]: v for k, v in values.items() if k in CONFIG_KEYS})


def client() -> BarrackClient:
    """A client for the configured settings, cached per thread (provider calls run on several gRPC threads)."""
    from shared_client import BarrackClient

    with _lock:
        cfg = dict(_config)
    cache: dict[tuple[tuple[str, str], ...], BarrackClient] | None = getattr(_local, "clients", None)
    if cache is None:
        cache = _local.clients = {}
    key = tuple(sorted(cfg.items()))
    if key not in cache:
        cache[key] = BarrackClient.from_settings(settings(cfg), user_agent=USER_AGENT)
    return cache[key]


@contextmanager
def program_client() -> Iterator[BarrackClient]:
    """A client for a lookup function: the running program's ``barrack:`` config, else the environment."""
    from shared_client import BarrackClient

    cfg: dict[str, str] = {}
    try:
        from pulumi.runtime import get_config

        for key in CONFIG_KEYS:
            value = get_config(f"barrack:{key}")
            if isinstance(value, str) and value:
                cfg[key] = value
    except Exception:  # not inside a Pulumi program
        cfg = {}
    with BarrackClient.from_settings(settings(cfg), user_agent=USER_AGENT) as c:
        yield c


def reset() -> None:
    """Forget the configured settings and this thread's cached clients (tests)."""
    set_config({})
    cache = getattr(_local, "clients", None)
    if cache:
        for c in cache.values():
            c.close()
        cache.clear()
