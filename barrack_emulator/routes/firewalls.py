"""Firewalls: list, create, get, delete, rules, attach (sets the full list), protocols, available instances."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from barrack_emulator.catalogue import MAX_FIREWALLS, PROTOCOLS
from barrack_emulator.envelope import iso, ok, ok_list
from barrack_emulator.errors import conflict, invalid_state, not_found, quota
from barrack_emulator.kinds import Kind, Resource
from barrack_emulator.routes.common import ensure_unique, find_all, locked, must_get, public, transition
from barrack_emulator.rules import Checker, check_description, check_name, check_region, normalise_rule, rule_key
from barrack_emulator.schemas import FirewallAttachBody, FirewallCreateBody, RuleBody
from barrack_emulator.state import Store

router = APIRouter(prefix="/firewalls", tags=["firewalls"])
ATTACHABLE = frozenset({"ACTIVE", "SHUTOFF"})


def new_firewall(
    store: Store, *, name: str, region: str, description: str | None = None, status: str = "CREATING"
) -> Resource:
    res: Resource = {
        "id": store.new_id("firewalls"),
        "name": name,
        "description": description,
        "region": region,
        "status": status,
        "rules": [],
        "attachments": [],
        # the (single, I) environment of the region (`FirewallEnvironment`)
        "environment": {"id": f"env-{region.lower()}", "name": f"default-{region}", "region": region},
        "created_at": iso(store.now()),
    }
    return store.add("firewalls", res)


def _seed(store: Store, name: str, a: dict[str, Any]) -> Resource:
    region, status = a.get("region", "CANADA-1"), a.get("status", "SUCCESS")
    return new_firewall(store, name=name, region=region, description=a.get("description"), status=status)


def _check_delete(store: Store, fw: Resource) -> None:
    if fw["attachments"]:
        ids = ", ".join(a["instance_id"] for a in fw["attachments"])
        raise invalid_state(f"Firewall {fw['id']} is attached to instance(s) {ids}; detach it first.")


KIND = Kind("firewalls", "Firewall", router, first_id=300, seed=_seed, regional=True, check_delete=_check_delete)


@router.post("/", status_code=201)
async def create_firewall(request: Request, body: FirewallCreateBody) -> Response:
    chk = Checker()
    check_name(chk, "name", body.name)
    check_region(chk, body.region)
    check_description(chk, body.description)
    chk.raise_if_any()
    with locked(request) as store:
        ensure_unique(store, KIND, body.name)
        if len(store.res["firewalls"]) >= MAX_FIREWALLS:
            raise quota(f"Firewall quota exceeded: at most {MAX_FIREWALLS} firewalls per account.")
        res = new_firewall(store, name=body.name, region=body.region, description=body.description)
        transition(request, store, "firewalls", res, [("CREATING", "firewall.CREATING")], "SUCCESS")
        return ok(request, public(res), "Firewall created successfully", 201)


@router.get("/protocols/")
async def protocols(request: Request) -> Response:
    return ok_list(request, {"protocols": [{"name": p} for p in PROTOCOLS]}, "Protocols retrieved successfully")


def add_rule(request: Request, store: Store, kind: str, res: Resource, field: str, body: RuleBody) -> Response:
    """Validate and add a rule to a firewall's ``rules`` or an instance's ``security_rules``."""
    chk = Checker()
    rule = normalise_rule(chk, body.model_dump())
    chk.raise_if_any()
    key = rule_key(rule)
    if any(rule_key(r) == key for r in res[field]):
        raise conflict("An identical rule already exists.")
    new = {"id": store.new_id("rules"), **rule, "status": "pending"}
    res[field].append(new)
    transition(request, store, kind, res, [("pending", "rule.pending")], "SUCCESS", sub=field, sub_id=new["id"])
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
    with locked(request) as store:
        res = must_get(store, KIND, id)
        if res["status"] == "ERROR":
            raise invalid_state(f"Firewall {id} is in ERROR.")
        return add_rule(request, store, "firewalls", res, "rules", body)


@router.delete("/{id}/rules/{rule_id}/")
async def delete_rule(request: Request, id: str, rule_id: str) -> Response:
    with locked(request) as store:
        res = must_get(store, KIND, id)
        return remove_rule(request, store, res, "rules", rule_id)


def detach_everywhere(store: Store, instance_id: str) -> None:
    """Remove an instance from every firewall's attachments (instance deletion)."""
    for fw in store.res["firewalls"].values():
        if any(a["instance_id"] == instance_id for a in fw["attachments"]):
            fw["attachments"] = [a for a in fw["attachments"] if a["instance_id"] != instance_id]
            fw["_steps"] = [s for s in fw.get("_steps", []) if s[2] != instance_id]


@router.post("/{id}/attach/")
async def attach(request: Request, id: str, body: FirewallAttachBody) -> Response:
    with locked(request) as store:
        fw = must_get(store, KIND, id)
        if fw["status"] != "SUCCESS":
            raise invalid_state(f"Firewall {id} is {fw['status']}; it can be attached once SUCCESS.")
        wanted = list(dict.fromkeys(body.instance_ids))
        current = {a["instance_id"] for a in fw["attachments"]}
        chk = Checker()
        listed = find_all(
            chk, store, store.kinds["instances"], wanted, "instance_ids", fw["region"], absent={"DELETING"}
        )
        found = {i["instance_id"]: i for i in listed}
        chk.raise_if_any()
        for iid, inst in found.items():
            if iid not in current and inst["status"] not in ATTACHABLE:
                raise invalid_state(f"Instance {iid} is {inst['status']}; it must be ACTIVE or SHUTOFF.")
        for gone in current - set(wanted):
            if (other := store.get("instances", gone)) is not None:
                other["firewalls"] = [f for f in other["firewalls"] if f["id"] != id]
        fw["attachments"] = [a for a in fw["attachments"] if a["instance_id"] in wanted]
        fw["_steps"] = [s for s in fw.get("_steps", []) if s[1] != "attachments" or s[2] in wanted]
        for iid, inst in found.items():
            if iid in current:
                continue
            fw["attachments"].append({"instance_id": iid, "status": "ATTACHING"})
            inst["firewalls"].append({"id": id, "name": fw["name"]})
            steps = [("ATTACHING", "attachment.ATTACHING")]
            transition(request, store, "firewalls", fw, steps, "SUCCESS", sub="attachments", sub_id=iid)
        return ok(request, public(fw), "Firewall attachments updated")


@router.get("/{id}/available-instances/")
async def available_instances(request: Request, id: str) -> Response:
    with locked(request) as store:
        fw = must_get(store, KIND, id)
        attached = {a["instance_id"] for a in fw["attachments"]}
        items = [
            public(i)
            for i in store.res["instances"].values()
            if i["region"] == fw["region"] and i["status"] in ATTACHABLE and i["instance_id"] not in attached
        ]
        return ok_list(request, {"instances": items}, "Instances retrieved successfully")
