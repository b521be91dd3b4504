"""`BarrackClient`: configuration, the pooled transport, and the sub-clients."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Any

from typing_extensions import Self  # typing.Self is Python 3.11+

from shared_client import contract, errors
from shared_client.retry import RetryPolicy
from shared_client.transport import Secret, Transport, clean_api_key
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
    from shared_client.resources.scripts import ScriptsClient
    from shared_client.resources.snapshots import SnapshotsClient
    from shared_client.resources.ssh_keys import SshKeysClient
    from shared_client.resources.volumes import VolumesClient
    from shared_client.resources.wire import WireReader


class BarrackClient:
    """A typed Barrack API client. One pooled HTTP connection pool per instance; use it as a context manager.

    `api_key` / `base_url` / `auth_header` / `auth_scheme` default to ``BARRACK_API_KEY`` / ``BARRACK_API_URL`` /
    ``BARRACK_AUTH_HEADER`` / ``BARRACK_AUTH_SCHEME``. The key is stripped of surrounding whitespace; one with
    control characters inside is refused (`errors.ConfigurationError`). It is never shown in reprs, logs or errors.
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
        """A client from front-end connection settings: each unset value falls back to its environment variable
        (``ClientSettings.ENV``), then to the default. Raises `errors.ConfigurationError` (without the key) for a
        missing or malformed key, URL or auth setting, before any request. `retry` overrides `max_attempts`."""
        from dataclasses import replace

        from shared_client.models.settings import ClientSettings as Settings

        try:
            values = settings.resolved() if isinstance(settings, Settings) else Settings(**settings).resolved()
        except errors.ValidationError as exc:  # an environment variable with a bad value
            raise errors.ConfigurationError(f"invalid Barrack connection settings: {exc}") from None
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
        )

    # -- sub-clients: built (and their modules and models imported) on first use -------------------------------
    @cached_property
    def instances(self) -> InstancesClient:
        from shared_client.resources.instances import InstancesClient

        return InstancesClient(self._transport, self.wait_policy)

    @cached_property
    def volumes(self) -> VolumesClient:
        from shared_client.resources.volumes import VolumesClient

        return VolumesClient(self._transport, self.wait_policy)

    @cached_property
    def firewalls(self) -> FirewallsClient:
        from shared_client.resources.firewalls import FirewallsClient

        return FirewallsClient(self._transport, self.wait_policy)

    @cached_property
    def ssh_keys(self) -> SshKeysClient:
        from shared_client.resources.ssh_keys import SshKeysClient

        return SshKeysClient(self._transport, self.wait_policy)

    @cached_property
    def scripts(self) -> ScriptsClient:
        from shared_client.resources.scripts import ScriptsClient

        return ScriptsClient(self._transport, self.wait_policy)

    @cached_property
    def snapshots(self) -> SnapshotsClient:
        from shared_client.resources.snapshots import SnapshotsClient

        return SnapshotsClient(self._transport, self.wait_policy, self.instances)

    @cached_property
    def images(self) -> ImagesClient:
        from shared_client.resources.images import ImagesClient

        return ImagesClient(self._transport, self.wait_policy)

    @cached_property
    def regions(self) -> RegionsClient:
        from shared_client.resources.catalogue import RegionsClient

        return RegionsClient(self._transport, self.wait_policy)

    @cached_property
    def gpu_specs(self) -> GpuSpecsClient:
        from shared_client.resources.catalogue import GpuSpecsClient

        return GpuSpecsClient(self._transport, self.wait_policy)

    @cached_property
    def gpu_stock(self) -> GpuStockClient:
        from shared_client.resources.catalogue import GpuStockClient

        return GpuStockClient(self._transport, self.wait_policy)

    @cached_property
    def os_images(self) -> OsImagesClient:
        from shared_client.resources.catalogue import OsImagesClient

        return OsImagesClient(self._transport, self.wait_policy)

    @cached_property
    def pricing(self) -> PricingClient:
        from shared_client.resources.catalogue import PricingClient

        return PricingClient(self._transport, self.wait_policy)

    @cached_property
    def balance(self) -> BalanceClient:
        from shared_client.resources.catalogue import BalanceClient

        return BalanceClient(self._transport, self.wait_policy)

    @cached_property
    def billing(self) -> BillingClient:
        from shared_client.resources.catalogue import BillingClient

        return BillingClient(self._transport, self.wait_policy)

    @cached_property
    def ai(self) -> AIClient:
        from shared_client.resources.ai import AIClient

        return AIClient(self._transport, self.wait_policy)

    def wire(self, kind: str) -> WireReader:
        """Read-only access to resource `kind` (a sub-client name such as ``"volumes"``) returning the objects as
        the API sends them: ``get(id)`` and ``list(search=, region=)`` give plain dicts with wire names, not
        validated into read models (so no pydantic import). Same requests, retries and errors as the sub-client;
        `errors.ConfigurationError` for a kind without get and list endpoints."""
        from shared_client.resources.wire import WireReader

        return WireReader(self._transport, kind)

    @property
    def base_url(self) -> str:
        return self._transport.base_url

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
