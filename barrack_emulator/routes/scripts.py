"""Startup scripts: list, create, get, update (PUT, partial), delete, bulk delete."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from barrack_emulator import factories
from barrack_emulator.catalogue import MAX_SCRIPT_BYTES
from barrack_emulator.envelope import iso, ok, ok_list, page_standard
from barrack_emulator.routes.common import ensure_unique, filtered, must_get, public, render_page, store_of
from barrack_emulator.rules import Checker, check_description, check_general_name
from barrack_emulator.schemas import ScriptBulkDeleteBody, ScriptCreateBody, ScriptUpdateBody

router = APIRouter(prefix="/scripts", tags=["scripts"])


def _check_content(chk: Checker, content: str) -> None:
    chk.check(content.strip() != "", "content", "This field may not be blank.")
    chk.check(len(content.encode()) <= MAX_SCRIPT_BYTES, "content", f"Must be at most {MAX_SCRIPT_BYTES} bytes.")


@router.get("/")
async def list_scripts(
    request: Request, page: int = 1, page_size: int | None = None, search: str | None = None
) -> Response:
    store = store_of(request)
    with store.lock:
        items = filtered(store.res["scripts"].values(), search)
        data = render_page(page_standard(items, "scripts", page, page_size), "scripts")
    return ok_list(request, data, "Scripts retrieved successfully")


@router.post("/", status_code=201)
async def create_script(request: Request, body: ScriptCreateBody) -> Response:
    chk = Checker()
    check_general_name(chk, "name", body.name)
    _check_content(chk, body.content)
    check_description(chk, body.description)
    chk.raise_if_any()
    store = store_of(request)
    with store.lock:
        ensure_unique(store.res["scripts"].values(), body.name, "script")
        res = factories.new_script(store, name=body.name, content=body.content, description=body.description)
        return ok(request, public(res), "Script created successfully", 201)


@router.post("/bulk-delete/")
async def bulk_delete(request: Request, body: ScriptBulkDeleteBody) -> Response:
    store = store_of(request)
    with store.lock:
        deleted = []
        for sid in dict.fromkeys(body.script_ids):
            if store.get("scripts", sid) is not None:
                store.remove("scripts", sid)
                deleted.append(sid)
        return ok(request, {"deleted": deleted}, f"{len(deleted)} script(s) deleted")


@router.get("/{id}/")
async def get_script(request: Request, id: str) -> Response:
    store = store_of(request)
    with store.lock:
        return ok(request, public(must_get(store, "scripts", id, "Script")), "Script retrieved successfully")


@router.put("/{id}/")
async def update_script(request: Request, id: str, body: ScriptUpdateBody) -> Response:
    chk = Checker()
    if body.name is not None:
        check_general_name(chk, "name", body.name)
    if body.content is not None:
        _check_content(chk, body.content)
    check_description(chk, body.description)
    chk.raise_if_any()
    store = store_of(request)
    with store.lock:
        res = must_get(store, "scripts", id, "Script")
        if body.name is not None:
            ensure_unique(store.res["scripts"].values(), body.name, "script", exclude=id)
        for field in body.model_fields_set:
            value = getattr(body, field)
            if field in ("name", "content") and value is None:
                continue
            res[field] = value
        res["updated_at"] = iso(store.now())
        return ok(request, public(res), "Script updated successfully")


@router.delete("/{id}/")
async def delete_script(request: Request, id: str) -> Response:
    store = store_of(request)
    with store.lock:
        must_get(store, "scripts", id, "Script")
        store.remove("scripts", id)
        return ok(request, None, "Script deleted successfully")
