"""SSH keys: list, create, get, delete (25 per account; a key used by a live instance cannot be deleted)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from barrack_emulator import factories
from barrack_emulator.catalogue import MAX_SSH_KEYS
from barrack_emulator.envelope import ok, ok_list, page_standard
from barrack_emulator.errors import invalid_state, quota
from barrack_emulator.routes.common import ensure_unique, filtered, must_get, public, render_page, store_of
from barrack_emulator.rules import Checker, check_ssh_key_name, ssh_fingerprint
from barrack_emulator.schemas import SshKeyCreateBody

router = APIRouter(prefix="/ssh-keys", tags=["ssh-keys"])


@router.get("/")
async def list_keys(
    request: Request, page: int = 1, page_size: int | None = None, search: str | None = None
) -> Response:
    store = store_of(request)
    with store.lock:
        items = filtered(store.res["ssh_keys"].values(), search)
        data = render_page(page_standard(items, "ssh_keys", page, page_size), "ssh_keys")
    return ok_list(request, data, "SSH keys retrieved successfully")


@router.post("/", status_code=201)
async def create_key(request: Request, body: SshKeyCreateBody) -> Response:
    chk = Checker()
    check_ssh_key_name(chk, "name", body.name)
    fingerprint = ssh_fingerprint(chk, body.public_key)
    chk.raise_if_any()
    assert fingerprint is not None
    store = store_of(request)
    with store.lock:
        ensure_unique(store.res["ssh_keys"].values(), body.name, "SSH key")
        if len(store.res["ssh_keys"]) >= MAX_SSH_KEYS:
            raise quota(f"SSH key quota exceeded: at most {MAX_SSH_KEYS} keys per region.")
        res = factories.new_ssh_key(
            store, name=body.name, public_key=" ".join(body.public_key.split()), fingerprint=fingerprint
        )
        return ok(request, public(res), "SSH key created successfully", 201)


@router.get("/{id}/")
async def get_key(request: Request, id: str) -> Response:
    store = store_of(request)
    with store.lock:
        return ok(request, public(must_get(store, "ssh_keys", id, "SSH key")), "SSH key retrieved successfully")


@router.delete("/{id}/")
async def delete_key(request: Request, id: str) -> Response:
    store = store_of(request)
    with store.lock:
        must_get(store, "ssh_keys", id, "SSH key")
        users = [
            i["instance_id"]
            for i in store.res["instances"].values()
            if i["status"] != "DELETING" and any(k["id"] == id for k in i["ssh_keys"])
        ]
        if users:
            raise invalid_state(f"SSH key {id} is used by instance(s) {', '.join(users)}.")
        store.remove("ssh_keys", id)
        return ok(request, None, "SSH key deleted successfully")
