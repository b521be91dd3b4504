"""Custom images: list (``page_size``), create from a SUCCESS snapshot, get, delete."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from barrack_emulator import factories
from barrack_emulator.catalogue import LEGACY
from barrack_emulator.envelope import ok, ok_list, page_standard
from barrack_emulator.errors import invalid_state, validation
from barrack_emulator.routes.common import (
    ensure_unique,
    error_state,
    filtered,
    must_get,
    public,
    render_page,
    store_of,
)
from barrack_emulator.rules import Checker, check_description, check_general_name
from barrack_emulator.schemas import ImageCreateBody

router = APIRouter(prefix="/custom-images", tags=["custom-images"])


@router.get("/")
async def list_images(
    request: Request, page: int = 1, page_size: int | None = None, search: str | None = None
) -> Response:
    store = store_of(request)
    with store.lock:
        items = filtered(store.res["images"].values(), search)
        data = render_page(page_standard(items, "images", page, page_size), "images")
    return ok_list(request, data, "Custom images retrieved successfully", tier=LEGACY)


@router.post("/", status_code=201)
async def create_image(request: Request, body: ImageCreateBody) -> Response:
    chk = Checker()
    check_general_name(chk, "name", body.name)
    check_description(chk, body.description)
    chk.raise_if_any()
    store = store_of(request)
    with store.lock:
        snap = store.get("snapshots", body.snapshot_id)
        if snap is None:
            raise validation("snapshot_id", f"Snapshot {body.snapshot_id} does not exist.")
        if snap["status"] not in ("SUCCESS", "available"):
            raise invalid_state(f"Snapshot {snap['id']} is {snap['status']}; a custom image needs a SUCCESS snapshot.")
        ensure_unique(store.res["images"].values(), body.name, "custom image")
        img = factories.new_image(store, name=body.name, description=body.description, snapshot=snap)
        final = "error" if error_state(request) else "available"
        store.timeline("images", img, [("creating", "image.creating"), (final, None)])
        return ok(request, public(img), "Custom image creation started", 201)


@router.get("/{id}/")
async def get_image(request: Request, id: str) -> Response:
    store = store_of(request)
    with store.lock:
        return ok(request, public(must_get(store, "images", id, "Custom image")), "Custom image retrieved successfully")


@router.delete("/{id}/")
async def delete_image(request: Request, id: str) -> Response:
    store = store_of(request)
    with store.lock:
        img = must_get(store, "images", id, "Custom image")
        if img["status"] == "creating":
            raise invalid_state(f"Custom image {id} is still being created.")
        store.remove("images", id)
        return ok(request, None, "Custom image deleted successfully")
