"""`BarrackClient`: configuration, the pooled transport, and the sub-clients."""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from typing_extensions import Self  # typing.Self is Python 3.11+

from shared_client import contract, errors
from shared_client.plain_http import check_plain_http, env_flag
from shared_client.retry import RetryPolicy
from shared_client.transport import MAX_RESPONSE_BYTES, Secret, Transport, clean_api_key
from shared_client.waiting import WaitPolicy

if TYPE_CHECKING:
    import httpx

    from shared_client.models.settings import ClientSettings
    from shared_client.resources.ai import AIClient
    from shared_client.resources.catalogue import (
        BalanceClient,
        BillingClient,
        GpuSpecsClient,
        GpuStockClient,
        OsImagesClient,
        PricingClient,
        RegionsClient,
    )
    from shared_client.resources.firewalls import FirewallsClient
    from shared_client.resources.images import ImagesClient
    from shared_client.resources.instances import InstancesClient
    from shared_client.resources.relations import (
        FirewallAttachmentsClient,
        SecurityRulesClient,
        VolumeAttachmentsClient,
    )
    from shared_client.resources.scripts import ScriptsClient
    from shared_client.resources.snapshots import SnapshotsClient
    from shared_client.resources.ssh_keys import SshKeysClient
    from shared_client.resources.volumes import VolumesClient
    from shared_client.resources.wire import WireReader
    from shared_client.specs import ResourceSpec

S = TypeVar("S")


class SubClientSlot(Generic[S]):
    """A sub-client of `BarrackClient`, built on first use from ``shared_client.resources.<module>``."""

    def __init__(self, module: str | None = None) -> None:
        self.module = module
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.module = self.module or name

    def client_class(self) -> type[S]:
        module = importlib.import_module(f"{__package__}.resources.{self.module}")
        for value in vars(module).values():
            if isinstance(value, type) and value.__dict__.get("attr") == self.name:
                return value
        raise AttributeError(f"no sub-client for {self.name!r} in {module.__name__}")

    @overload
    def __get__(self, obj: None, owner: type) -> SubClientSlot[S]: ...

    @overload
    def __get__(self, obj: BarrackClient, owner: type) -> S: ...

    def __get__(self, obj: BarrackClient | None, owner: type) -> SubClientSlot[S] | S:
        if obj is None:
            return self
        sub = self.client_class()(obj.transport, obj.wait_policy, obj)  # type: ignore[call-arg]  # a SubClient
        obj.__dict__[self.name] = sub  # later look-ups find the instance attribute first
        return sub


def _model_resolved(settings: ClientSettings | Mapping[str, Any]) -> dict[str, Any]:
    """`settings` resolved by the `ClientSettings` model; `errors.ConfigurationError` for a bad value."""
    from shared_client.models.settings import ClientSettings as Settings

    try:
        return settings.resolved() if isinstance(settings, Settings) else Settings(**settings).resolved()
    except errors.ValidationError as exc:  # an environment variable with a bad value
        raise errors.ConfigurationError(f"invalid Barrack connection settings: {exc}") from None


