"""Snapshots: list (``pageSize``!), create, get, delete, restore into a new instance, billing, image relations."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from barrack_emulator import billing
from barrack_emulator.catalogue import LEGACY, SNAPSHOT_PRICE_GB_HOUR
from barrack_emulator.envelope import iso, ok, ok_beside
from barrack_emulator.errors import invalid_state, validation, validation_many
from barrack_emulator.kinds import Kind, Resource
from barrack_emulator.routes import instances
from barrack_emulator.routes.common import ensure_unique, locked, must_get, public, transition
from barrack_emulator.rules import Checker, check_description, check_name
from barrack_emulator.schemas import SnapshotCreateBody, SnapshotImagesBody, SnapshotRestoreBody
from barrack_emulator.state import Store

router = APIRouter(prefix="/snapshots", tags=["snapshots"])
MAX_BATCH = 100


def new_snapshot(
    store: Store, *, name: str, description: str | None, instance: Resource, status: str = "CREATING"
) -> Resource:
    now = store.now()
    specs = instance["specs"]
    res: Resource = {
        "id": store.new_id("snapshots"),
        "name": name,
        "description": description,
        "instance_id": instance["instance_id"],
        "vm_name": instance["vm_name"],
        "region": instance["region"],
        "status": status,
        "size_gb": specs["storage_gb"],
        "vcpus": specs["vcpus"],
        "ram_gb": specs["ram_gb"],
        "gpu_type": specs["gpu_type"],
        "gpu_count": specs["gpu_count"],
        "disk_gb": specs["storage_gb"],
        "created_at": iso(now),
        "_source": {
            "gpu_model": specs["gpu_type"],
            "gpu_count": specs["gpu_count"],
            "image": instance.get("image"),
            "ssh_keys": list(instance.get("ssh_keys", [])),
            "public_ip": bool(instance.get("ip_address")),
        },
        "_tier": instance["tier"],
    }
    billing.open_account(store, "snapshots", res, now)
    return store.add("snapshots", res)


def _seed(store: Store, name: str, a: dict[str, Any]) -> Resource:
    inst = instances.KIND.seeded_or_new(store, a, "instance_id", "seed-src")
    return new_snapshot(
        store, name=name, description=a.get("description"), instance=inst, status=a.get("status", "SUCCESS")
    )


def _rate(snap: Resource, currency: str) -> float:
    """Storage per GB-hour while SUCCESS."""
    price = SNAPSHOT_PRICE_GB_HOUR.get(snap.get("_tier", LEGACY), 0.0)
    return billing.convert(price, currency) * snap["size_gb"] if snap["status"] == "SUCCESS" else 0.0


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


def _view(store: Store, snap: Resource) -> dict[str, Any]:
    """The stored details plus whether the snapshot is also an image (D)."""
    return {**public(snap), "is_image": image_of(store, snap["id"]) is not None}


KIND = Kind(
    "snapshots",
    "Snapshot",
    router,
    first_id=100_000,
    seed=_seed,
    make_id=lambda n: f"BRK-{n % 1_000_000:06d}S",
    rate=_rate,
    list_tier=LEGACY,
    page_size_param="pageSize",
    view=_view,
    creating="CREATING",
)


@router.post("/", status_code=201)
async def create_snapshot(request: Request, body: SnapshotCreateBody) -> Response:
    chk = Checker()
    check_name(chk, "name", body.name)
    check_description(chk, body.description)
    chk.raise_if_any()
    with locked(request) as store:
        inst = store.get("instances", body.instance_id)
        if inst is None:
            raise validation("instance_id", f"Instance {body.instance_id} does not exist.")
        if inst["tier"] != LEGACY:
            raise validation("instance_id", "Snapshots are only available for legacy-tier instances.")
        if inst["status"] not in ("ACTIVE", "SHUTOFF"):
            raise invalid_state(
                f"Instance {inst['instance_id']} is {inst['status']}; snapshots need ACTIVE or SHUTOFF."
            )
        ensure_unique(store, KIND, body.name)
        snap = new_snapshot(store, name=body.name, description=body.description, instance=inst)
        transition(request, store, "snapshots", snap, [("CREATING", "snapshot.CREATING")], "SUCCESS")
        return ok(request, _view(store, snap), "Snapshot creation started", 201)


@router.post("/images/")
async def snapshot_images(request: Request, body: SnapshotImagesBody) -> Response:
    """Read-only batch look-up: `{relationships: [...]}` in the order asked; unknown ids are 400 on snapshot_ids."""
    ids = list(dict.fromkeys(body.snapshot_ids))
    problems: list[str] = []
    if not ids:
        problems.append("At least one snapshot id is required.")
    if len(ids) > MAX_BATCH:
        problems.append(f"At most {MAX_BATCH} snapshot ids per call.")
    with locked(request) as store:
        problems += [f"Snapshot {i} does not exist." for i in ids if store.get("snapshots", i) is None]
        if problems:
            raise validation_many({"snapshot_ids": problems})
        data = {"relationships": [relationship(store, i) for i in ids]}
    return ok(request, data, "Snapshot image relationships retrieved successfully", tier=LEGACY)


@router.get("/{id}/image/")
async def snapshot_image(request: Request, id: str) -> Response:
    with locked(request) as store:
        must_get(store, KIND, id)
        return ok(request, relationship(store, id), "Snapshot image relationship retrieved successfully", tier=LEGACY)


@router.post("/{id}/restore/")
async def restore_snapshot(request: Request, id: str, body: SnapshotRestoreBody) -> Response:
    chk = Checker()
    check_name(chk, "new_vm_name", body.new_vm_name)
    chk.raise_if_any()
    with locked(request) as store:
        snap = must_get(store, KIND, id)
        if snap["status"] not in ("SUCCESS", "available"):
            raise invalid_state(f"Snapshot {id} is {snap['status']}; only a SUCCESS snapshot can be restored.")
        src = snap["_source"]
        ensure_unique(store, instances.KIND, body.new_vm_name)
        instances.require_instance_balance(
            store, billing.instance_hourly(src["gpu_model"], src["gpu_count"], store.currency)
        )
        inst = instances.launch(
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
