"""One iterator over the three page styles (standard, snapshots' camelCase, billing's limit/total_pages).

The page fields are inferred (I): a missing list key is an error (not ``[]``), and a page that repeats the previous
one or paging past :data:`MAX_PAGES` is `errors.UnexpectedResponse`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

from shared_client import contract, errors
from shared_client.contract import PageStyle
from shared_client.transport import Transport

MAX_PAGES: Final = 1000
"""Hard limit of pages per listing (100 000 objects at the largest page size)."""


def _more(data: Mapping[str, Any], page: int, size: int, got: int) -> bool:
    """Whether another page follows, from whichever page field the response carries (I)."""
    if got == 0:
        return False
    nested = data.get("pagination")
    if isinstance(nested, Mapping):
        data = {**nested, **data}
    has_next = data.get("has_next")
    if isinstance(has_next, bool):
        return has_next
    total_pages = data.get("total_pages")
    if isinstance(total_pages, int) and not isinstance(total_pages, bool):
        return page < total_pages
    raw_size = data.get("page_size") or data.get("limit") or size
    size = raw_size if isinstance(raw_size, int) and raw_size > 0 else size
    for key in ("total_count", "total"):
        total = data.get(key)
        if isinstance(total, int) and not isinstance(total, bool):
            return page * size < total
    return got >= size  # no page fields: a short page is the last


def items_of(data: Any, key: str) -> list[Any]:
    """The list under `key` (top level, D; or under ``data``, I), or `data` when it is a list; ValueError if none."""
    if isinstance(data, list):
        return data
    if isinstance(data, Mapping):
        items = data.get(key)
        if isinstance(items, list):
            return items
        nested = data.get(contract.ENV_DATA)
        if isinstance(nested, Mapping) and isinstance(nested.get(key), list):
            return list(nested[key])
        raise ValueError(f"no {key!r} list in the response")
    raise ValueError(f"a list response is a {type(data).__name__}")


def iter_items(
    transport: Transport,
    name: str,
    *,
    ids: dict[str, str] | None = None,
    params: Mapping[str, Any] | None = None,
    page_size: int = contract.MAX_PAGE_SIZE,
    parse_item: Callable[[Any], Any] | None = None,
    on_page: Callable[[Any], None] | None = None,
) -> Iterator[Any]:
    """Yield the items of list endpoint `name` (through `parse_item`), every page. A page the parser rejects is
    `errors.UnexpectedResponse`; `on_page(data)` sees each page's payload (billing's `summary`)."""
    ep = contract.ENDPOINTS[name]
    if ep.list_key is None:
        raise ValueError(f"{name} is not a list endpoint")
    key = ep.list_key

    def parse(data: Any) -> tuple[list[Any], list[Any], Any]:
        raw = items_of(data, key)
        return raw, [parse_item(i) for i in raw] if parse_item else raw, data

    query = {k: v for k, v in (params or {}).items() if v is not None}
    if ep.page_style in (None, PageStyle.SINGLE):
        _raw, items, data = transport.call(name, ids=ids, params=query or None, parse=parse)
        if on_page is not None:
            on_page(data)
        yield from items
        return
    assert ep.page_style is not None
    size_param = contract.PAGE_SIZE_PARAM[ep.page_style]
    previous: list[Any] | None = None
    page = 1
    while True:
        query[contract.PAGE_PARAM] = page
        query[size_param] = page_size
        raw, items, data = transport.call(name, ids=ids, params=dict(query), parse=parse)
        if raw and raw == previous:
            raise errors.UnexpectedResponse(
                f"GET {ep.path}: page {page} repeats page {page - 1}; stopped paging", error_code="UNEXPECTED_RESPONSE"
            )
        if on_page is not None:
            on_page(data)
        yield from items
        if not isinstance(data, Mapping) or not _more(data, page, page_size, len(raw)):
            return
        if page >= MAX_PAGES:
            raise errors.UnexpectedResponse(
                f"GET {ep.path}: more than {MAX_PAGES} pages; stopped paging", error_code="UNEXPECTED_RESPONSE"
            )
        previous = raw
        page += 1
