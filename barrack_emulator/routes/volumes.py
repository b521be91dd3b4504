"""Volumes: list, create, get, delete, resize and clone (advanced tier), types, billing."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from barrack_emulator import billing
from barrack_emulator.catalogue import ADVANCED, LEGACY, MIN_BALANCE_VOLUME, OS_IMAGES, REGIONS, VOLUME_TYPES
from barrack_emulator.envelope import iso, ok, ok_list
from barrack_emulator.errors import ApiError, insufficient_balance, invalid_state, profile_incomplete, validation
from barrack_emulator.kinds import Kind, Resource
from barrack_emulator.routes.common import ensure_unique, error_state, locked, must_get, public, transition
from barrack_emulator.rules import VOLUME_NAME, Checker, check_description, check_name, check_region, check_volume_size
from barrack_emulator.schemas import VolumeCloneBody, VolumeCreateBody, VolumeResizeBody
from barrack_emulator.state import Store

router = APIRouter(prefix="/volumes", tags=["volumes"])
UBUNTU_IMAGES = frozenset(i["name"] for i in OS_IMAGES if i["os"] == "Ubuntu")
READY = frozenset({"available", "in-use"})  # billed; can be resized and cloned


def new_volume(
    store: Store,
    *,
    name: str,
    region: str,
    size_gb: int,
    volume_type: str,
    description: str | None = None,
    bootable: bool = False,
    image: str | None = None,
    status: str = "creating",
) -> Resource:
    now = store.now()
    res: Resource = {
        "id": store.new_id("volumes"),
        "name": name,
        "region": region,
        "tier": REGIONS[region],
        "size_gb": size_gb,
        "volume_type": volume_type,
        "description": description,
        "bootable": bootable,
        "image": image,
        "status": status,
        "attached_to": None,
        "created_at": iso(now),
    }
    billing.open_account(store, "volumes", res, now)
    return store.add("volumes", res)


def _seed(store: Store, name: str, a: dict[str, Any]) -> Resource:
    region = a.get("region", "FINLAND-1")
    vtype = a.get("volume_type") or next(t for t, s in VOLUME_TYPES.items() if s["tier"] == REGIONS[region])
    return new_volume(
        store,
        name=name,
        region=region,
        size_gb=int(a.get("size_gb", 100)),
        volume_type=vtype,
        description=a.get("description"),
        status=a.get("status", "available"),
    )


def _rate(vol: Resource, currency: str) -> float:
    """Its GB-month price / 730 x size while available or in use."""
    return billing.volume_hourly(vol["volume_type"], vol["size_gb"], currency) if vol["status"] in READY else 0.0


def _check_delete(store: Store, vol: Resource) -> None:
    if vol["attached_to"] is not None or vol["status"] == "in-use":
        raise invalid_state(f"Volume {vol['id']} is attached to instance {vol['attached_to']}; detach it first.")


KIND = Kind(
    "volumes",
    "Volume",
    router,
    first_id=5_000,
    seed=_seed,
    rate=_rate,
    regional=True,
    creating="creating",
    check_delete=_check_delete,
)


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


@router.post("/", status_code=201)
async def create_volume(request: Request, body: VolumeCreateBody) -> Response:
    chk = Checker()
    check_name(chk, "name", body.name, VOLUME_NAME)
    tier = check_region(chk, body.region)
    vtype = VOLUME_TYPES.get(body.volume_type)
    if chk.check(vtype is not None, "volume_type", f"Must be one of {', '.join(VOLUME_TYPES)}.") and vtype:
        if tier is not None and vtype["tier"] != tier:
            chk.add("volume_type", f"{body.volume_type} volumes are not available in {body.region} ({tier} tier).")
        check_volume_size(chk, body.volume_type, body.size_gb)
    check_description(chk, body.description)
    if body.bootable:
        chk.check(tier != ADVANCED, "bootable", "Bootable volumes are only available on the legacy tier.")
        if chk.check(body.image is not None, "image", "A bootable volume needs an image."):
            chk.check(body.image in UBUNTU_IMAGES, "image", "A bootable volume needs an Ubuntu OS image.")
    else:
        chk.check(body.image is None, "image", "image is only allowed for bootable volumes.")
    chk.raise_if_any()
    with locked(request) as store:
        ensure_unique(store, KIND, body.name, region=body.region)
        require_volume_account(store)
        res = new_volume(store, **body.model_dump())  # image is None unless bootable (checked above)
        transition(request, store, "volumes", res, [("creating", "volume.creating")], "available")
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
    with locked(request) as store:
        res = must_get(store, KIND, id)
        _advanced_only(res, "Resizing")
        if res["status"] not in READY:
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
    check_name(chk, "name", body.name, VOLUME_NAME)
    chk.raise_if_any()
    with locked(request) as store:
        src = must_get(store, KIND, id)
        _advanced_only(src, "Cloning")
        if src["status"] not in READY:
            raise invalid_state(f"Volume {id} cannot be cloned while {src['status']}.")
        ensure_unique(store, KIND, body.name, region=src["region"])
        require_volume_account(store)
        res = new_volume(
            store,
            name=body.name,
            region=src["region"],
            size_gb=src["size_gb"],
            volume_type=src["volume_type"],
            description=src["description"],
        )
        transition(request, store, "volumes", res, [("creating", "volume.clone")], "available")
        return ok(request, public(res), "Volume cloned successfully", 201)
