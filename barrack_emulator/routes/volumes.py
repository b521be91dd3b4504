"""Volumes: list, create, get, delete, resize and clone (advanced tier), types, billing."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from barrack_emulator import billing, factories
from barrack_emulator.catalogue import ADVANCED, LEGACY, MIN_BALANCE_VOLUME, OS_IMAGES, VOLUME_TYPES
from barrack_emulator.envelope import ok, ok_list, page_billing, page_standard
from barrack_emulator.errors import ApiError, insufficient_balance, invalid_state, profile_incomplete, validation
from barrack_emulator.routes.common import (
    ensure_unique,
    error_state,
    filtered,
    must_get,
    public,
    render_page,
    store_of,
)
from barrack_emulator.rules import Checker, check_description, check_region, check_volume_name, check_volume_size
from barrack_emulator.schemas import VolumeCloneBody, VolumeCreateBody, VolumeResizeBody
from barrack_emulator.state import Store

router = APIRouter(prefix="/volumes", tags=["volumes"])
UBUNTU_IMAGES = frozenset(i["name"] for i in OS_IMAGES if i["os"] == "Ubuntu")


def require_volume_account(store: Store) -> None:
    """A complete billing profile (D), then the documented minimum balance (1.00 USD/EUR, 100 INR) in the
    account's currency."""
    if not store.profile_complete:
        raise profile_incomplete()
    minimum = MIN_BALANCE_VOLUME[store.currency]
    if store.balance < minimum:
        raise insufficient_balance(
            f"A balance of at least {minimum:.2f} {store.currency} is needed to create a volume."
        )


@router.get("/")
async def list_volumes(
    request: Request, page: int = 1, page_size: int | None = None, search: str | None = None, region: str | None = None
) -> Response:
    store = store_of(request)
    with store.lock:
        items = filtered(store.res["volumes"].values(), search, region)
        data = render_page(page_standard(items, "volumes", page, page_size), "volumes")
    return ok_list(request, data, "Volumes retrieved successfully")


@router.post("/", status_code=201)
async def create_volume(request: Request, body: VolumeCreateBody) -> Response:
    chk = Checker()
    check_volume_name(chk, "name", body.name)
    tier = check_region(chk, body.region)
    vtype = VOLUME_TYPES.get(body.volume_type)
    if chk.check(vtype is not None, "volume_type", f"Must be one of {', '.join(VOLUME_TYPES)}.") and vtype:
        if tier is not None:
            chk.check(
                vtype["tier"] == tier,
                "volume_type",
                f"{body.volume_type} volumes are not available in {body.region} ({tier} tier).",
            )
        check_volume_size(chk, body.volume_type, body.size_gb)
    check_description(chk, body.description)
    if body.bootable:
        chk.check(tier != ADVANCED, "bootable", "Bootable volumes are only available on the legacy tier.")
        if chk.check(body.image is not None, "image", "A bootable volume needs an image."):
            chk.check(body.image in UBUNTU_IMAGES, "image", "A bootable volume needs an Ubuntu OS image.")
    else:
        chk.check(body.image is None, "image", "image is only allowed for bootable volumes.")
    chk.raise_if_any()
    store = store_of(request)
    with store.lock:
        ensure_unique(store.res["volumes"].values(), body.name, "volume", region=body.region)
        require_volume_account(store)
        res = factories.new_volume(
            store,
            name=body.name,
            region=body.region,
            size_gb=body.size_gb,
            volume_type=body.volume_type,
            description=body.description,
            bootable=body.bootable,
            image=body.image if body.bootable else None,
        )
        final = "error" if error_state(request) else "available"
        store.timeline("volumes", res, [("creating", "volume.creating"), (final, None)])
        return ok(request, public(res), "Volume created successfully", 201)


