"""Helpers shared by the resource routers: access to the emulator, rendering, lookups and list queries."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from fastapi import Request

from barrack_emulator.errors import ApiError, conflict, not_found
from barrack_emulator.middleware import ERROR_STATE_KEY
from barrack_emulator.runtime import Emulator
from barrack_emulator.state import Resource, Store

LIVE_INSTANCE_EXCLUDED = frozenset({"DELETING"})


def emu_of(request: Request) -> Emulator:
    emu: Emulator = request.app.state.emu
    return emu


def store_of(request: Request) -> Store:
    return emu_of(request).store


def error_state(request: Request) -> bool:
    """True when an ``error_state`` fault hit this request."""
    return bool(request.scope.get(ERROR_STATE_KEY))


def public(res: Resource) -> dict[str, Any]:
    """The API view of a stored resource (internal keys start with ``_``)."""
    return {k: v for k, v in res.items() if k[0] != "_"}


def must_get(store: Store, kind: str, rid: str, what: str) -> Resource:
    res = store.get(kind, rid)
    if res is None:
        raise not_found(what, rid)
    return res


def name_taken(
    items: Iterable[Resource], name: str, field: str = "name", region: str | None = None, exclude: str | None = None
) -> bool:
    for res in items:
        if res.get(field) == name and (region is None or res.get("region") == region):
            if exclude is not None and res.get("id", res.get("instance_id")) == exclude:
                continue
            return True
    return False


def ensure_unique(
    items: Iterable[Resource],
    name: str,
    what: str,
    field: str = "name",
    region: str | None = None,
    exclude: str | None = None,
) -> None:
    if name_taken(items, name, field, region, exclude):
        where = f" in region {region}" if region else ""
        raise conflict(f"A {what} named {name!r} already exists{where}.")


def filtered(
    items: Iterable[Resource], search: str | None, region: str | None = None, field: str = "name"
) -> list[Resource]:
    """Case-insensitive substring match on the name plus an optional exact region filter."""
    needle = search.lower() if search else None
    out = []
    for res in items:
        if region is not None and res.get("region") != region:
            continue
        if needle is not None and needle not in str(res.get(field, "")).lower():
            continue
        out.append(res)
    return out


def render_page(
    page_data: dict[str, Any], key: str, render: Callable[[Resource], dict[str, Any]] = public
) -> dict[str, Any]:
    page_data[key] = [render(r) for r in page_data[key]]
    return page_data


def require(cond: bool, err: ApiError) -> None:
    if not cond:
        raise err
