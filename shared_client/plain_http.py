"""The API key never travels in clear text by accident: plain ``http://`` is for this machine only (the emulator,
a tunnel), unless the user opts in (``allow_insecure_http``, ``BARRACK_ALLOW_INSECURE_HTTP``).
"""

from __future__ import annotations

import ipaddress
import os

from shared_client import contract, errors
from shared_client._httpx import httpx

_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})


def parse_flag(value: str) -> bool:
    """``true/false/yes/no/1/0/on/off`` (any case) as a bool; ValueError otherwise."""
    text = value.strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise ValueError("must be true or false")


def env_flag(name: str) -> bool:
    """A boolean environment variable (unset or empty: false); `errors.ConfigurationError` when unreadable."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return False
    try:
        return parse_flag(raw)
    except ValueError:
        raise errors.ConfigurationError(f"{name}={raw[:20]!r} is not a boolean (true or false)") from None


def is_local_host(host: str) -> bool:
    """Whether `host` is this machine: ``localhost`` (or ``*.localhost``), a loopback or the unspecified address."""
    name = host.strip().strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name.partition("%")[0])
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified  # 0.0.0.0 / :: connect to this machine


def check_plain_http(base_url: str, allow_insecure_http: bool) -> None:
    """`errors.ConfigurationError` for an ``http://`` URL to another machine, unless `allow_insecure_http`."""
    if allow_insecure_http or not base_url.lower().startswith("http://"):
        return
    try:
        host = httpx.URL(base_url).host
    except (httpx.InvalidURL, ValueError):
        raise errors.ConfigurationError(f"base URL {base_url[:200]!r} is not a valid URL") from None
    if not is_local_host(host):
        raise errors.ConfigurationError(
            f"refusing to send the API key in clear text to {base_url[:200]} (plain http:// to a host that is not "
            f"this machine); use https://, or opt in with allow_insecure_http=true ({contract.ENV_ALLOW_INSECURE_HTTP})"
        )
