"""Connection settings shared by the front-ends (provider config, module options); the key is marked secret."""

from __future__ import annotations

from pydantic import SecretStr, field_validator

from shared_client import contract
from shared_client.fields import FieldMode, spec
from shared_client.models.base import RequestModel

U = FieldMode.UPDATABLE


class ClientSettings(RequestModel):
    """How to reach Barrack. Unset values fall back to the environment / client defaults.
    `api_key` is a `SecretStr`: its repr and JSON dump are masked."""

    api_key: SecretStr | None = spec(U, None, secret=True, description=f"defaults to ${contract.ENV_API_KEY}")
    base_url: str | None = spec(
        U, None, description=f"defaults to ${contract.ENV_API_URL} or {contract.DEFAULT_BASE_URL}"
    )
    timeout: float = spec(U, 30.0, description="seconds per HTTP attempt")
    total_budget: float = spec(U, 120.0, description="seconds for one call, retries included")
    verify: bool = spec(U, True, description="verify TLS certificates")
    auth_header: str = spec(U, contract.DEFAULT_AUTH_HEADER)
    auth_scheme: str = spec(U, contract.DEFAULT_AUTH_SCHEME)

    @field_validator("timeout", "total_budget")
    @classmethod
    def _positive(cls, v: float) -> float:
        if v <= 0:
            raise ValueError("must be a positive number of seconds")
        return v

    @field_validator("base_url")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        if v is not None and not v.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return v
