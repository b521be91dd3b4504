"""Builds the emulator's ASGI application: FastAPI routers under /api, the admin API, error envelopes."""

from __future__ import annotations

import functools

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from barrack_emulator import admin
from barrack_emulator.envelope import error_response, request_id_of
from barrack_emulator.errors import ApiError
from barrack_emulator.kinds import Kind, route_modules
from barrack_emulator.middleware import API_PREFIX, ApiMiddleware, ASGIApp, RouteTable
from barrack_emulator.routes.common import crud_router
from barrack_emulator.runtime import Emulator, Settings

# pydantic error type -> the field message
MESSAGES = {
    "missing": "This field is required.",
    "extra_forbidden": "Unknown field.",
    "json_invalid": "Malformed JSON body.",
}


@functools.cache
def api_routers() -> tuple[APIRouter, ...]:
    """The routers under /api: each routes module's own and, after it, its kind's generic routes."""
    routers = []
    for module in route_modules():
        routers.append(module.router)
        if isinstance(kind := getattr(module, "KIND", None), Kind):
            routers.append(crud_router(kind))
    return tuple(routers)


def build_fastapi(emu: Emulator) -> FastAPI:
    """The FastAPI app (routes, handlers, OpenAPI) without the outer /api middleware."""
    app = FastAPI(
        title="Barrack API emulator",
        version="0.1.0",
        redirect_slashes=False,
        description="A local, stateful emulator of the Barrack GPU cloud API (barrack.ai/api).",
    )
    app.state.emu = emu
    for router in api_routers():
        app.include_router(router, prefix=API_PREFIX)
    app.include_router(admin.router)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _internal_error)
    return app


def create_app(settings: Settings | None = None, emu: Emulator | None = None) -> ASGIApp:
    """The emulator as an ASGI app; ``app.emu`` is the runtime."""
    emu = emu or Emulator(settings or Settings())
    fastapi_app = build_fastapi(emu)
    table = [
        (compile_path(API_PREFIX + r.path)[0], frozenset(r.methods or ()), API_PREFIX + r.path)
        for router in api_routers()
        for r in router.routes
        if isinstance(r, APIRoute)
    ]
    emu.route_keys = {f"{m} {path[len(API_PREFIX) :]}" for _, methods, path in table for m in methods}
    wrapped = ApiMiddleware(fastapi_app, emu, RouteTable(table))
    wrapped.fastapi = fastapi_app  # type: ignore[attr-defined]
    return wrapped


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc, request_id_of(request))


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors: dict[str, list[str]] = {}
    in_query = False
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        where = loc[0] if loc else "body"
        in_query = in_query or where in ("query", "path", "header")
        field = ".".join(loc[1:]) if len(loc) > 1 else "body"
        if err.get("type") == "json_invalid":
            field = "body"
        errors.setdefault(field, []).append(MESSAGES.get(err.get("type", ""), str(err.get("msg", "Invalid value."))))
    message = "Invalid query parameters" if in_query else "Invalid request body"
    return error_response(ApiError(400, "VALIDATION_ERROR", message, errors), request_id_of(request))


async def _internal_error(request: Request, exc: Exception) -> Response:
    """An unexpected failure still answers in the error envelope (500 INTERNAL_ERROR), never plain text."""
    return error_response(ApiError(500, "INTERNAL_ERROR", "Internal server error"), request_id_of(request))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    codes = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 401: "AUTHENTICATION_FAILED", 403: "PERMISSION_DENIED"}
    message = {404: "Not found", 405: "Method not allowed"}.get(status, str(exc.detail))
    code = codes.get(status, "VALIDATION_ERROR" if status < 500 else "INTERNAL_ERROR")
    return error_response(ApiError(status, code, message, headers=exc.headers), request_id_of(request))
