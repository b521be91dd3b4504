"""Firewalls: list, create, get, delete, rules, attach (sets the full list), protocols, available instances."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from barrack_emulator import factories
from barrack_emulator.catalogue import MAX_FIREWALLS, PROTOCOLS
from barrack_emulator.envelope import ok, ok_list, page_standard
from barrack_emulator.errors import conflict, invalid_state, not_found, quota
from barrack_emulator.routes.common import (
    ensure_unique,
    error_state,
    filtered,
    must_get,
    public,
    render_page,
    store_of,
)
from barrack_emulator.rules import (
    Checker,
    check_description,
    check_general_name,
    check_region,
    normalise_rule,
    rule_key,
)
from barrack_emulator.schemas import FirewallAttachBody, FirewallCreateBody, RuleBody
from barrack_emulator.state import Resource, Store

router = APIRouter(prefix="/firewalls", tags=["firewalls"])
ATTACHABLE = frozenset({"ACTIVE", "SHUTOFF"})


@router.get("/")
async def list_firewalls(
    request: Request, page: int = 1, page_size: int | None = None, search: str | None = None, region: str | None = None
) -> Response:
    store = store_of(request)
    with store.lock:
        items = filtered(store.res["firewalls"].values(), search, region)
        data = render_page(page_standard(items, "firewalls", page, page_size), "firewalls")
    return ok_list(request, data, "Firewalls retrieved successfully")


@router.post("/", status_code=201)
async def create_firewall(request: Request, body: FirewallCreateBody) -> Response:
    chk = Checker()
    check_general_name(chk, "name", body.name)
    check_region(chk, body.region)
    check_description(chk, body.description)
    chk.raise_if_any()
    store = store_of(request)
    with store.lock:
        ensure_unique(store.res["firewalls"].values(), body.name, "firewall")
        if len(store.res["firewalls"]) >= MAX_FIREWALLS:
            raise quota(f"Firewall quota exceeded: at most {MAX_FIREWALLS} firewalls per account.")
        res = factories.new_firewall(store, name=body.name, region=body.region, description=body.description)
        final = "ERROR" if error_state(request) else "SUCCESS"
        store.timeline("firewalls", res, [("CREATING", "firewall.CREATING"), (final, None)])
        return ok(request, public(res), "Firewall created successfully", 201)


@router.get("/protocols/")
async def protocols(request: Request) -> Response:
    return ok_list(request, {"protocols": [{"name": p} for p in PROTOCOLS]}, "Protocols retrieved successfully")


@router.get("/{id}/")
async def get_firewall(request: Request, id: str) -> Response:
    store = store_of(request)
    with store.lock:
        return ok(request, public(must_get(store, "firewalls", id, "Firewall")), "Firewall retrieved successfully")


@router.delete("/{id}/")
async def delete_firewall(request: Request, id: str) -> Response:
    store = store_of(request)
    with store.lock:
        res = must_get(store, "firewalls", id, "Firewall")
        if res["attachments"]:
            ids = ", ".join(a["instance_id"] for a in res["attachments"])
            raise invalid_state(f"Firewall {id} is attached to instance(s) {ids}; detach it first.")
        store.remove("firewalls", id)
        return ok(request, None, "Firewall deleted successfully")


def add_rule(request: Request, store: Store, kind: str, res: Resource, field: str, body: RuleBody) -> Response:
    """Validate and add a rule to a firewall's ``rules`` or an instance's ``security_rules``."""
    chk = Checker()
    rule = normalise_rule(chk, body.model_dump())
    chk.raise_if_any()
    key = rule_key(rule)
    if any(rule_key(r) == key for r in res[field]):
        raise conflict("An identical rule already exists.")
    new = factories.new_rule(store, rule)
    res[field].append(new)
    final = "ERROR" if error_state(request) else "SUCCESS"
    store.timeline(kind, res, [("pending", "rule.pending"), (final, None)], sub=field, sub_id=new["id"])
    return ok(request, dict(new), "Rule added successfully", 201)


def remove_rule(request: Request, store: Store, res: Resource, field: str, rule_id: str) -> Response:
    before = len(res[field])
    res[field] = [r for r in res[field] if r["id"] != rule_id]
    if len(res[field]) == before:
        raise not_found("Rule", rule_id)
    res["_steps"] = [s for s in res.get("_steps", []) if s[2] != rule_id]
    return ok(request, None, "Rule removed successfully")


@router.post("/{id}/rules/", status_code=201)
async def create_rule(request: Request, id: str, body: RuleBody) -> Response:
    store = store_of(request)
    with store.lock:
        res = must_get(store, "firewalls", id, "Firewall")
        if res["status"] == "ERROR":
            raise invalid_state(f"Firewall {id} is in ERROR.")
        return add_rule(request, store, "firewalls", res, "rules", body)


@router.delete("/{id}/rules/{rule_id}/")
async def delete_rule(request: Request, id: str, rule_id: str) -> Response:
    store = store_of(request)
    with store.lock:
        res = must_get(store, "firewalls", id, "Firewall")
        return remove_rule(request, store, res, "rules", rule_id)


def detach_everywhere(store: Store, instance_id: str) -> None:
    """Remove an instance from every firewall's attachments (instance deletion)."""
    for fw in store.res["firewalls"].values():
        if any(a["instance_id"] == instance_id for a in fw["attachments"]):
            fw["attachments"] = [a for a in fw["attachments"] if a["instance_id"] != instance_id]
            fw["_steps"] = [s for s in fw.get("_steps", []) if s[2] != instance_id]


