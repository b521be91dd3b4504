"""Snapshots: list (``pageSize``!), create, get, delete, restore into a new instance, billing, image relations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from barrack_emulator import billing, factories
from barrack_emulator.catalogue import LEGACY
from barrack_emulator.envelope import ok, ok_beside, ok_list, page_standard
from barrack_emulator.errors import invalid_state, validation, validation_many
from barrack_emulator.routes.common import (
    ensure_unique,
    error_state,
    filtered,
    must_get,
    public,
    render_page,
    store_of,
)
from barrack_emulator.routes.instances import launch, require_instance_balance
from barrack_emulator.routes.volumes import billing_page
from barrack_emulator.rules import Checker, check_description, check_general_name
from barrack_emulator.schemas import SnapshotCreateBody, SnapshotImagesBody, SnapshotRestoreBody
from barrack_emulator.state import Resource, Store

router = APIRouter(prefix="/snapshots", tags=["snapshots"])
MAX_BATCH = 100


def image_of(store: Store, snap_id: str) -> Resource | None:
    """The first custom image made from a snapshot, if any."""
    return next((i for i in store.res["images"].values() if i.get("snapshot_id") == snap_id), None)


def relationship(store: Store, snap_id: str) -> dict[str, object]:
    """`{snapshot_id, is_image, image_id, image_name}` of one snapshot."""
    img = image_of(store, snap_id)
    return {
        "snapshot_id": snap_id,
        "is_image": img is not None,
        "image_id": img["id"] if img else None,
        "image_name": img["name"] if img else None,
    }


def render(store: Store) -> Callable[[Resource], dict[str, Any]]:
    """The API view of a snapshot: its stored details plus whether it is also an image (D)."""

    def view(snap: Resource) -> dict[str, Any]:
        return {**public(snap), "is_image": image_of(store, snap["id"]) is not None}

    return view


@router.get("/")
async def list_snapshots(
    request: Request, page: int = 1, page_size: int | None = Query(None, alias="pageSize"), search: str | None = None
) -> Response:
    store = store_of(request)
    with store.lock:
        items = filtered(store.res["snapshots"].values(), search)
        data = render_page(
            page_standard(items, "snapshots", page, page_size, size_field="pageSize"), "snapshots", render(store)
        )
    return ok_list(request, data, "Snapshots retrieved successfully", tier=LEGACY)


@router.post("/", status_code=201)
async def create_snapshot(request: Request, body: SnapshotCreateBody) -> Response:
    chk = Checker()
    check_general_name(chk, "name", body.name)
    check_description(chk, body.description)
    chk.raise_if_any()
    store = store_of(request)
    with store.lock:
        inst = store.get("instances", body.instance_id)
        if inst is None:
            raise validation("instance_id", f"Instance {body.instance_id} does not exist.")
        if inst["tier"] != LEGACY:
            raise validation("instance_id", "Snapshots are only available for legacy-tier instances.")
        if inst["status"] not in ("ACTIVE", "SHUTOFF"):
            raise invalid_state(
                f"Instance {inst['instance_id']} is {inst['status']}; snapshots need ACTIVE or SHUTOFF."
            )
        ensure_unique(store.res["snapshots"].values(), body.name, "snapshot")
        snap = factories.new_snapshot(store, name=body.name, description=body.description, instance=inst)
        final = "ERROR" if error_state(request) else "SUCCESS"
        store.timeline("snapshots", snap, [("CREATING", "snapshot.CREATING"), (final, None)])
        return ok(request, render(store)(snap), "Snapshot creation started", 201)


@router.get("/billing/")
async def snapshot_billing(request: Request, page: int = 1, limit: int | None = None) -> Response:
    return billing_page(request, "snapshots", page, limit)


@router.post("/images/")
async def snapshot_images(request: Request, body: SnapshotImagesBody) -> Response:
    """Read-only batch look-up: `{relationships: [...]}` in the order asked; unknown ids are 400 on snapshot_ids."""
    ids = list(dict.fromkeys(body.snapshot_ids))
    problems: list[str] = []
    if not ids:
        problems.append("At least one snapshot id is required.")
    if len(ids) > MAX_BATCH:
        problems.append(f"At most {MAX_BATCH} snapshot ids per call.")
    store = store_of(request)
    with store.lock:
        problems += [f"Snapshot {i} does not exist." for i in ids if store.get("snapshots", i) is None]
        if problems:
            raise validation_many({"snapshot_ids": problems})
        data = {"relationships": [relationship(store, i) for i in ids]}
    return ok(request, data, "Snapshot image relationships retrieved successfully", tier=LEGACY)


@router.get("/{id}/")
async def get_snapshot(request: Request, id: str) -> Response:
    store = store_of(request)
    with store.lock:
        snap = must_get(store, "snapshots", id, "Snapshot")
        return ok(request, render(store)(snap), "Snapshot retrieved successfully")


@router.get("/{id}/image/")
async def snapshot_image(request: Request, id: str) -> Response:
    store = store_of(request)
    with store.lock:
        must_get(store, "snapshots", id, "Snapshot")
        return ok(request, relationship(store, id), "Snapshot image relationship retrieved successfully", tier=LEGACY)


@router.delete("/{id}/")
async def delete_snapshot(request: Request, id: str) -> Response:
    store = store_of(request)
    with store.lock:
        snap = must_get(store, "snapshots", id, "Snapshot")
        if snap["status"] == "CREATING":
            raise invalid_state(f"Snapshot {id} is still being created.")
        store.remove("snapshots", id)
        return ok(request, None, "Snapshot deleted successfully")


@router.post("/{id}/restore/")
async def restore_snapshot(request: Request, id: str, body: SnapshotRestoreBody) -> Response:
    chk = Checker()
    check_general_name(chk, "new_vm_name", body.new_vm_name)
    chk.raise_if_any()
    store = store_of(request)
    with store.lock:
        snap = must_get(store, "snapshots", id, "Snapshot")
        if snap["status"] not in ("SUCCESS", "available"):
            raise invalid_state(f"Snapshot {id} is {snap['status']}; only a SUCCESS snapshot can be restored.")
        src = snap["_source"]
        ensure_unique(store.res["instances"].values(), body.new_vm_name, "instance", field="vm_name")
        require_instance_balance(store, billing.instance_hourly(src["gpu_model"], src["gpu_count"], store.currency))
        inst = launch(
            request,
            store,
            name=body.new_vm_name,
            region=snap["region"],
            gpu_model=src["gpu_model"],
            gpu_count=src["gpu_count"],
            image=src.get("image"),
            boot_source="snapshot",
            boot_source_id=id,
            ssh_keys=[k for k in src.get("ssh_keys", []) if store.get("ssh_keys", k["id"]) is not None],
            public_ip=bool(src.get("public_ip", True)),
        )
        beside = {"snapshot": {"id": snap["id"], "name": snap["name"]}, "tier": inst["tier"]}
        return ok_beside(request, public(inst), beside, "Snapshot restored successfully")
