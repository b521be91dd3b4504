"""Helpers shared by the resource routers: the emulator, views, look-ups, transitions and a kind's generic routes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Iterable, Sequence
from typing import Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.routing import APIRoute

from barrack_emulator import billing
from barrack_emulator.envelope import ok, ok_list, page_billing, page_standard
from barrack_emulator.errors import conflict, invalid_state, not_found
from barrack_emulator.kinds import Kind, Resource
from barrack_emulator.middleware import ERROR_STATE_KEY
from barrack_emulator.rules import Checker
from barrack_emulator.runtime import Emulator
from barrack_emulator.state import Store, StoreLock


def emu_of(request: Request) -> Emulator:
    emu: Emulator = request.app.state.emu
    return emu


def store_of(request: Request) -> Store:
    return emu_of(request).store


def locked(request: Request) -> StoreLock:
    """``with locked(request) as store:`` the store under its lock (with a state file: one transaction)."""
    return store_of(request).lock


def error_state(request: Request) -> bool:
    """True when an ``error_state`` fault hit this request."""
    return bool(request.scope.get(ERROR_STATE_KEY))


def public(res: Resource) -> dict[str, Any]:
    """The API view of a stored resource (internal keys start with ``_``)."""
    return {k: v for k, v in res.items() if k[0] != "_"}


def view(store: Store, kind: Kind, res: Resource) -> dict[str, Any]:
    return kind.view(store, res) if kind.view else public(res)


def must_get(store: Store, kind: Kind, rid: str) -> Resource:
    res = store.get(kind.name, rid)
    if res is None:
        raise not_found(kind.label, rid)
    return res


def ensure_unique(store: Store, kind: Kind, name: str, region: str | None = None, exclude: str | None = None) -> None:
    """409 when another resource of the kind (in `region`, when given) has the name."""
    for res in store.res[kind.name].values():
        if res.get(kind.name_field) == name and region in (None, res.get("region")) and res[kind.id_field] != exclude:
            where = f" in region {region}" if region else ""
            raise conflict(f"A {kind.noun} named {name!r} already exists{where}.")


def find_all(
    chk: Checker,
    store: Store,
    kind: Kind,
    ids: Iterable[str],
    field: str,
    region: str,
    problem: Callable[[Resource], str | None] = lambda res: None,
    absent: Collection[str] = (),
) -> list[Resource]:
    """The resources `ids` name (once each) that exist (not in an `absent` status), are in `region` and have no
    `problem`; errors on `field`."""
    found = []
    for rid in dict.fromkeys(ids):
        res = store.get(kind.name, rid)
        if res is None or res["status"] in absent:
            chk.add(field, f"{kind.label} {rid} does not exist.")
        elif res["region"] != region:
            chk.add(field, f"{kind.label} {rid} is in {res['region']}, not {region}.")
        elif (message := problem(res)) is not None:
            chk.add(field, message)
        else:
            found.append(res)
    return found


def transition(
    request: Request,
    store: Store,
    kind: str,
    res: Resource,
    steps: Sequence[tuple[str, str]],
    final: str,
    sub: str | None = None,
    sub_id: str | None = None,
) -> None:
    """Start `steps` ending in `final`, or in the error status when an ``error_state`` fault hit the request
    (``error`` after lower-case statuses, else ``ERROR``)."""
    if error_state(request):
        final = "error" if final.islower() else "ERROR"
    store.timeline(kind, res, [*steps, (final, None)], sub, sub_id)


def crud_router(kind: Kind) -> APIRouter:
    """The kind's list (page, name search, region filter when regional), billing list (billed kinds), get and
    delete, each unless the kind's own router has that route."""
    router = APIRouter(prefix=kind.router.prefix, tags=list(kind.router.tags))

    async def list_items(
        request: Request,
        page: int = 1,
        page_size: int | None = Query(None, alias=kind.page_size_param),
        search: str | None = None,
        region: str | None = Query(None, include_in_schema=kind.regional),
    ) -> Response:
        needle = search.lower() if search else None
        region = region if kind.regional else None
        with locked(request) as store:
            items = [
                r
                for r in store.res[kind.name].values()
                if region in (None, r.get("region")) and (needle is None or needle in str(r[kind.name_field]).lower())
            ]
            data = page_standard(items, kind.name, page, page_size, kind.page_size_param)
            data[kind.name] = [view(store, kind, r) for r in data[kind.name]]
        return ok_list(request, data, f"{kind.label}s retrieved successfully", tier=kind.list_tier)

    async def billing_list(request: Request, page: int = 1, limit: int | None = None) -> Response:
        with locked(request) as store:
            records = billing.records(store, kind.name)
            data = page_billing(records, page, limit)
            data["summary"] = billing.summary(store, kind.name, records)
        return ok_list(request, data, "Billing records retrieved successfully")

    async def get_item(request: Request, id: str) -> Response:
        with locked(request) as store:
            return ok(request, view(store, kind, must_get(store, kind, id)), f"{kind.label} retrieved successfully")

    async def delete_item(request: Request, id: str) -> Response:
        with locked(request) as store:
            res = must_get(store, kind, id)
            if kind.check_delete is not None:
                kind.check_delete(store, res)
            if kind.creating is not None and res["status"] == kind.creating:
                raise invalid_state(f"{kind.label} {id} is still being created.")
            store.remove(kind.name, id)
            return ok(request, None, f"{kind.label} deleted successfully")

    own = {(m, r.path) for r in kind.router.routes if isinstance(r, APIRoute) for m in r.methods or ()}
    routes: list[tuple[str, str, Callable[..., Awaitable[Response]]]]
    routes = [("GET", "/", list_items), ("GET", "/{id}/", get_item), ("DELETE", "/{id}/", delete_item)]
    if kind.rate is not None:
        routes.insert(1, ("GET", "/billing/", billing_list))
    for method, path, endpoint in routes:
        if (method, router.prefix + path) not in own:
            router.add_api_route(path, endpoint, methods=[method], name=f"{endpoint.__name__}_{kind.name}")
    return router
