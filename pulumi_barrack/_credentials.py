"""Process-level credential holder and client factory for the dynamic providers.

Provider objects are pickled into Pulumi state, so they must never hold the API key or a client. ``configure()``
stores the stack config here (module globals are not pickled: the provider class is pickled by reference), and
each provider method gets a client from :func:`client`.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Any

from pulumi_barrack._version import USER_AGENT

if TYPE_CHECKING:
    from shared_client import BarrackClient

_lock = threading.Lock()
_settings: dict[str, str | None] = {"api_key": None, "api_url": None}
_local = threading.local()


def set_credentials(api_key: str | None, api_url: str | None) -> None:
    """Remember credentials from stack config for this process (``None`` keeps the env fallback)."""
    with _lock:
        _settings["api_key"] = api_key or None
        _settings["api_url"] = api_url or None


def configure_from(config: Any) -> None:
    """Read ``barrack:apiKey`` / ``barrack:apiUrl`` from a dynamic-provider ``Config``."""
    set_credentials(_str_or_none(config.get("barrack:apiKey")), _str_or_none(config.get("barrack:apiUrl")))


def credentials() -> tuple[str | None, str | None]:
    """The effective (api_key, api_url): stack config first, then BARRACK_API_KEY / BARRACK_API_URL."""
    with _lock:
        key, url = _settings["api_key"], _settings["api_url"]
    return key or os.environ.get("BARRACK_API_KEY") or None, url or os.environ.get("BARRACK_API_URL") or None


def client() -> BarrackClient:
    """A client for the current credentials, cached per thread (provider calls run on 4 gRPC threads)."""
    from shared_client import BarrackClient

    key, url = credentials()
    cache: dict[tuple[str | None, str | None], BarrackClient] | None = getattr(_local, "clients", None)
    if cache is None:
        cache = {}
        _local.clients = cache
    found = cache.get((key, url))
    if found is None:
        found = BarrackClient(api_key=key, base_url=url, user_agent=USER_AGENT)
        cache[(key, url)] = found
    return found


def reset() -> None:
    """Forget configured credentials and this thread's cached clients (tests)."""
    set_credentials(None, None)
    cache = getattr(_local, "clients", None)
    if cache:
        for c in cache.values():
            c.close()
        cache.clear()


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