@router.post("/{id}/attach/")
async def attach(request: Request, id: str, body: FirewallAttachBody) -> Response:
    store = store_of(request)
    with store.lock:
        fw = must_get(store, "firewalls", id, "Firewall")
        if fw["status"] != "SUCCESS":
            raise invalid_state(f"Firewall {id} is {fw['status']}; it can be attached once SUCCESS.")
        wanted = list(dict.fromkeys(body.instance_ids))
        current = {a["instance_id"] for a in fw["attachments"]}
        chk = Checker()
        instances: dict[str, Resource] = {}
        for iid in wanted:
            inst = store.get("instances", iid)
            if inst is None or inst["status"] == "DELETING":
                chk.add("instance_ids", f"Instance {iid} does not exist.")
            elif inst["region"] != fw["region"]:
                chk.add("instance_ids", f"Instance {iid} is in {inst['region']}, not {fw['region']}.")
            else:
                instances[iid] = inst
        chk.raise_if_any()
        for iid, inst in instances.items():
            if iid not in current and inst["status"] not in ATTACHABLE:
                raise invalid_state(f"Instance {iid} is {inst['status']}; it must be ACTIVE or SHUTOFF.")
        for gone in current - set(wanted):
            inst = store.get("instances", gone)
            if inst is not None:
                inst["firewalls"] = [f for f in inst["firewalls"] if f["id"] != id]
        fw["attachments"] = [a for a in fw["attachments"] if a["instance_id"] in wanted]
        fw["_steps"] = [s for s in fw.get("_steps", []) if s[1] != "attachments" or s[2] in wanted]
        final = "ERROR" if error_state(request) else "SUCCESS"
        for iid, inst in instances.items():
            if iid in current:
                continue
            fw["attachments"].append({"instance_id": iid, "status": "ATTACHING"})
            inst["firewalls"].append({"id": id, "name": fw["name"]})
            store.timeline(
                "firewalls", fw, [("ATTACHING", "attachment.ATTACHING"), (final, None)], sub="attachments", sub_id=iid
            )
        return ok(request, public(fw), "Firewall attachments updated")


@router.get("/{id}/available-instances/")
async def available_instances(request: Request, id: str) -> Response:
    store = store_of(request)
    with store.lock:
        fw = must_get(store, "firewalls", id, "Firewall")
        attached = {a["instance_id"] for a in fw["attachments"]}
        items = [
            public(i)
            for i in store.res["instances"].values()
            if i["region"] == fw["region"] and i["status"] in ATTACHABLE and i["instance_id"] not in attached
        ]
        return ok_list(request, {"instances": items}, "Instances retrieved successfully")
