"""Lookup functions for Pulumi programs: existing objects, the catalogue, billing and AI usage.

Each ``get_x`` returns a typed result (the shared client's read model); ``get_x_output`` takes ``pulumi.Input``
arguments and returns an ``Output`` of it. Credentials: the program's ``barrack:`` config, else ``BARRACK_*``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pulumi

from pulumi_barrack._credentials import program_client as _client
from shared_client import BarrackClient, errors, models
from shared_client.models.billing import BillingPage

T = TypeVar("T")
M = TypeVar("M")
OptStr = pulumi.Input[str] | None


def _output(fn: Callable[..., T], **inputs: Any) -> pulumi.Output[T]:
    """``fn`` applied to the resolved ``inputs``."""
    return pulumi.Output.all(**inputs).apply(lambda args: fn(**args))


def _lookups(sub: str, label: str, result: type[M]) -> tuple[Callable[..., M], Callable[..., pulumi.Output[M]]]:
    """``get_x(id=None, name=None, region=None)`` and its ``*_output`` variant for the sub-client ``sub``."""

    def get(id: str | None = None, name: str | None = None, region: str | None = None) -> M:
        if not (id or name):
            raise errors.ValidationError.for_field("id", "give the id or the name of the object to look up")
        with _client() as c:
            found: M = getattr(c, sub).resolve(str(id or name), region)
            return found

    def get_output(id: OptStr = None, name: OptStr = None, region: OptStr = None) -> pulumi.Output[M]:
        return _output(get, id=id, name=name, region=region)

    get.__doc__ = f"An existing {label} (a ``{result.__name__}``), by id or by name (in ``region`` when given)."
    get.__annotations__["return"] = result  # the native provider's function schema reads it
    get_output.__doc__ = f"``get_{sub.rstrip('s')}`` with ``Input`` arguments, as an ``Output``."
    return get, get_output


def _plain(
    read: Callable[[BarrackClient], T], doc: str, result: type[T]
) -> tuple[Callable[[], T], Callable[[], pulumi.Output[T]]]:
    """A function without arguments (returning a ``result``) and its ``*_output`` variant."""

    def get() -> T:
        with _client() as c:
            return read(c)

    def get_output() -> pulumi.Output[T]:
        return _output(get)

    get.__doc__, get_output.__doc__ = doc, f"{doc} As an ``Output``."
    get.__annotations__["return"] = result
    return get, get_output


get_instance, get_instance_output = _lookups("instances", "instance", models.Instance)
get_volume, get_volume_output = _lookups("volumes", "volume", models.Volume)
get_firewall, get_firewall_output = _lookups("firewalls", "firewall", models.Firewall)
get_ssh_key, get_ssh_key_output = _lookups("ssh_keys", "SSH key", models.SshKey)
get_startup_script, get_startup_script_output = _lookups("scripts", "startup script", models.Script)
get_snapshot, get_snapshot_output = _lookups("snapshots", "snapshot", models.Snapshot)
get_custom_image, get_custom_image_output = _lookups("images", "custom image", models.CustomImage)

get_regions, get_regions_output = _plain(
    lambda c: c.regions.list(), "Regions with their tier and GPU models.", list[models.Region]
)
get_gpu_specs, get_gpu_specs_output = _plain(
    lambda c: c.gpu_specs.list(), "GPU models: tier, counts, VRAM.", list[models.GpuSpec]
)
get_os_images, get_os_images_output = _plain(
    lambda c: c.os_images.list(), "OS images and their regions.", list[models.OsImage]
)
get_volume_types, get_volume_types_output = _plain(
    lambda c: c.volumes.types(), "Volume types and size limits.", list[models.VolumeType]
)
get_firewall_protocols, get_firewall_protocols_output = _plain(
    lambda c: c.firewalls.protocols(), "Protocol names a firewall or security rule accepts.", list[str]
)


def get_gpu_stock(region: str | None = None, gpu_model: str | None = None) -> list[models.GpuStock]:
    """GPU stock per region and model (``available`` maps ``"1x"``... to counts)."""
    with _client() as c:
        return [s for s in c.gpu_stock.list(region=region) if gpu_model is None or s.gpu_model == gpu_model]


def get_gpu_stock_output(region: OptStr = None, gpu_model: OptStr = None) -> pulumi.Output[list[models.GpuStock]]:
    """:func:`get_gpu_stock` with ``Input`` arguments."""
    return _output(get_gpu_stock, region=region, gpu_model=gpu_model)


def get_pricing(
    currency: str = "USD",
    tier: str | None = None,
    resource_type: str | None = None,
    gpu_model: str | None = None,
    gpu_count: int | None = None,
    volume_size_gb: int | None = None,
    volume_type: str | None = None,
) -> models.Pricing:
    """Prices (gpus, volumes, snapshots, metadata; an ``estimate`` when the query names a size)."""
    query = {k: v for k, v in locals().items() if v is not None}
    with _client() as c:
        return c.pricing.get(models.PricingQuery(**query))


def get_pricing_output(
    currency: pulumi.Input[str] = "USD",
    tier: OptStr = None,
    resource_type: OptStr = None,
    gpu_model: OptStr = None,
    gpu_count: pulumi.Input[int] | None = None,
    volume_size_gb: pulumi.Input[int] | None = None,
    volume_type: OptStr = None,
) -> pulumi.Output[models.Pricing]:
    """:func:`get_pricing` with ``Input`` arguments."""
    return _output(get_pricing, **locals())


def get_hourly_cost(gpu_model: str, gpu_count: int, currency: str = "USD") -> float:
    """Price per hour of an instance with ``gpu_count`` GPUs of ``gpu_model``."""
    with _client() as c:
        return float(c.pricing.hourly_cost(gpu_model, gpu_count, currency=currency))


def get_hourly_cost_output(
    gpu_model: pulumi.Input[str], gpu_count: pulumi.Input[int], currency: pulumi.Input[str] = "USD"
) -> pulumi.Output[float]:
    """:func:`get_hourly_cost` with ``Input`` arguments."""
    return _output(get_hourly_cost, gpu_model=gpu_model, gpu_count=gpu_count, currency=currency)


get_balance, get_balance_output = _plain(
    lambda c: c.balance.get(), "The account balance (a ``Balance``).", models.Balance
)
get_hibernated, get_hibernated_output = _plain(
    lambda c: c.instances.hibernated(),
    "How many instances are hibernated, the recent ones and their cost.",
    models.GetHibernatedVMsResponse,
)
get_ai_models, get_ai_models_output = _plain(
    lambda c: c.ai.models(), "The AI models the account can use.", list[models.AIModel]
)
get_ai_usage, get_ai_usage_output = _plain(
    lambda c: c.ai.usage_summary(), "The account's AI usage summary.", models.UsageSummaryResponse
)


BILLING_KINDS = ("instances", "volumes", "snapshots")


def get_billing(resource_type: str = "instances") -> BillingPage[Any]:
    """Billing of ``instances``, ``volumes`` or ``snapshots``: every record (all pages) and the ``summary``."""
    if resource_type not in BILLING_KINDS:
        raise errors.ValidationError.for_field("resource_type", f"must be one of {', '.join(BILLING_KINDS)}")
    with _client() as c:
        page: BillingPage[Any] = getattr(c.billing, resource_type)()
        return page


def get_billing_output(resource_type: pulumi.Input[str] = "instances") -> pulumi.Output[BillingPage[Any]]:
    """:func:`get_billing` with ``Input`` arguments."""
    return _output(get_billing, resource_type=resource_type)
