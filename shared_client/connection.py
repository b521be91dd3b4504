"""Connection settings as plain values: the environment variables and defaults of
:class:`shared_client.models.settings.ClientSettings`, and :func:`plain_resolved`, which resolves input that needs
no conversion without importing pydantic (anything else goes to the model; a unit test keeps the two equal).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from shared_client import contract
from shared_client.plain_http import parse_flag
from shared_client.transport import MAX_RESPONSE_BYTES, Secret

ENV: Final[dict[str, str]] = {
    "api_key": contract.ENV_API_KEY,
    "base_url": contract.ENV_API_URL,
    "auth_header": "BARRACK_AUTH_HEADER",
    "auth_scheme": "BARRACK_AUTH_SCHEME",
    "timeout": "BARRACK_API_TIMEOUT",
    "verify": "BARRACK_VALIDATE_CERTS",
    "allow_insecure_http": contract.ENV_ALLOW_INSECURE_HTTP,
    "max_response_bytes": contract.ENV_MAX_RESPONSE_BYTES,
}
"""Environment variable of each setting (the fallback when the setting is unset)."""

DEFAULTS: Final[dict[str, Any]] = {
    "base_url": contract.DEFAULT_BASE_URL,
    "auth_header": contract.DEFAULT_AUTH_HEADER,
    "auth_scheme": contract.DEFAULT_AUTH_SCHEME,
    "timeout": 30.0,
    "total_budget": 120.0,
    "verify": True,
    "max_attempts": 6,
    "allow_insecure_http": False,
    "max_response_bytes": MAX_RESPONSE_BYTES,
}
"""The value of each setting when neither it nor its environment variable is set."""

FIELDS: Final = ("api_key", *DEFAULTS)
"""Every setting: the key (no default) and the ones with a default."""

_STRINGS = frozenset({"api_key", "base_url", "auth_header", "auth_scheme"})


def parse_verify(value: Any) -> bool | str:
    """``verify`` from a bool or a string: a flag word (:func:`parse_flag`) or a CA bundle path."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return parse_flag(value)
        except ValueError:
            return value.strip()
    raise ValueError("must be true, false or the path of a CA bundle")


class _Undecided(Exception):
    """The value needs the model (a conversion, or an error to report)."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _plain(name: str, value: Any) -> Any:
    """`value` of setting `name` as the model holds it (None: unset), or `_Undecided`."""
    if name in _STRINGS:
        if not isinstance(value, str):
            raise _Undecided
        if name == "auth_scheme":
            return value
        if not value.strip():
            return None
        if name == "base_url":
            value = value.strip()
            if not value.startswith(("http://", "https://")):
                raise _Undecided
        return Secret(value) if name == "api_key" else value
    if name in ("timeout", "total_budget"):
        if not (isinstance(value, float) or _is_int(value)) or value <= 0:
            raise _Undecided
        return float(value)
    if name == "max_attempts" and _is_int(value) and 1 <= value <= 20:
        return value
    if name == "max_response_bytes" and _is_int(value) and value >= 1024:
        return value
    if name in ("verify", "allow_insecure_http") and isinstance(value, bool):
        return value
    raise _Undecided


def plain_resolved(given: Mapping[str, Any], environ: Mapping[str, str]) -> dict[str, Any] | None:
    """``ClientSettings(**given).resolved(environ)`` when every value (given, or a string setting's environment
    variable) is already of its type and valid; None when the model must decide (``api_key`` is a `Secret`)."""
    if not set(given) <= set(FIELDS):
        return None
    out: dict[str, Any] = {}
    try:
        for name in FIELDS:
            value = given.get(name)
            value = None if value is None else _plain(name, value)
            if value is None and name in ENV:
                raw = environ.get(ENV[name])
                if raw is not None and (raw.strip() or name == "auth_scheme"):
                    if name not in _STRINGS:
                        return None
                    value = _plain(name, raw)
            out[name] = DEFAULTS.get(name) if value is None else value
    except _Undecided:
        return None
    return out
