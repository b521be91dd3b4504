"""Custom images: list (``page_size``), create from a SUCCESS snapshot, get, delete."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from barrack_emulator.catalogue import LEGACY
from barrack_emulator.envelope import iso, ok
from barrack_emulator.errors import invalid_state, validation
from barrack_emulator.kinds import Kind, Resource
from barrack_emulator.routes import snapshots
from barrack_emulator.routes.common import ensure_unique, locked, public, transition
from barrack_emulator.rules import Checker, check_description, check_name
from barrack_emulator.schemas import ImageCreateBody
from barrack_emulator.state import Store

router = APIRouter(prefix="/custom-images", tags=["custom-images"])


def new_image(
    store: Store, *, name: str, description: str | None, snapshot: Resource, status: str = "creating"
) -> Resource:
    res: Resource = {
        "id": store.new_id("images"),
        "name": name,
        "type": "Snapshot",
        "status": status,
        "size": f"{float(snapshot['size_gb']):.1f} GB",
        "snapshot_name": snapshot["name"],
        "created": iso(store.now()),
        "description": description,
        "snapshot_id": snapshot["id"],
        "region": snapshot["region"],
        "_source": dict(snapshot.get("_source", {})),
    }
    return store.add("images", res)


def _seed(store: Store, name: str, a: dict[str, Any]) -> Resource:
    snap = snapshots.KIND.seeded_or_new(store, a, "snapshot_id", "seed-snap")
    return new_image(
        store, name=name, description=a.get("description"), snapshot=snap, status=a.get("status", "available")
    )


KIND = Kind(
    "images",
    "Custom image",
    router,
    first_id=12_000,
    seed=_seed,
    aliases=("custom_images", "custom_image"),
    list_tier=LEGACY,
    creating="creating",
)


@router.post("/", status_code=201)
async def create_image(request: Request, body: ImageCreateBody) -> Response:
    chk = Checker()
    check_name(chk, "name", body.name)
    check_description(chk, body.description)
    chk.raise_if_any()
    with locked(request) as store:
        snap = store.get("snapshots", body.snapshot_id)
        if snap is None:
            raise validation("snapshot_id", f"Snapshot {body.snapshot_id} does not exist.")
        if snap["status"] not in ("SUCCESS", "available"):
            raise invalid_state(f"Snapshot {snap['id']} is {snap['status']}; a custom image needs a SUCCESS snapshot.")
        ensure_unique(store, KIND, body.name)
        img = new_image(store, name=body.name, description=body.description, snapshot=snap)
        transition(request, store, "images", img, [("creating", "image.creating")], "available")
        return ok(request, public(img), "Custom image creation started", 201)
