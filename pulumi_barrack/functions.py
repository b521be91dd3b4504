"""Catalogue and account look-ups for Pulumi programs (plain synchronous functions).

Credentials: stack config ``barrack:apiKey`` / ``barrack:apiUrl`` when called inside a Pulumi program, else
``BARRACK_API_KEY`` / ``BARRACK_API_URL``. Results are JSON-ready dicts with the API's field names.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pulumi_barrack._version import USER_AGENT


def _program_config(key: str) -> str | None:
    try:
        from pulumi.runtime import get_config

        value = get_config(f"barrack:{key}")
    except Exception:  # not inside a Pulumi program
        return None
    return value if isinstance(value, str) and value else None


@contextmanager
def _client() -> Iterator[Any]:
    from shared_client import BarrackClient

    with BarrackClient(
        api_key=_program_config("apiKey"), base_url=_program_config("apiUrl"), user_agent=USER_AGENT
    ) as c:
        yield c


def _dicts(items: Any) -> list[dict[str, Any]]:
    return [i.to_dict() for i in items]


def get_regions() -> list[dict[str, Any]]:
    """Regions: ``[{name, tier, gpu_models}]``."""
    with _client() as c:
        return _dicts(c.regions.list())


def get_gpu_stock(region: str | None = None, gpu_model: str | None = None) -> list[dict[str, Any]]:
    """GPU stock per region and model: ``[{region, gpu_model, available: {"1x": n, ...}}]``."""
    with _client() as c:
        stock = _dicts(c.gpu_stock.list(region=region))
    return [s for s in stock if gpu_model is None or s.get("gpu_model") == gpu_model]


def get_os_images() -> list[dict[str, Any]]:
    """OS images: ``[{name, os, version, regions}]``."""
    with _client() as c:
        return _dicts(c.os_images.list())


def get_pricing(
    *,
    currency: str = "USD",
    tier: str | None = None,
    resource_type: str | None = None,
    gpu_model: str | None = None,
    gpu_count: int | None = None,
    volume_size_gb: int | None = None,
    volume_type: str | None = None,
) -> dict[str, Any]:
    """The ``pricing_data`` object (gpus, volumes, snapshots, metadata; ``estimate`` when asked)."""
    from shared_client.models import PricingQuery

    query = {
        "currency": currency,
        "tier": tier,
        "resource_type": resource_type,
        "gpu_model": gpu_model,
        "gpu_count": gpu_count,
        "volume_size_gb": volume_size_gb,
        "volume_type": volume_type,
    }
    with _client() as c:
        result: dict[str, Any] = c.pricing.get(
            PricingQuery(**{k: v for k, v in query.items() if v is not None})
        ).to_dict()
        return result


def get_hourly_cost(gpu_model: str, gpu_count: int, currency: str = "USD") -> float:
    """Price per hour of an instance with ``gpu_count`` GPUs of ``gpu_model``."""
    with _client() as c:
        return float(c.pricing.hourly_cost(gpu_model, gpu_count, currency=currency))


def get_balance() -> dict[str, Any]:
    """The account balance: ``{balance, currency}``."""
    with _client() as c:
        result: dict[str, Any] = c.balance.get().to_dict()
        return result