class BarrackClient:
    """A typed Barrack API client with one HTTP connection pool; use it as a context manager.

    `api_key` / `base_url` / `auth_header` / `auth_scheme` / `allow_insecure_http` default to ``BARRACK_API_KEY`` /
    ``BARRACK_API_URL`` / ``BARRACK_AUTH_HEADER`` / ``BARRACK_AUTH_SCHEME`` / ``BARRACK_ALLOW_INSECURE_HTTP``. The
    key is never shown in reprs, logs or errors; plain ``http://`` goes to this machine only (:mod:`plain_http`).
    """

    def __init__(
        self,
        api_key: str | Secret | None = None,
        base_url: str | None = None,
        *,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        user_agent: str | None = None,
        auth_header: str | None = None,
        auth_scheme: str | None = None,
        verify: bool | str = True,
        total_budget: float = 120.0,
        wait_policy: WaitPolicy | None = None,
        allow_insecure_http: bool | None = None,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        key = api_key if api_key is not None else os.environ.get(contract.ENV_API_KEY)
        if isinstance(key, Secret):
            key = key.get_secret_value()
        if not key or not key.strip():
            raise errors.ConfigurationError(
                f"no Barrack API key: pass api_key= or set the {contract.ENV_API_KEY} environment variable"
            )
        key = clean_api_key(key)
        url = (base_url or os.environ.get(contract.ENV_API_URL) or contract.DEFAULT_BASE_URL).strip()
        if not url.startswith(("http://", "https://")):
            raise errors.ConfigurationError(f"base URL {url[:200]!r} must start with http:// or https://")
        if allow_insecure_http is None:
            allow_insecure_http = env_flag(contract.ENV_ALLOW_INSECURE_HTTP)
        check_plain_http(url, allow_insecure_http)
        if auth_header is None:
            auth_header = os.environ.get("BARRACK_AUTH_HEADER", "").strip() or contract.DEFAULT_AUTH_HEADER
        if auth_scheme is None:
            auth_scheme = os.environ.get("BARRACK_AUTH_SCHEME", contract.DEFAULT_AUTH_SCHEME).strip()
        if timeout <= 0 or total_budget <= 0:
            raise errors.ConfigurationError("timeout and total_budget must be positive")
        self._api_key = Secret(key)
        self.retry = retry or RetryPolicy()
        self.wait_policy = wait_policy or WaitPolicy()
        self._transport = Transport(
            api_key=self._api_key,
            base_url=url,
            timeout=timeout,
            retry=self.retry,
            total_budget=total_budget,
            user_agent=user_agent,
            auth_header=auth_header,
            auth_scheme=auth_scheme,
            verify=verify,
            transport=transport,
            max_response_bytes=max_response_bytes,
        )

    @classmethod
    def from_settings(
        cls,
        settings: ClientSettings | Mapping[str, Any],
        *,
        user_agent: str | None = None,
        transport: httpx.BaseTransport | None = None,
        retry: RetryPolicy | None = None,
        wait_policy: WaitPolicy | None = None,
    ) -> BarrackClient:
        """A client from front-end connection settings (unset: environment variable, then default);
        `errors.ConfigurationError` for a bad setting, before any request. `retry` overrides `max_attempts`."""
        from dataclasses import replace

        from shared_client.connection import plain_resolved

        # values that need no conversion are resolved without the model (no pydantic import for a read)
        plain = plain_resolved(settings, os.environ) if isinstance(settings, Mapping) else None
        values = plain if plain is not None else _model_resolved(settings)
        key = values["api_key"]
        policy = retry or replace(RetryPolicy(), max_attempts=int(values["max_attempts"]))
        return cls(
            api_key=key.get_secret_value() if key is not None else None,
            base_url=values["base_url"],
            timeout=float(values["timeout"]),
            total_budget=float(values["total_budget"]),
            verify=values["verify"],
            auth_header=values["auth_header"],
            auth_scheme=values["auth_scheme"],
            user_agent=user_agent,
            transport=transport,
            retry=policy,
            wait_policy=wait_policy,
            allow_insecure_http=bool(values["allow_insecure_http"]),
            max_response_bytes=int(values["max_response_bytes"]),
        )

    # -- sub-clients: built (and their modules and models imported) on first use -------------------------------
    instances: SubClientSlot[InstancesClient] = SubClientSlot()
    volumes: SubClientSlot[VolumesClient] = SubClientSlot()
    firewalls: SubClientSlot[FirewallsClient] = SubClientSlot()
    ssh_keys: SubClientSlot[SshKeysClient] = SubClientSlot()
    scripts: SubClientSlot[ScriptsClient] = SubClientSlot()
    snapshots: SubClientSlot[SnapshotsClient] = SubClientSlot()
    images: SubClientSlot[ImagesClient] = SubClientSlot()
    volume_attachments: SubClientSlot[VolumeAttachmentsClient] = SubClientSlot("relations")
    firewall_attachments: SubClientSlot[FirewallAttachmentsClient] = SubClientSlot("relations")
    security_rules: SubClientSlot[SecurityRulesClient] = SubClientSlot("relations")
    regions: SubClientSlot[RegionsClient] = SubClientSlot("catalogue")
    gpu_specs: SubClientSlot[GpuSpecsClient] = SubClientSlot("catalogue")
    gpu_stock: SubClientSlot[GpuStockClient] = SubClientSlot("catalogue")
    os_images: SubClientSlot[OsImagesClient] = SubClientSlot("catalogue")
    pricing: SubClientSlot[PricingClient] = SubClientSlot("catalogue")
    balance: SubClientSlot[BalanceClient] = SubClientSlot("catalogue")
    billing: SubClientSlot[BillingClient] = SubClientSlot("catalogue")
    ai: SubClientSlot[AIClient] = SubClientSlot()

    @classmethod
    def kinds(cls) -> list[str]:
        """The resource kinds (sub-clients with a `ResourceSpec`), in declaration order."""
        return [name for name in vars(cls) if cls.spec_of(name) is not None]

    @classmethod
    def spec_of(cls, kind: str) -> ResourceSpec[Any, Any] | None:
        """The spec of resource kind `kind` (imports that kind's sub-client and models), None for anything else."""
        slot = vars(cls).get(kind)
        if not isinstance(slot, SubClientSlot):
            return None
        declared: ResourceSpec[Any, Any] | None = getattr(slot.client_class(), "declared", None)
        return declared

    def wire(self, kind: str) -> WireReader:
        """Read-only access to `kind` (``"volumes"``): ``get(id)`` and ``list(search=, region=)`` return the wire
        dicts, without read models (no pydantic import); same requests, retries and errors as the sub-client."""
        from shared_client.resources.wire import WireReader

        return WireReader(self._transport, kind)

    @property
    def base_url(self) -> str:
        return self._transport.base_url

    def keyed_digest(self, message: bytes) -> bytes:
        """HMAC-SHA256 of `message` keyed by the API key (:mod:`shared_client.auto_names`)."""
        import hashlib
        import hmac

        return hmac.new(self._api_key.get_secret_value().encode(), message, hashlib.sha256).digest()

    @property
    def user_agent(self) -> str:
        return self._transport.user_agent

    @property
    def transport(self) -> Transport:
        return self._transport

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"BarrackClient(base_url={self.base_url!r})"
