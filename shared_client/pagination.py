"""One iterator over the three page styles (standard, snapshots' camelCase, billing's limit/total_pages)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from shared_client import contract
from shared_client.contract import PageStyle
from shared_client.transport import Transport


def _more(data: Mapping[str, Any], page: int, size: int, got: int) -> bool:
    """Whether another page follows, from whichever page field the response carries."""
    if got == 0:
        return False
    has_next = data.get("has_next")
    if isinstance(has_next, bool):
        return has_next
    total_pages = data.get("total_pages")
    if isinstance(total_pages, int):
        return page < total_pages
    size = int(data.get("page_size") or data.get("limit") or size)
    for key in ("total_count", "total"):
        total = data.get(key)
        if isinstance(total, int):
            return page * size < total
    return got >= size  # no page fields: a short page is the last


def iter_items(
    transport: Transport,
    name: str,
    *,
    ids: dict[str, str] | None = None,
    params: Mapping[str, Any] | None = None,
    page_size: int = contract.MAX_PAGE_SIZE,
) -> Iterator[Any]:
    """Yield the raw items of list endpoint `name`, every page, asking for `page_size` items per page."""
    ep = contract.ENDPOINTS[name]
    if ep.list_key is None:
        raise ValueError(f"{name} is not a list endpoint")
    key = ep.list_key
    query = {k: v for k, v in (params or {}).items() if v is not None}
    if ep.page_style in (None, PageStyle.SINGLE):
        data = transport.call(name, ids=ids, params=query or None)
        yield from _items(data, key)
        return
    assert ep.page_style is not None
    size_param = contract.PAGE_SIZE_PARAM[ep.page_style]
    page = 1
    while True:
        query[contract.PAGE_PARAM] = page
        query[size_param] = page_size
        data = transport.call(name, ids=ids, params=dict(query))
        items = _items(data, key)
        yield from items
        if not isinstance(data, Mapping) or not _more(data, page, page_size, len(items)):
            return
        page += 1


def _items(data: Any, key: str) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, Mapping):
        items = data.get(key)
        return items if isinstance(items, list) else []
    return []
