"""Snapshots: list (``pageSize``!), create, get, delete, restore into a new instance, billing."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from barrack_emulator import billing, factories
from barrack_emulator.catalogue import LEGACY
from barrack_emulator.envelope import ok, page_standard
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
from barrack_emulator.routes.instances import launch, require_instance_balance
from barrack_emulator.routes.volumes import billing_page
from barrack_emulator.rules import Checker, check_description, check_general_name
from barrack_emulator.schemas import SnapshotCreateBody, SnapshotRestoreBody

router = APIRouter(prefix="/snapshots", tags=["snapshots"])


@router.get("/")
async def list_snapshots(
    request: Request, page: int = 1, page_size: int | None = Query(None, alias="pageSize"), search: str | None = None
) -> Response:
    store = store_of(request)
    with store.lock:
        items = filtered(store.res["snapshots"].values(), search)
        data = render_page(page_standard(items, "snapshots", page, page_size, size_field="pageSize"), "snapshots")
    return ok(request, data, "Snapshots retrieved successfully")


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
        return ok(request, public(snap), "Snapshot creation started", 201)


@router.get("/billing/")
async def snapshot_billing(request: Request, page: int = 1, limit: int | None = None) -> Response:
    return billing_page(request, "snapshots", page, limit)


@router.get("/{id}/")
async def get_snapshot(request: Request, id: str) -> Response:
    store = store_of(request)
    with store.lock:
        return ok(request, public(must_get(store, "snapshots", id, "Snapshot")), "Snapshot retrieved successfully")


@router.delete("/{id}/")
async def delete_snapshot(request: Request, id: str) -> Response:
    store = store_of(request)
    with store.lock:
        snap = must_get(store, "snapshots", id, "Snapshot")
        if snap["status"] == "CREATING":
            raise invalid_state(f"Snapshot {id} is still being created.")
        store.remove("snapshots", id)
        return ok(request, None, "Snapshot deleted successfully")


@router.post("/{id}/restore/", status_code=201)
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
        require_instance_balance(store, billing.instance_hourly(src["gpu_model"], src["gpu_count"]))
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
        data = public(inst)
        data["snapshot"] = {"id": snap["id"], "name": snap["name"]}
        return ok(request, data, "Snapshot restore started", 201)
