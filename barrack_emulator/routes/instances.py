"""Instances: deploy, list, get, delete, power actions, public IP, security rules, volumes, firewalls, billing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request, Response

from barrack_emulator import billing
from barrack_emulator.catalogue import (
    GPU_MODELS,
    HIBERNATED_RATE,
    LEGACY,
    MAX_CLOUD_INIT_BYTES,
    MAX_VOLUMES_PER_INSTANCE,
    OS_IMAGE_NAMES,
    RECENT_HIBERNATIONS,
    REGIONS,
)
from barrack_emulator.envelope import iso, ok, ok_list
from barrack_emulator.errors import ApiError, insufficient_balance, invalid_state, quota, validation_many
from barrack_emulator.kinds import Kind, Resource
from barrack_emulator.routes import firewalls, volumes
from barrack_emulator.routes.common import (
    ensure_unique,
    error_state,
    find_all,
    locked,
    must_get,
    public,
    store_of,
    transition,
)
from barrack_emulator.rules import Checker, check_gpu, check_name, check_region, normalise_rule, rule_key
from barrack_emulator.schemas import InstanceCreateBody, RuleBody, TogglePublicIpBody, VolumeIdsBody
from barrack_emulator.state import GONE, Store

router = APIRouter(prefix="/instances", tags=["instances"])
BOOT_SOURCES = ("os_image", "volume", "custom_image")
CREATE_STEPS = ("CREATING", "instance.CREATING"), ("BUILD", "instance.BUILD")
LAUNCH_FIELDS = {"name", "region", "gpu_model", "gpu_count", "public_ip", "startup_script_id", "cloud_init"}
# action -> (allowed from, transitional status, duration key, final status)
ACTIONS: dict[str, tuple[frozenset[str], str, str, str]] = {
    "start": (frozenset({"SHUTOFF"}), "STARTING", "instance.STARTING", "ACTIVE"),
    "stop": (frozenset({"ACTIVE", "ERROR"}), "STOPPING", "instance.STOPPING", "SHUTOFF"),
    "reboot": (frozenset({"ACTIVE", "ERROR"}), "REBOOTING", "instance.REBOOTING", "ACTIVE"),
    "hibernate": (frozenset({"ACTIVE"}), "HIBERNATING", "instance.HIBERNATING", "HIBERNATED"),
    "restore": (frozenset({"HIBERNATED"}), "RESTORING", "instance.RESTORING", "ACTIVE"),
}
NEEDS_BALANCE = frozenset({"start", "restore"})
FULL_RATE = frozenset({"ACTIVE", "SHUTOFF"})
IP_ASSIGNED = "assigned"  # D (restore example)
IP_UNASSIGNED = "unassigned"  # I
DEFAULT_IMAGE = "Ubuntu Server 22.04 LTS R535 CUDA 12.2"


def ip_for(n: int, private: bool = False) -> str:
    """A deterministic IPv4 address for the n-th instance."""
    return f"{'10.0' if private else '38.80'}.{(n >> 8) & 255}.{n & 255}"


def new_instance(
    store: Store,
    *,
    name: str,
    region: str,
    gpu_model: str,
    gpu_count: int,
    image: str | None,
    boot_source: str,
    boot_source_id: str | None,
    ssh_keys: list[dict[str, str]],
    public_ip: bool,
    startup_script_id: str | None = None,
    cloud_init: str | None = None,
    status: str = "CREATING",
) -> Resource:
    spec = GPU_MODELS[gpu_model]
    rid = store.new_id("instances")
    n = store.counters["instances"]
    now = store.now()
    res: Resource = {
        "instance_id": rid,
        "vm_name": name,
        "status": status,
        "tier": REGIONS[region],
        "region": region,
        "ip_address": ip_for(n) if public_ip else None,
        "ip_status": IP_ASSIGNED if public_ip else IP_UNASSIGNED,
        "private_ip": ip_for(n, private=True),
        "specs": {
            "gpu_type": gpu_model,
            "gpu_count": gpu_count,
            "ram_gb": spec["ram_gb"] * gpu_count,
            "vcpus": spec["vcpus"] * gpu_count,
            "storage_gb": spec["storage_gb"] * gpu_count,
        },
        "image": image,
        "boot_source": boot_source,
        "boot_source_id": boot_source_id,
        "ssh_keys": ssh_keys,
        "volume_attachments": [],
        "security_rules": [],
        "firewalls": [],
        "startup_script_id": startup_script_id,
        "billing": {
            "hourly_rate": billing.instance_hourly(gpu_model, gpu_count, store.currency),
            "currency": store.currency,
        },
        "created_at": iso(now),
        "_n": n,
    }
    if cloud_init is not None:
        res["_cloud_init"] = cloud_init
    billing.open_account(store, "instances", res, now)
    return store.add("instances", res)


def _seed(store: Store, name: str, a: dict[str, Any]) -> Resource:
    region = a.get("region", "CANADA-1")
    model = a.get("gpu_model") or next(m for m, s in GPU_MODELS.items() if s["tier"] == REGIONS[region])
    keys = [{"id": k, "name": (store.get("ssh_keys", k) or {}).get("name", k)} for k in a.get("ssh_key_ids", [])]
    return new_instance(
        store,
        name=name,
        region=region,
        gpu_model=model,
        gpu_count=int(a.get("gpu_count", 1)),
        image=a.get("image", DEFAULT_IMAGE),
        boot_source="os_image",
        boot_source_id=a.get("image", DEFAULT_IMAGE),
        ssh_keys=keys,
        public_ip=bool(a.get("public_ip", True)),
        status=a.get("status", "ACTIVE"),
    )


def _rate(inst: Resource, currency: str) -> float:
    """The full rate while ACTIVE or SHUTOFF, the hibernated rate while HIBERNATED, else free."""
    if inst["status"] in FULL_RATE:
        return float(inst["billing"]["hourly_rate"])
    return billing.convert(HIBERNATED_RATE, currency) if inst["status"] == "HIBERNATED" else 0.0


KIND = Kind(
    "instances",
    "Instance",
    router,
    first_id=100_000,
    seed=_seed,
    aliases=("vm",),
    make_id=lambda n: f"BRK-{n % 1_000_000:06d}D",
    id_field="instance_id",
    name_field="vm_name",
    rate=_rate,
    regional=True,
)


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
        message = f"No {cfg} {model} machines are available in {region}."
        raise validation_many({"gpu_count": [message]}, "Insufficient GPU capacity")
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
    inst = new_instance(store, **fields)
    inst["_stock"] = taken
    transition(request, store, "instances", inst, CREATE_STEPS, "ACTIVE")
    return inst


@router.post("/", status_code=201)
async def create_instance(request: Request, body: InstanceCreateBody) -> Response:
    store = store_of(request)
    chk = Checker()
    check_name(chk, "name", body.name)
    tier = check_region(chk, body.region)
    check_gpu(chk, tier, body.gpu_model, body.gpu_count)
    if body.cloud_init is not None and len(body.cloud_init.encode()) > MAX_CLOUD_INIT_BYTES:
        chk.add("cloud_init", f"Must be at most {MAX_CLOUD_INIT_BYTES} bytes.")
    rules = [normalise_rule(chk, r.model_dump(), f"security_rules.{i}.") for i, r in enumerate(body.security_rules)]
    with store.lock:
        boot, boot_id, image, boot_volume = _check_boot(chk, store, body)
        keys = _check_keys(chk, store, body.ssh_key_ids)
        if body.startup_script_id is not None and store.get("scripts", body.startup_script_id) is None:
            chk.add("startup_script_id", f"Script {body.startup_script_id} does not exist.")
        vols = _check_create_volumes(chk, store, body.volume_ids, body.region, boot_volume)
        fws = find_all(chk, store, firewalls.KIND, body.firewall_ids, "firewall_ids", body.region, _not_success)
        chk.raise_if_any()
        if len({rule_key(r) for r in rules}) != len(rules):
            raise ApiError(409, "CONFLICT", "security_rules contains duplicate rules.")
        ensure_unique(store, KIND, body.name)
        require_instance_balance(store, billing.instance_hourly(body.gpu_model, body.gpu_count, store.currency))
        fields = body.model_dump(include=LAUNCH_FIELDS)
        inst = launch(request, store, **fields, image=image, boot_source=boot, boot_source_id=boot_id, ssh_keys=keys)
        iid = inst["instance_id"]
        for vol in ([boot_volume] if boot_volume else []) + vols:
            _attach(inst, vol)
        for fw in fws:
            fw["attachments"].append({"instance_id": iid, "status": "SUCCESS"})
            inst["firewalls"].append({"id": fw["id"], "name": fw["name"]})
        for rule in rules:
            inst["security_rules"].append({"id": store.new_id("rules"), **rule, "status": "SUCCESS"})
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
    unique = list(dict.fromkeys(ids))
    if len(unique) + (1 if boot else 0) > MAX_VOLUMES_PER_INSTANCE:
        chk.add("volume_ids", f"At most {MAX_VOLUMES_PER_INSTANCE} volumes per instance.")

    def unavailable(vol: Resource) -> str | None:
        if vol["status"] == "available" and (boot is None or vol["id"] != boot["id"]):
            return None
        return f"Volume {vol['id']} is {vol['status']}, not available."

    return find_all(chk, store, volumes.KIND, unique, "volume_ids", region, unavailable)


def _not_success(fw: Resource) -> str | None:
    return None if fw["status"] == "SUCCESS" else f"Firewall {fw['id']} is {fw['status']}."


def _attach(inst: Resource, vol: Resource) -> None:
    vol["status"] = "in-use"
    vol["attached_to"] = inst["instance_id"]
    inst["volume_attachments"].append({"volume_id": vol["id"], "name": vol["name"], "status": "attached"})


@router.get("/hibernated/")
async def hibernated(request: Request) -> Response:
    """`GetHibernatedVMsResponse`: the count, the most recent hibernations and their billing (I fields)."""
    with locked(request) as store:
        asleep = [i for i in store.res["instances"].values() if i["status"] == "HIBERNATED"]
        asleep.sort(key=lambda i: float(i.get("_hibernated_at", 0.0)), reverse=True)
        full = round(sum(float(i["billing"]["hourly_rate"]) for i in asleep), 6)
        per_hour = billing.convert(HIBERNATED_RATE, store.currency)
        cost = round(per_hour * len(asleep), 6)
        data = {
            "count": len(asleep),
            "recent_hibernations": [
                {
                    **{k: i[k] for k in ("instance_id", "vm_name", "region", "status")},
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
    with locked(request) as store:
        items = [
            public(i)
            for i in store.res["instances"].values()
            if i["tier"] == LEGACY and i["status"] in ("ACTIVE", "SHUTOFF")
        ]
    return ok_list(request, {"instances": items}, "Instances retrieved successfully", tier=LEGACY)


@router.delete("/{id}/")
async def delete_instance(request: Request, id: str) -> Response:
    with locked(request) as store:
        inst = must_get(store, KIND, id)
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
        firewalls.detach_everywhere(store, id)
        inst["firewalls"] = []
        store.timeline("instances", inst, [("DELETING", "instance.DELETING"), (GONE, None)])
        return ok(request, None, "Instance deletion started")


def _action(action: str) -> Callable[[Request, str], Awaitable[Response]]:
    allowed, transitional, duration, final = ACTIONS[action]

    async def act(request: Request, id: str) -> Response:
        with locked(request) as store:
            inst = must_get(store, KIND, id)
            if inst["status"] not in allowed:
                raise invalid_state(
                    f"Cannot {action} instance {id} while it is {inst['status']} "
                    f"(allowed from {', '.join(sorted(allowed))})."
                )
            if action in NEEDS_BALANCE:
                require_instance_balance(store, float(inst["billing"]["hourly_rate"]))
            transition(request, store, "instances", inst, [(transitional, duration)], final)
            return ok(request, public(inst), f"Instance {action} started")

    return act


for _name in ACTIONS:
    router.add_api_route(f"/{{id}}/{_name}/", _action(_name), methods=["POST"], name=_name)


@router.post("/{id}/toggle-public-ip/")
async def toggle_public_ip(request: Request, id: str, body: TogglePublicIpBody) -> Response:
    with locked(request) as store:
        inst = must_get(store, KIND, id)
        if inst["status"] not in ("ACTIVE", "SHUTOFF"):
            raise invalid_state(f"The public IP can be changed when ACTIVE or SHUTOFF, not {inst['status']}.")
        if body.enable:
            inst["ip_address"] = inst["ip_address"] or ip_for(int(inst.get("_n", 0)))
            inst["ip_status"] = IP_ASSIGNED
        else:
            inst["ip_address"] = None
            inst["ip_status"] = IP_UNASSIGNED
        if error_state(request):
            store.set_status("instances", inst, "ERROR")
        return ok(request, public(inst), "Public IP updated")


@router.post("/{id}/security-rules/", status_code=201)
async def add_security_rule(request: Request, id: str, body: RuleBody) -> Response:
    with locked(request) as store:
        inst = must_get(store, KIND, id)
        if inst["status"] == "DELETING":
            raise invalid_state(f"Instance {id} is being deleted.")
        return firewalls.add_rule(request, store, "instances", inst, "security_rules", body)


@router.delete("/{id}/security-rules/{rule_id}/")
async def delete_security_rule(request: Request, id: str, rule_id: str) -> Response:
    with locked(request) as store:
        inst = must_get(store, KIND, id)
        return firewalls.remove_rule(request, store, inst, "security_rules", rule_id)


@router.get("/{id}/firewalls/")
async def instance_firewalls(request: Request, id: str) -> Response:
    with locked(request) as store:
        inst = must_get(store, KIND, id)
        items = [public(fw) for ref in inst["firewalls"] if (fw := store.get("firewalls", ref["id"])) is not None]
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
    with locked(request) as store:
        inst = must_get(store, KIND, id)
        ids = list(dict.fromkeys(body.volume_ids))
        chk = Checker()
        chk.check(bool(ids), "volume_ids", "At least one volume id is required.")
        vols = find_all(chk, store, volumes.KIND, ids, "volume_ids", inst["region"])
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
    with locked(request) as store:
        inst = must_get(store, KIND, id)
        ids = list(dict.fromkeys(body.volume_ids))
        attached = {a["volume_id"] for a in inst["volume_attachments"]}
        chk = Checker()
        chk.check(bool(ids), "volume_ids", "At least one volume id is required.")
        for vid in ids:
            chk.check(vid in attached, "volume_ids", f"Volume {vid} is not attached to instance {id}.")
        chk.raise_if_any()
        _check_volume_state(inst)
        vols = [vol for vid in ids if (vol := store.get("volumes", vid)) is not None]
        for vol in vols:
            if vol["bootable"]:
                raise invalid_state(f"Volume {vol['id']} is a bootable volume; it can never be detached.")
        for vol in vols:
            vol["attached_to"] = None
            vol["status"] = "error" if error_state(request) else "available"
            billing.rerate("volumes", store, vol)
        inst["volume_attachments"] = [a for a in inst["volume_attachments"] if a["volume_id"] not in ids]
        return ok(request, public(inst), "Volumes detached")
