"""Barrack's success and error envelopes, request ids and the three page styles."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from fastapi import Request, Response

from barrack_emulator.catalogue import PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX
from barrack_emulator.errors import ApiError

REQUEST_ID_KEY = "barrack.request_id"


def new_request_id() -> str:
    """An 8-hex-digit request id like the documented ``a1b2c3d4``."""
    return secrets.token_hex(4)


def iso(ts: float) -> str:
    """Epoch seconds to ``2025-12-11T16:00:00Z``."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def request_id_of(request: Request) -> str:
    """The request id the outer middleware assigned (or a fresh one)."""
    rid = request.scope.get(REQUEST_ID_KEY)
    if not rid:
        rid = new_request_id()
        request.scope[REQUEST_ID_KEY] = rid
    return str(rid)


def json_response(
    body: Mapping[str, Any], status: int, request_id: str, headers: Mapping[str, str] | None = None
) -> Response:
    """A JSON response carrying ``X-Request-Id``."""
    hdrs = {"X-Request-Id": request_id, **(headers or {})}
    payload = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    return Response(payload, status_code=status, media_type="application/json", headers=hdrs)


def ok(request: Request, data: Any, message: str = "OK", status: int = 200, tier: str | None = None) -> Response:
    """The success envelope; ``tier`` is taken from ``data`` when it is a resource with a tier."""
    rid = request_id_of(request)
    body: dict[str, Any] = {"success": True, "message": message, "request_id": rid, "timestamp": iso(time.time())}
    if tier is None and isinstance(data, dict):
        t = data.get("tier")
        tier = t if isinstance(t, str) else None
    if tier is not None:
        body["tier"] = tier
    body["data"] = data
    return json_response(body, status, rid)


def ok_list(request: Request, page: Mapping[str, Any], message: str, tier: str | None = None) -> Response:
    """A list answer as documented (custom-images example): the items and the page fields at the top level of the
    envelope, beside ``success`` and ``tier`` (no ``data``)."""
    rid = request_id_of(request)
    body: dict[str, Any] = {"success": True, "message": message, "request_id": rid, "timestamp": iso(time.time())}
    body.update(page)
    if tier is not None:
        body["tier"] = tier
    return json_response(body, 200, rid)


def ok_beside(request: Request, data: Any, beside: Mapping[str, Any], message: str, status: int = 200) -> Response:
    """The success envelope with extra keys beside ``data`` (restore snapshot: ``snapshot{id, name}``)."""
    rid = request_id_of(request)
    body: dict[str, Any] = {"success": True, "message": message, "request_id": rid, "timestamp": iso(time.time())}
    body["data"] = data
    body.update(beside)
    return json_response(body, status, rid)


def error_body(err: ApiError, request_id: str) -> dict[str, Any]:
    """The error envelope as a dict."""
    body: dict[str, Any] = {"success": False, "message": err.message, "error_code": err.error_code}
    if err.errors:
        body["errors"] = err.errors
    body["request_id"] = request_id
    return body


def error_response(err: ApiError, request_id: str) -> Response:
    """The error envelope as a response."""
    return json_response(error_body(err, request_id), err.status, request_id, err.headers)


def page_of(items: Sequence[Any], page: int, size: int | None, size_field: str) -> tuple[list[Any], int]:
    """The items of one page and the page size, validated as the contract says (page >= 1, size 1..100)."""
    size = PAGE_SIZE_DEFAULT if size is None else size
    errors: dict[str, list[str]] = {}
    if page < 1:
        errors["page"] = ["Ensure this value is greater than or equal to 1."]
    if size < 1:
        errors[size_field] = ["Ensure this value is greater than or equal to 1."]
    elif size > PAGE_SIZE_MAX:
        errors[size_field] = [f"Ensure this value is less than or equal to {PAGE_SIZE_MAX}."]
    if errors:
        raise ApiError(400, "VALIDATION_ERROR", "Invalid query parameters", errors)
    return list(items[(page - 1) * size : page * size]), size


def page_standard(
    items: Sequence[Any], key: str, page: int, page_size: int | None, size_field: str = "page_size"
) -> dict[str, Any]:
    """``{key: [...], total_count, page, page_size, has_next}`` (custom images, snapshots, resources)."""
    chunk, size = page_of(items, page, page_size, size_field)
    return {
        key: chunk,
        "total_count": len(items),
        "page": page,
        "page_size": size,
        "has_next": page * size < len(items),
    }


def page_billing(items: Sequence[Any], page: int, limit: int | None) -> dict[str, Any]:
    """``{records: [...], total, page, limit, total_pages}`` (billing lists)."""
    chunk, size = page_of(items, page, limit, "limit")
    total_pages = (len(items) + size - 1) // size
    return {"records": chunk, "total": len(items), "page": page, "limit": size, "total_pages": total_pages}
