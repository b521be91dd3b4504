"""Startup scripts: list, create, get, update (PUT, partial), delete, bulk delete."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from barrack_emulator.catalogue import MAX_SCRIPT_BYTES
from barrack_emulator.envelope import iso, ok
from barrack_emulator.kinds import Kind, Resource
from barrack_emulator.routes.common import ensure_unique, locked, must_get, public
from barrack_emulator.rules import Checker, check_description, check_name
from barrack_emulator.schemas import ScriptBulkDeleteBody, ScriptCreateBody, ScriptUpdateBody
from barrack_emulator.state import Store

router = APIRouter(prefix="/scripts", tags=["scripts"])


def new_script(store: Store, *, name: str, content: str, description: str | None = None) -> Resource:
    stamp = iso(store.now())
    res = {"id": store.new_id("scripts"), "name": name, "content": content, "description": description}
    return store.add("scripts", {**res, "created_at": stamp, "updated_at": stamp})


def _seed(store: Store, name: str, a: dict[str, Any]) -> Resource:
    return new_script(
        store, name=name, content=a.get("content", "#!/bin/sh\necho hello\n"), description=a.get("description")
    )


KIND = Kind("scripts", "Script", router, first_id=900, seed=_seed)


def _check_content(chk: Checker, content: str) -> None:
    chk.check(content.strip() != "", "content", "This field may not be blank.")
    chk.check(len(content.encode()) <= MAX_SCRIPT_BYTES, "content", f"Must be at most {MAX_SCRIPT_BYTES} bytes.")


@router.post("/", status_code=201)
async def create_script(request: Request, body: ScriptCreateBody) -> Response:
    chk = Checker()
    check_name(chk, "name", body.name)
    _check_content(chk, body.content)
    check_description(chk, body.description)
    chk.raise_if_any()
    with locked(request) as store:
        ensure_unique(store, KIND, body.name)
        res = new_script(store, name=body.name, content=body.content, description=body.description)
        return ok(request, public(res), "Script created successfully", 201)


@router.post("/bulk-delete/")
async def bulk_delete(request: Request, body: ScriptBulkDeleteBody) -> Response:
    with locked(request) as store:
        deleted = []
        for sid in dict.fromkeys(body.script_ids):
            if store.get("scripts", sid) is not None:
                store.remove("scripts", sid)
                deleted.append(sid)
        return ok(request, {"deleted": deleted}, f"{len(deleted)} script(s) deleted")


@router.put("/{id}/")
async def update_script(request: Request, id: str, body: ScriptUpdateBody) -> Response:
    chk = Checker()
    if body.name is not None:
        check_name(chk, "name", body.name)
    if body.content is not None:
        _check_content(chk, body.content)
    check_description(chk, body.description)
    chk.raise_if_any()
    with locked(request) as store:
        res = must_get(store, KIND, id)
        if body.name is not None:
            ensure_unique(store, KIND, body.name, exclude=id)
        for field in body.model_fields_set:
            value = getattr(body, field)
            if field in ("name", "content") and value is None:
                continue
            res[field] = value
        res["updated_at"] = iso(store.now())
        return ok(request, public(res), "Script updated successfully")
