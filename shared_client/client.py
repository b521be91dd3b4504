"""`BarrackClient`: configuration, the pooled transport, and the sub-clients."""

from __future__ import annotations

import os
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Self

from shared_client import contract, errors
from shared_client.retry import RetryPolicy
from shared_client.transport import Secret, Transport
from shared_client.waiting import WaitPolicy

if TYPE_CHECKING:
    import httpx

    from shared_client.models.settings import ClientSettings
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

    `api_key` / `base_url` default to ``BARRACK_API_KEY`` / ``BARRACK_API_URL``. The key is never shown in
    reprs, logs or error messages.
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
        auth_header: str = contract.DEFAULT_AUTH_HEADER,
        auth_scheme: str = contract.DEFAULT_AUTH_SCHEME,
        verify: bool | str = True,
        total_budget: float = 120.0,
        wait_policy: WaitPolicy | None = None,
    ) -> None:
        key = api_key if api_key is not None else os.environ.get(contract.ENV_API_KEY)
        if isinstance(key, Secret):
            key = key.get_secret_value()
        if not key:
            raise errors.ConfigurationError(
                f"no Barrack API key: pass api_key= or set the {contract.ENV_API_KEY} environment variable"
            )
        url = base_url or os.environ.get(contract.ENV_API_URL) or contract.DEFAULT_BASE_URL
        if not url.startswith(("http://", "https://")):
            raise errors.ConfigurationError(f"base URL {url!r} must start with http:// or https://")
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
        settings: ClientSettings,
        *,
        user_agent: str | None = None,
        transport: httpx.BaseTransport | None = None,
        retry: RetryPolicy | None = None,
        wait_policy: WaitPolicy | None = None,
    ) -> BarrackClient:
        """A client from front-end connection settings (unset values fall back to the environment)."""
        return cls(
            api_key=settings.api_key.get_secret_value() if settings.api_key is not None else None,
            base_url=settings.base_url,
            timeout=settings.timeout,
            total_budget=settings.total_budget,
            verify=settings.verify,
            auth_header=settings.auth_header,
            auth_scheme=settings.auth_scheme,
            user_agent=user_agent,
            transport=transport,
            retry=retry,
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
