"""Catalogue and account: regions, GPU specs, GPU stock, OS images, balance and pricing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from barrack_emulator import billing
from barrack_emulator.catalogue import (
    CURRENCIES,
    GPU_COUNTS,
    GPU_MODELS,
    OS_IMAGES,
    REGIONS,
    SNAPSHOT_PRICE_GB_HOUR,
    VOLUME_TYPES,
)
from barrack_emulator.envelope import iso, ok, ok_list
from barrack_emulator.routes.common import locked, store_of
from barrack_emulator.rules import Checker, check_volume_size
from barrack_emulator.schemas import PricingBody

router = APIRouter(tags=["catalogue"])
RESOURCE_TYPES = ("gpu", "volume", "snapshot", "instance")


@router.get("/regions/")
async def list_regions(request: Request) -> Response:
    regions = [
        {"name": r, "tier": t, "gpu_models": [m for m, s in GPU_MODELS.items() if s["tier"] == t]}
        for r, t in REGIONS.items()
    ]
    return ok_list(request, {"regions": regions}, "Regions retrieved successfully")


@router.get("/gpu-specs/")
async def list_gpu_specs(request: Request) -> Response:
    specs = [
        {
            "gpu_model": m,
            "tier": s["tier"],
            "max_count": s["max_count"],
            "vram_gb": s["vram_gb"],
            "counts": [n for n in GPU_COUNTS if n <= s["max_count"]],
            "per_gpu": {"vcpus": s["vcpus"], "ram_gb": s["ram_gb"], "storage_gb": s["storage_gb"]},
            "price_per_hour": billing.prices(s["price_usd"]),
        }
        for m, s in GPU_MODELS.items()
    ]
    return ok_list(request, {"gpu_specs": specs}, "GPU specs retrieved successfully")


@router.get("/gpu-stocks/")
async def list_gpu_stocks(request: Request, region: str | None = None) -> Response:
    with locked(request) as store:
        stocks = [
            {"region": r, "gpu_model": m, "available": dict(counts)}
            for r, models in store.stock.items()
            if region is None or r == region
            for m, counts in models.items()
        ]
    return ok_list(request, {"stocks": stocks}, "GPU stock retrieved successfully")


@router.get("/os-images/")
async def list_os_images(request: Request) -> Response:
    images = [{**img, "regions": list(REGIONS)} for img in OS_IMAGES]
    return ok_list(request, {"images": images}, "OS images retrieved successfully")


@router.get("/balance/")
async def get_balance(request: Request) -> Response:
    with locked(request) as store:
        data = {"balance": round(store.balance, 6), "currency": store.currency}
    return ok(request, data, "Balance retrieved successfully")


@router.post("/pricing/")
async def pricing(request: Request, body: PricingBody) -> Response:
    return pricing_answer(request, body)


@router.get("/pricing/")
async def pricing_query(request: Request, query: Annotated[PricingBody, Depends()]) -> Response:
    """The GET beside the POST (D): the same fields as query parameters (I), the same answer."""
    return pricing_answer(request, query)


def pricing_answer(request: Request, body: PricingBody) -> Response:
    """`data{pricing_data{gpus, volumes, snapshots, metadata, estimate?}, authentication_type}` (D shape)."""
    chk = Checker()
    currency = body.currency or store_of(request).currency
    chk.check(currency in CURRENCIES, "currency", f"Must be one of {', '.join(CURRENCIES)}.")
    chk.check(body.tier in (None, "legacy", "advanced"), "tier", "Must be 'legacy' or 'advanced'.")
    chk.check(
        body.resource_type in (None, *RESOURCE_TYPES), "resource_type", f"Must be one of {', '.join(RESOURCE_TYPES)}."
    )
    if body.gpu_model is not None or body.gpu_count is not None:
        spec = GPU_MODELS.get(body.gpu_model or "")
        if chk.check(spec is not None, "gpu_model", "Unknown GPU model.") and spec is not None:
            allowed = [n for n in GPU_COUNTS if n <= spec["max_count"]]
            chk.check(body.gpu_count is None or body.gpu_count in allowed, "gpu_count", f"Must be one of {allowed}.")
            chk.check(body.tier is None or spec["tier"] == body.tier, "gpu_model", "Model not in this tier.")
    if body.volume_type is not None or body.volume_size_gb is not None:
        vt = VOLUME_TYPES.get(body.volume_type or "")
        if chk.check(vt is not None, "volume_type", f"Must be one of {', '.join(VOLUME_TYPES)}.") and vt is not None:
            if body.volume_size_gb is not None:
                check_volume_size(chk, body.volume_type or "", body.volume_size_gb, "volume_size_gb")
            chk.check(body.tier is None or vt["tier"] == body.tier, "volume_type", "Volume type not in this tier.")
    chk.raise_if_any()
    factor = CURRENCIES[currency]

    def want(tier: str) -> bool:
        return body.tier is None or body.tier == tier

    data: dict[str, Any] = {
        "gpus": [
            {"gpu_model": m, "tier": s["tier"], "prices": billing.prices(s["price_usd"])}
            for m, s in GPU_MODELS.items()
            if want(s["tier"])
        ],
        "volumes": [
            {
                "volume_type": t,
                "tier": s["tier"],
                "prices": billing.volume_hour_prices(t),
                "prices_per_gb_month": billing.volume_month_prices(t),
            }
            for t, s in VOLUME_TYPES.items()
            if want(s["tier"])
        ],
        "snapshots": [{"tier": t, "prices": billing.prices(p)} for t, p in SNAPSHOT_PRICE_GB_HOUR.items() if want(t)],
        "metadata": {
            "currency": currency,
            "tier": body.tier,
            "generated_at": iso(store_of(request).now()),
            "unit": {"gpus": "per GPU-hour", "volumes": "per GB-hour", "snapshots": "per GB-hour"},
        },
    }
    estimate: dict[str, Any] = {}
    if body.gpu_model and body.gpu_count:
        estimate["gpu_hourly"] = round(billing.instance_hourly(body.gpu_model, body.gpu_count) * factor, 6)
    if body.volume_type and body.volume_size_gb:
        estimate["volume_hourly"] = round(billing.volume_hourly(body.volume_type, body.volume_size_gb, currency), 6)
    if estimate:
        estimate["hourly"] = round(sum(estimate.values()), 6)
        estimate["currency"] = currency
        data["estimate"] = estimate
    data = {"pricing_data": data, "authentication_type": "api_key"}
    return ok(request, data, "Pricing retrieved successfully", tier=body.tier)
