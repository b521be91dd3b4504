"""Instances: deploy, list, get, delete, power actions, public IP, security rules, volumes, firewalls, billing."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from barrack_emulator import billing, factories
from barrack_emulator.catalogue import (
    HIBERNATED_RATE,
    LEGACY,
    MAX_CLOUD_INIT_BYTES,
    MAX_VOLUMES_PER_INSTANCE,
    OS_IMAGE_NAMES,
    RECENT_HIBERNATIONS,
)
from barrack_emulator.envelope import iso, ok, ok_list, page_standard
from barrack_emulator.errors import ApiError, insufficient_balance, invalid_state, quota
from barrack_emulator.routes import firewalls as fw_routes
from barrack_emulator.routes.common import (
    ensure_unique,
    error_state,
    filtered,
    must_get,
    public,
    render_page,
    store_of,
)
from barrack_emulator.routes.volumes import billing_page
from barrack_emulator.rules import Checker, check_general_name, check_gpu, check_region, normalise_rule, rule_key
from barrack_emulator.schemas import InstanceCreateBody, RuleBody, TogglePublicIpBody, VolumeIdsBody
from barrack_emulator.state import GONE, Resource, Store

router = APIRouter(prefix="/instances", tags=["instances"])
BOOT_SOURCES = ("os_image", "volume", "custom_image")
CREATE_STEPS = ("CREATING", "instance.CREATING"), ("BUILD", "instance.BUILD")
# action -> (allowed from, transitional status, duration key, final status)
ACTIONS: dict[str, tuple[frozenset[str], str, str, str]] = {
    "start": (frozenset({"SHUTOFF"}), "STARTING", "instance.STARTING", "ACTIVE"),
    "stop": (frozenset({"ACTIVE", "ERROR"}), "STOPPING", "instance.STOPPING", "SHUTOFF"),
    "reboot": (frozenset({"ACTIVE", "ERROR"}), "REBOOTING", "instance.REBOOTING", "ACTIVE"),
    "hibernate": (frozenset({"ACTIVE"}), "HIBERNATING", "instance.HIBERNATING", "HIBERNATED"),
    "restore": (frozenset({"HIBERNATED"}), "RESTORING", "instance.RESTORING", "ACTIVE"),
}
NEEDS_BALANCE = frozenset({"start", "restore"})


def require_instance_balance(store: Store, hourly: float) -> None:
    """An instance needs a balance covering at least one hour of its full rate (assumption)."""
    balance, cur = store.balance, store.currency
    if balance < hourly:
        raise insufficient_balance(
            f"Insufficient balance: {balance:.2f} {cur} does not cover one hour of this instance ({hourly:.2f} {cur})."
        )


def take_stock(store: Store, region: str, model: str, count: int) -> list[Any]:
    """Consume one machine of the size; a missing size is a 400 on gpu_count (Hyperstack answers capacity so)."""
    cfg = f"{count}x"
    free = store.stock.get(region, {}).get(model, {})
    if free.get(cfg, 0) <= 0:
        raise ApiError(
            400,
            "VALIDATION_ERROR",
            "Insufficient GPU capacity",
            {"gpu_count": [f"No {cfg} {model} machines are available in {region}."]},
        )
    free[cfg] -= 1
    return [region, model, cfg]


def return_stock(store: Store, inst: Resource) -> None:
    taken = inst.pop("_stock", None)
    if taken:
        region, model, cfg = taken
        store.stock.setdefault(region, {}).setdefault(model, {}).setdefault(cfg, 0)
        store.stock[region][model][cfg] += 1


def launch(request: Request, store: Store, **fields: Any) -> Resource:
    """Create the instance record, take stock and start the CREATING → BUILD → ACTIVE timeline."""
    taken = take_stock(store, fields["region"], fields["gpu_model"], fields["gpu_count"])
    inst = factories.new_instance(store, **fields)
    inst["_stock"] = taken
    final = "ERROR" if error_state(request) else "ACTIVE"
    store.timeline("instances", inst, [*CREATE_STEPS, (final, None)])
    return inst


@router.get("/")
async def list_instances(
    request: Request, page: int = 1, page_size: int | None = None, search: str | None = None, region: str | None = None
) -> Response:
    store = store_of(request)
    with store.lock:
        items = filtered(store.res["instances"].values(), search, region, field="vm_name")
        data = render_page(page_standard(items, "instances", page, page_size), "instances")
    return ok_list(request, data, "Instances retrieved successfully")


@router.post("/", status_code=201)
async def create_instance(request: Request, body: InstanceCreateBody) -> Response:
    store = store_of(request)
    chk = Checker()
    check_general_name(chk, "name", body.name)
    tier = check_region(chk, body.region)
    check_gpu(chk, tier, body.gpu_model, body.gpu_count)
    if body.cloud_init is not None:
        chk.check(
            len(body.cloud_init.encode()) <= MAX_CLOUD_INIT_BYTES,
            "cloud_init",
            f"Must be at most {MAX_CLOUD_INIT_BYTES} bytes.",
        )
    rules = [normalise_rule(chk, r.model_dump(), f"security_rules.{i}.") for i, r in enumerate(body.security_rules)]
    with store.lock:
        boot_source, boot_id, image, boot_volume = _check_boot(chk, store, body)
        ssh_keys = _check_keys(chk, store, body.ssh_key_ids)
        if body.startup_script_id is not None:
            chk.check(
                store.get("scripts", body.startup_script_id) is not None,
                "startup_script_id",
                f"Script {body.startup_script_id} does not exist.",
            )
        volumes = _check_create_volumes(chk, store, body.volume_ids, body.region, boot_volume)
        firewalls = _check_create_firewalls(chk, store, body.firewall_ids, body.region)
        chk.raise_if_any()
        keys = [rule_key(r) for r in rules]
        if len(set(keys)) != len(keys):
            raise ApiError(409, "CONFLICT", "security_rules contains duplicate rules.")
        ensure_unique(store.res["instances"].values(), body.name, "instance", field="vm_name")
        require_instance_balance(store, billing.instance_hourly(body.gpu_model, body.gpu_count, store.currency))
        inst = launch(
            request,
            store,
            name=body.name,
            region=body.region,
            gpu_model=body.gpu_model,
            gpu_count=body.gpu_count,
            image=image,
            boot_source=boot_source,
            boot_source_id=boot_id,
            ssh_keys=ssh_keys,
            public_ip=body.public_ip,
            startup_script_id=body.startup_script_id,
            cloud_init=body.cloud_init,
        )
        iid = inst["instance_id"]
        for vol in ([boot_volume] if boot_volume else []) + volumes:
            _attach(inst, vol)
        for fw in firewalls:
            fw["attachments"].append({"instance_id": iid, "status": "SUCCESS"})
            inst["firewalls"].append({"id": fw["id"], "name": fw["name"]})
        for rule in rules:
            inst["security_rules"].append(factories.new_rule(store, rule, status="SUCCESS"))
        return ok(request, public(inst), "Instance deployment started", 201)


def _check_boot(
    chk: Checker, store: Store, body: InstanceCreateBody
) -> tuple[str, str | None, str | None, Resource | None]:
    """Exactly one of image, or boot_source + boot_source_id; returns (source, id, image name, boot volume)."""
    if body.image is not None:
        if body.boot_source is not None or body.boot_source_id is not None:
            chk.add("image", "Give either image or boot_source + boot_source_id, not both.")
        chk.check(body.image in OS_IMAGE_NAMES, "image", "Unknown OS image; see GET /os-images/.")
        return "os_image", body.image, body.image, None
    if body.boot_source is None or body.boot_source_id is None:
        chk.add("image", "One of image or boot_source + boot_source_id is required.")
        return "os_image", None, None, None
    source, sid = body.boot_source, body.boot_source_id
    if not chk.check(source in BOOT_SOURCES, "boot_source", f"Must be one of {', '.join(BOOT_SOURCES)}."):
        return source, sid, None, None
    if source == "os_image":
        chk.check(sid in OS_IMAGE_NAMES, "boot_source_id", "Unknown OS image; see GET /os-images/.")
        return source, sid, sid, None
    if source == "volume":
        vol = store.get("volumes", sid)
        if not chk.check(vol is not None, "boot_source_id", f"Volume {sid} does not exist."):
            return source, sid, None, None
        assert vol is not None
        chk.check(bool(vol["bootable"]), "boot_source_id", f"Volume {sid} is not bootable.")
        chk.check(vol["region"] == body.region, "boot_source_id", f"Volume {sid} is in {vol['region']}.")
        chk.check(vol["status"] == "available", "boot_source_id", f"Volume {sid} is {vol['status']}, not available.")
        return source, sid, vol.get("image"), vol
    img = store.get("images", sid)
    if not chk.check(img is not None, "boot_source_id", f"Custom image {sid} does not exist."):
        return source, sid, None, None
    assert img is not None
    chk.check(img["region"] == body.region, "boot_source_id", f"Custom image {sid} is in {img['region']}.")
    chk.check(img["status"] == "available", "boot_source_id", f"Custom image {sid} is {img['status']}.")
    return source, sid, img["name"], None


def _check_keys(chk: Checker, store: Store, ids: list[str]) -> list[dict[str, str]]:
    if not ids:
        chk.add("ssh_key_ids", "At least one SSH key is required.")
        return []
    out = []
    for kid in dict.fromkeys(ids):
        key = store.get("ssh_keys", kid)
        if chk.check(key is not None, "ssh_key_ids", f"SSH key {kid} does not exist.") and key is not None:
            out.append({"id": kid, "name": key["name"]})
    return out


def _check_create_volumes(
    chk: Checker, store: Store, ids: list[str], region: str, boot: Resource | None
) -> list[Resource]:
    out = []
    unique = list(dict.fromkeys(ids))
    if len(unique) + (1 if boot else 0) > MAX_VOLUMES_PER_INSTANCE:
        chk.add("volume_ids", f"At most {MAX_VOLUMES_PER_INSTANCE} volumes per instance.")
    for vid in unique:
        vol = store.get("volumes", vid)
        if vol is None:
            chk.add("volume_ids", f"Volume {vid} does not exist.")
        elif vol["region"] != region:
            chk.add("volume_ids", f"Volume {vid} is in {vol['region']}, not {region}.")
        elif vol["status"] != "available" or (boot is not None and vid == boot["id"]):
            chk.add("volume_ids", f"Volume {vid} is {vol['status']}, not available.")
        else:
            out.append(vol)
    return out


def _check_create_firewalls(chk: Checker, store: Store, ids: list[str], region: str) -> list[Resource]:
    out = []
    for fid in dict.fromkeys(ids):
        fw = store.get("firewalls", fid)
        if fw is None:
            chk.add("firewall_ids", f"Firewall {fid} does not exist.")
        elif fw["region"] != region:
            chk.add("firewall_ids", f"Firewall {fid} is in {fw['region']}, not {region}.")
        elif fw["status"] != "SUCCESS":
            chk.add("firewall_ids", f"Firewall {fid} is {fw['status']}.")
        else:
            out.append(fw)
    return out


def _attach(inst: Resource, vol: Resource) -> None:
    vol["status"] = "in-use"
    vol["attached_to"] = inst["instance_id"]
    inst["volume_attachments"].append({"volume_id": vol["id"], "name": vol["name"], "status": "attached"})


@router.get("/billing/")
async def instance_billing(request: Request, page: int = 1, limit: int | None = None) -> Response:
    return billing_page(request, "instances", page, limit)


@router.get("/hibernated/")
async def hibernated(request: Request) -> Response:
    """`GetHibernatedVMsResponse`: the count, the most recent hibernations and their billing (I fields)."""
    store = store_of(request)
    with store.lock:
        asleep = [i for i in store.res["instances"].values() if i["status"] == "HIBERNATED"]
        asleep.sort(key=lambda i: float(i.get("_hibernated_at", 0.0)), reverse=True)
        full = round(sum(float(i["billing"]["hourly_rate"]) for i in asleep), 6)
        per_hour = billing.convert(HIBERNATED_RATE, store.currency)
        cost = round(per_hour * len(asleep), 6)
        data = {
            "count": len(asleep),
            "recent_hibernations": [
                {
                    "instance_id": i["instance_id"],
                    "vm_name": i["vm_name"],
                    "region": i["region"],
                    "status": i["status"],
                    "hibernated_at": iso(float(i["_hibernated_at"])) if "_hibernated_at" in i else None,
                }
                for i in asleep[:RECENT_HIBERNATIONS]
            ],
            "billing_metrics": {
                "hibernated_hourly_rate": round(per_hour, 6),
                "total_hourly_cost": cost,
                "full_hourly_rate": full,
                "hourly_savings": round(full - cost, 6),
                "currency": store.currency,
            },
        }
    return ok(request, data, "Hibernated instances retrieved successfully")


@router.get("/snapshot-eligible/")
async def snapshot_eligible(request: Request) -> Response:
    store = store_of(request)
    with store.lock:
        items = [
            public(i)
            for i in store.res["instances"].values()
            if i["tier"] == LEGACY and i["status"] in ("ACTIVE", "SHUTOFF")
        ]
    return ok_list(request, {"instances": items}, "Instances retrieved successfully", tier=LEGACY)


@router.get("/{id}/")
async def get_instance(request: Request, id: str) -> Response:
    store = store_of(request)
    with store.lock:
        return ok(request, public(must_get(store, "instances", id, "Instance")), "Instance retrieved successfully")


@router.delete("/{id}/")
async def delete_instance(request: Request, id: str) -> Response:
    store = store_of(request)
    with store.lock:
        inst = must_get(store, "instances", id, "Instance")
        if inst["status"] == "DELETING":
            return ok(request, None, "Instance deletion already in progress")
        if inst["status"] in ("CREATING", "BUILD"):
            raise invalid_state(f"Instance {id} is {inst['status']}; it can be deleted once it is ACTIVE or ERROR.")
        return_stock(store, inst)
        for att in inst["volume_attachments"]:
            vol = store.get("volumes", att["volume_id"])
            if vol is None:
                continue
            if vol["bootable"]:
                store.remove("volumes", vol["id"])
            else:
                vol["status"] = "available"
                vol["attached_to"] = None
        inst["volume_attachments"] = []
        fw_routes.detach_everywhere(store, id)
        inst["firewalls"] = []
        store.timeline("instances", inst, [("DELETING", "instance.DELETING"), (GONE, None)])
        return ok(request, None, "Instance deletion started")


def _action(request: Request, id: str, action: str) -> Response:
    allowed, transitional, duration, final = ACTIONS[action]
    store = store_of(request)
    with store.lock:
        inst = must_get(store, "instances", id, "Instance")
        if inst["status"] not in allowed:
            raise invalid_state(
                f"Cannot {action} instance {id} while it is {inst['status']} "
                f"(allowed from {', '.join(sorted(allowed))})."
            )
        if action in NEEDS_BALANCE:
            require_instance_balance(store, float(inst["billing"]["hourly_rate"]))
        end = "ERROR" if error_state(request) else final
        store.timeline("instances", inst, [(transitional, duration), (end, None)])
        return ok(request, public(inst), f"Instance {action} started")


@router.post("/{id}/start/")
async def start(request: Request, id: str) -> Response:
    return _action(request, id, "start")


@router.post("/{id}/stop/")
async def stop(request: Request, id: str) -> Response:
    return _action(request, id, "stop")


@router.post("/{id}/reboot/")
async def reboot(request: Request, id: str) -> Response:
    return _action(request, id, "reboot")


@router.post("/{id}/hibernate/")
async def hibernate(request: Request, id: str) -> Response:
    return _action(request, id, "hibernate")


@router.post("/{id}/restore/")
async def restore(request: Request, id: str) -> Response:
    return _action(request, id, "restore")


@router.post("/{id}/toggle-public-ip/")
async def toggle_public_ip(request: Request, id: str, body: TogglePublicIpBody) -> Response:
    store = store_of(request)
    with store.lock:
        inst = must_get(store, "instances", id, "Instance")
        if inst["status"] not in ("ACTIVE", "SHUTOFF"):
            raise invalid_state(f"The public IP can be changed when ACTIVE or SHUTOFF, not {inst['status']}.")
        if body.enable:
            inst["ip_address"] = inst["ip_address"] or factories.ip_for(int(inst.get("_n", 0)))
            inst["ip_status"] = factories.IP_ASSIGNED
        else:
            inst["ip_address"] = None
            inst["ip_status"] = factories.IP_UNASSIGNED
        if error_state(request):
            store.set_status("instances", inst, "ERROR")
        return ok(request, public(inst), "Public IP updated")


@router.post("/{id}/security-rules/", status_code=201)
async def add_security_rule(request: Request, id: str, body: RuleBody) -> Response:
    store = store_of(request)
    with store.lock:
        inst = must_get(store, "instances", id, "Instance")
        if inst["status"] == "DELETING":
            raise invalid_state(f"Instance {id} is being deleted.")
        return fw_routes.add_rule(request, store, "instances", inst, "security_rules", body)


@router.delete("/{id}/security-rules/{rule_id}/")
async def delete_security_rule(request: Request, id: str, rule_id: str) -> Response:
    store = store_of(request)
    with store.lock:
        inst = must_get(store, "instances", id, "Instance")
        return fw_routes.remove_rule(request, store, inst, "security_rules", rule_id)


@router.get("/{id}/firewalls/")
async def instance_firewalls(request: Request, id: str) -> Response:
    store = store_of(request)
    with store.lock:
        inst = must_get(store, "instances", id, "Instance")
        items = []
        for ref in inst["firewalls"]:
            fw = store.get("firewalls", ref["id"])
            if fw is not None:
                items.append(public(fw))
        return ok_list(request, {"firewalls": items}, "Firewalls retrieved successfully")


def _check_volume_state(inst: Resource) -> None:
    """Attach/detach: the instance must be SHUTOFF, on both tiers (D, newest docs)."""
    if inst["status"] != "SHUTOFF":
        raise invalid_state(
            f"Volumes can be attached and detached only when the instance is SHUTOFF; "
            f"instance {inst['instance_id']} is {inst['status']}."
        )


@router.post("/{id}/attach-volumes/")
async def attach_volumes(request: Request, id: str, body: VolumeIdsBody) -> Response:
    store = store_of(request)
    with store.lock:
        inst = must_get(store, "instances", id, "Instance")
        ids = list(dict.fromkeys(body.volume_ids))
        chk = Checker()
        chk.check(bool(ids), "volume_ids", "At least one volume id is required.")
        vols = []
        for vid in ids:
            vol = store.get("volumes", vid)
            if vol is None:
                chk.add("volume_ids", f"Volume {vid} does not exist.")
            elif vol["region"] != inst["region"]:
                chk.add("volume_ids", f"Volume {vid} is in {vol['region']}, not {inst['region']}.")
            else:
                vols.append(vol)
        chk.raise_if_any()
        _check_volume_state(inst)
        for vol in vols:
            if vol["status"] != "available":
                raise invalid_state(f"Volume {vol['id']} is {vol['status']}, not available.")
        if len(inst["volume_attachments"]) + len(vols) > MAX_VOLUMES_PER_INSTANCE:
            raise quota(f"Volume quota exceeded: at most {MAX_VOLUMES_PER_INSTANCE} volumes per instance.")
        for vol in vols:
            _attach(inst, vol)
            if error_state(request):
                vol["status"] = "error"
            billing.rerate("volumes", store, vol)
        return ok(request, public(inst), "Volumes attached")


@router.post("/{id}/detach-volumes/")
async def detach_volumes(request: Request, id: str, body: VolumeIdsBody) -> Response:
    store = store_of(request)
    with store.lock:
        inst = must_get(store, "instances", id, "Instance")
        ids = list(dict.fromkeys(body.volume_ids))
        attached = {a["volume_id"] for a in inst["volume_attachments"]}
        chk = Checker()
        chk.check(bool(ids), "volume_ids", "At least one volume id is required.")
        for vid in ids:
            chk.check(vid in attached, "volume_ids", f"Volume {vid} is not attached to instance {id}.")
        chk.raise_if_any()
        _check_volume_state(inst)
        for vid in ids:
            vol = store.get("volumes", vid)
            if vol is not None and vol["bootable"]:
                raise invalid_state(f"Volume {vid} is a bootable volume; it can never be detached.")
        for vid in ids:
            vol = store.get("volumes", vid)
            if vol is not None:
                vol["attached_to"] = None
                vol["status"] = "error" if error_state(request) else "available"
                billing.rerate("volumes", store, vol)
        inst["volume_attachments"] = [a for a in inst["volume_attachments"] if a["volume_id"] not in ids]
        return ok(request, public(inst), "Volumes detached")
