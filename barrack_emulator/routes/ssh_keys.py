"""SSH keys: list, create, get, delete (25 per account; a key used by a live instance cannot be deleted)."""

from __future__ import annotations

import base64
import os
import struct
from typing import Any

from fastapi import APIRouter, Request, Response

from barrack_emulator.catalogue import MAX_SSH_KEYS
from barrack_emulator.envelope import iso, ok
from barrack_emulator.errors import invalid_state, quota
from barrack_emulator.kinds import Kind, Resource
from barrack_emulator.routes.common import ensure_unique, locked, public
from barrack_emulator.rules import SSH_KEY_NAME, Checker, check_name, ssh_fingerprint
from barrack_emulator.schemas import SshKeyCreateBody
from barrack_emulator.state import Store

router = APIRouter(prefix="/ssh-keys", tags=["ssh-keys"])


def new_ssh_key(store: Store, *, name: str, public_key: str, fingerprint: str) -> Resource:
    res = {"id": store.new_id("ssh_keys"), "name": name, "public_key": public_key, "fingerprint": fingerprint}
    return store.add("ssh_keys", {**res, "created_at": iso(store.now())})


def fake_public_key(comment: str = "emulator") -> str:
    """A syntactically valid random ssh-ed25519 public key line."""
    blob = struct.pack(">I", 11) + b"ssh-ed25519" + struct.pack(">I", 32) + os.urandom(32)
    return f"ssh-ed25519 {base64.b64encode(blob).decode()} {comment}"


def _seed(store: Store, name: str, a: dict[str, Any]) -> Resource:
    key = a.get("public_key") or fake_public_key(name)
    fingerprint = ssh_fingerprint(Checker(), key)
    if fingerprint is None:
        raise ValueError("public_key is not a valid OpenSSH key")
    return new_ssh_key(store, name=name, public_key=key, fingerprint=fingerprint)


def _check_delete(store: Store, key: Resource) -> None:
    users = [
        i["instance_id"]
        for i in store.res["instances"].values()
        if i["status"] != "DELETING" and any(k["id"] == key["id"] for k in i["ssh_keys"])
    ]
    if users:
        raise invalid_state(f"SSH key {key['id']} is used by instance(s) {', '.join(users)}.")


KIND = Kind("ssh_keys", "SSH key", router, first_id=700, seed=_seed, check_delete=_check_delete)


@router.post("/", status_code=201)
async def create_key(request: Request, body: SshKeyCreateBody) -> Response:
    chk = Checker()
    check_name(chk, "name", body.name, SSH_KEY_NAME)
    fingerprint = ssh_fingerprint(chk, body.public_key)
    chk.raise_if_any()
    assert fingerprint is not None
    with locked(request) as store:
        ensure_unique(store, KIND, body.name)
        if len(store.res["ssh_keys"]) >= MAX_SSH_KEYS:
            raise quota(f"SSH key quota exceeded: at most {MAX_SSH_KEYS} keys per region.")
        res = new_ssh_key(store, name=body.name, public_key=" ".join(body.public_key.split()), fingerprint=fingerprint)
        return ok(request, public(res), "SSH key created successfully", 201)