@router.get("/types/")
async def volume_types(request: Request) -> Response:
    types = [
        {
            "name": n,
            "tier": s["tier"],
            "min_gb": s["min_gb"],
            "max_gb": s["max_gb"],
            "price_per_gb_month": billing.volume_month_prices(n),
            "price_per_gb_hour": billing.volume_hour_prices(n),
        }
        for n, s in VOLUME_TYPES.items()
    ]
    return ok_list(request, {"volume_types": types}, "Volume types retrieved successfully")


@router.get("/billing/")
async def volume_billing(request: Request, page: int = 1, limit: int | None = None) -> Response:
    return billing_page(request, "volumes", page, limit)


def billing_page(request: Request, kind: str, page: int, limit: int | None) -> Response:
    """A billing list (``records`` + ``summary`` + billing page fields) for one resource kind."""
    store = store_of(request)
    with store.lock:
        records = billing.records(store, kind)
        data = page_billing(records, page, limit)
        data["summary"] = billing.summary(store, kind, records)
    return ok_list(request, data, "Billing records retrieved successfully")


@router.get("/{id}/")
async def get_volume(request: Request, id: str) -> Response:
    store = store_of(request)
    with store.lock:
        return ok(request, public(must_get(store, "volumes", id, "Volume")), "Volume retrieved successfully")


@router.delete("/{id}/")
async def delete_volume(request: Request, id: str) -> Response:
    store = store_of(request)
    with store.lock:
        res = must_get(store, "volumes", id, "Volume")
        if res["attached_to"] is not None or res["status"] == "in-use":
            raise invalid_state(f"Volume {id} is attached to instance {res['attached_to']}; detach it first.")
        if res["status"] == "creating":
            raise invalid_state(f"Volume {id} is still being created.")
        store.remove("volumes", id)
        return ok(request, None, "Volume deleted successfully")


def _advanced_only(res: dict[str, object], action: str) -> None:
    if res["tier"] != ADVANCED:
        raise ApiError(
            400,
            "VALIDATION_ERROR",
            f"{action} is only available on the advanced tier.",
            {"tier": [f"{action} is not available on the {LEGACY} tier."]},
        )


@router.post("/{id}/resize/")
async def resize_volume(request: Request, id: str, body: VolumeResizeBody) -> Response:
    store = store_of(request)
    with store.lock:
        res = must_get(store, "volumes", id, "Volume")
        _advanced_only(res, "Resizing")
        if res["status"] not in ("available", "in-use"):
            raise invalid_state(f"Volume {id} cannot be resized while {res['status']}.")
        if body.size_gb <= res["size_gb"]:
            raise validation("size_gb", f"Volumes can only grow: size_gb must be greater than {res['size_gb']}.")
        chk = Checker()
        check_volume_size(chk, res["volume_type"], body.size_gb)
        chk.raise_if_any()
        billing.accrue(store, res, store.now())
        res["size_gb"] = body.size_gb
        if error_state(request):
            res["status"] = "error"
        billing.rerate("volumes", store, res)
        return ok(request, public(res), "Volume resized successfully")


@router.post("/{id}/clone/", status_code=201)
async def clone_volume(request: Request, id: str, body: VolumeCloneBody) -> Response:
    chk = Checker()
    check_volume_name(chk, "name", body.name)
    chk.raise_if_any()
    store = store_of(request)
    with store.lock:
        src = must_get(store, "volumes", id, "Volume")
        _advanced_only(src, "Cloning")
        if src["status"] not in ("available", "in-use"):
            raise invalid_state(f"Volume {id} cannot be cloned while {src['status']}.")
        ensure_unique(store.res["volumes"].values(), body.name, "volume", region=src["region"])
        require_volume_account(store)
        res = factories.new_volume(
            store,
            name=body.name,
            region=src["region"],
            size_gb=src["size_gb"],
            volume_type=src["volume_type"],
            description=src["description"],
        )
        final = "error" if error_state(request) else "available"
        store.timeline("volumes", res, [("creating", "volume.clone"), (final, None)])
        return ok(request, public(res), "Volume cloned successfully", 201)
