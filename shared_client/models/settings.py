"""Connection settings shared by the front-ends (module options, stack config); the key is marked secret.

Every field is optional: an unset one falls back to its environment variable (:data:`ENV`), then to the client's
default. Values come as config systems give them (``timeout="30"``, ``verify="false"``) and are made canonical.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import SecretStr, field_validator

from shared_client import contract
from shared_client.connection import DEFAULTS, ENV, parse_verify
from shared_client.fields import FieldMode, spec
from shared_client.models.base import RequestModel
from shared_client.transport import MAX_RESPONSE_BYTES

U = FieldMode.UPDATABLE


class ClientSettings(RequestModel):
    """How to reach Barrack. `api_key` is a `SecretStr`: its repr and JSON dump are masked."""

    ENV: ClassVar[dict[str, str]] = ENV
    DEFAULTS: ClassVar[dict[str, Any]] = DEFAULTS

    api_key: SecretStr | None = spec(U, None, secret=True, description=f"defaults to ${contract.ENV_API_KEY}")
    base_url: str | None = spec(
        U, None, description=f"defaults to ${contract.ENV_API_URL} or {contract.DEFAULT_BASE_URL}"
    )
    timeout: float | None = spec(U, None, description="seconds per HTTP attempt (default 30)")
    total_budget: float | None = spec(U, None, description="seconds for one call, retries included (default 120)")
    verify: bool | str | None = spec(U, None, description="verify TLS certificates, or a CA bundle path")
    auth_header: str | None = spec(U, None, description=f"default {contract.DEFAULT_AUTH_HEADER} (inferred)")
    auth_scheme: str | None = spec(U, None, description=f"default {contract.DEFAULT_AUTH_SCHEME}; '' = bare key")
    max_attempts: int | None = spec(U, None, description="attempts per call, retries included (default 6)")
    allow_insecure_http: bool | None = spec(
        U, None, description="send the key over plain http:// to a host other than this machine (default false)"
    )
    max_response_bytes: int | None = spec(
        U, None, description=f"largest response body accepted, in bytes (default {MAX_RESPONSE_BYTES})"
    )

    @field_validator("api_key", "base_url", "auth_header", mode="before")
    @classmethod
    def _blank(cls, v: Any) -> Any:
        return None if isinstance(v, str) and not v.strip() else v

    @field_validator("timeout", "total_budget")
    @classmethod
    def _positive(cls, v: float | None) -> float | None:
        if v is not None and v <= 0:
            raise ValueError("must be a positive number of seconds")
        return v

    @field_validator("max_attempts")
    @classmethod
    def _attempts(cls, v: int | None) -> int | None:
        if v is not None and not 1 <= v <= 20:
            raise ValueError("must be between 1 and 20")
        return v

    @field_validator("max_response_bytes")
    @classmethod
    def _cap(cls, v: int | None) -> int | None:
        if v is not None and v < 1024:
            raise ValueError("must be at least 1024 bytes")
        return v

    @field_validator("verify", mode="before")
    @classmethod
    def _verify(cls, v: Any) -> Any:
        return None if v is None else parse_verify(v)

    @field_validator("base_url")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        if v is not None:
            v = v.strip()
            if not v.startswith(("http://", "https://")):
                raise ValueError("must start with http:// or https://")
        return v

    def resolved(self, environ: dict[str, str] | None = None) -> dict[str, Any]:
        """Every setting with its effective value: the field, else its environment variable, else the default.
        ``api_key`` stays a `SecretStr` (or None when nowhere set)."""
        import os

        env = os.environ if environ is None else environ
        out: dict[str, Any] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if value is None and name in ENV:
                raw = env.get(ENV[name])
                if raw is not None and (raw.strip() or name == "auth_scheme"):
                    value = type(self).model_validate({name: raw}).__dict__[name] if name != "auth_scheme" else raw
            out[name] = DEFAULTS.get(name) if value is None else value
        return out
