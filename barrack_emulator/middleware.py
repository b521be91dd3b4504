"""The outer ASGI layer of /api: request ids, route templates, auth, rate limit, faults and the request log."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import ipaddress
import json
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from email.utils import formatdate
from typing import Any
from urllib.parse import urlsplit

from barrack_emulator.catalogue import MAX_BODY_BYTES
from barrack_emulator.envelope import REQUEST_ID_KEY, error_body, new_request_id
from barrack_emulator.errors import ApiError
from barrack_emulator.runtime import Emulator

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

API_PREFIX = "/api"
ADMIN_PREFIX = "/_emulator"
ADMIN_TOKEN_HEADER = b"x-emulator-admin-token"
SIMPLE_WRITE_METHODS = frozenset({"POST"})  # the write methods a cross-site page can send without a preflight
ERROR_STATE_KEY = "barrack.error_state"
_STATUS_CODES = {
    429: "RATE_LIMITED",
    401: "AUTHENTICATION_FAILED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "CONFLICT",
    402: "INSUFFICIENT_BALANCE",
    400: "VALIDATION_ERROR",
}


class RouteTable:
    """Maps a request to its contract route template, e.g. ``/volumes/{id}/``."""

    def __init__(self, routes: list[tuple[Any, frozenset[str], str]]) -> None:
        self._routes = routes

    def resolve(self, method: str, path: str) -> str | None:
        fallback = None
        for regex, methods, template in self._routes:
            if regex.match(path):
                if method in methods:
                    return template
                fallback = fallback or template
        return fallback


def api_key_of(headers: list[tuple[bytes, bytes]]) -> list[str]:
    """Every key candidate in the four accepted header forms."""
    keys: list[str] = []
    for raw_name, raw_value in headers:
        name = raw_name.lower()
        value = raw_value.decode("latin-1").strip()
        if name == b"authorization":
            scheme, _, rest = value.partition(" ")
            if scheme.lower() in ("bearer", "api-key") and rest.strip():
                keys.append(rest.strip())
        elif name in (b"x-api-key", b"api_key", b"api-key") and value:
            keys.append(value)
    return keys


class ApiMiddleware:
    """Wraps the FastAPI app; only paths under /api are inspected."""

    def __init__(self, app: ASGIApp, emu: Emulator, routes: RouteTable, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.emu = emu
        self.routes = routes
        self.max_body = max_body

    async def _admin(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The admin API takes no API key: refuse what a web page could send (see `admin_refusal`), and oversized
        bodies."""
        refusal = admin_refusal(scope, self.emu.settings.admin_token)
        limited = await limit_body(scope, receive, self.max_body) if refusal is None else None
        if refusal is None and limited is None:
            refusal = (413, f"request body larger than {self.max_body} bytes")
        if refusal is not None:
            return await _send_json(send, refusal[0], json.dumps({"error": refusal[1]}).encode())
        assert limited is not None
        await self.app(scope, limited, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            send = self._dated(send)
        path: str = scope.get("path", "")
        if scope["type"] == "http" and (path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")):
            await self._admin(scope, receive, send)
            return
        if scope["type"] != "http" or not (path == API_PREFIX or path.startswith(API_PREFIX + "/")):
            await self.app(scope, receive, send)
            return
        emu = self.emu
        method: str = scope["method"]
        rid = new_request_id()
        scope[REQUEST_ID_KEY] = rid
        route = self.routes.resolve(method, path)
        key = route[len(API_PREFIX) :] if route else None
        emu.log.start(method, key, path)  # in flight until the emu.log.add(...) of whichever exit path is taken

        async def refuse(err: ApiError, fault: str | None = None) -> None:
            await self._reply(send, err, rid)
            emu.log.add(method, key, path, err.status, rid, fault=fault)

        keys = [k for k in api_key_of(scope.get("headers", [])) if k in emu.api_keys]
        if not keys:
            return await refuse(
                ApiError(401, "AUTHENTICATION_FAILED", "Authentication credentials were not provided or are invalid")
            )
        retry = emu.limiter.check(keys[0])
        if retry is not None:
            headers = {"Retry-After": str(retry)}
            return await refuse(ApiError(429, "RATE_LIMITED", "Rate limit exceeded", headers=headers))
        limited = await limit_body(scope, receive, self.max_body)
        if limited is None:
            return await refuse(ApiError(413, "PAYLOAD_TOO_LARGE", f"Request body larger than {self.max_body} bytes"))
        receive = limited  # the whole body is read: a held (slow, stall) write commits even if the client gives up

        store = emu.store
        with store.lock:  # with a state file: reloads another process's writes
            store.advance()

        fault = emu.faults.take(method, key) if key else None
        if fault is not None and fault.kind == "status":
            status = int(fault.params["status"])
            code = _STATUS_CODES.get(status, "INTERNAL_ERROR")
            headers = {}
            if fault.params.get("retry_after") is not None:
                headers["Retry-After"] = _fmt_seconds(fault.params["retry_after"])
            return await refuse(ApiError(status, code, f"Injected fault: HTTP {status}", headers=headers), "status")
        held = await emu.faults.hold(fault) if fault is not None else None
        if fault is not None and fault.kind == "error_state":
            scope[ERROR_STATE_KEY] = True

        drop = fault is not None and fault.kind == "drop_after_commit"
        status_seen: list[int] = []

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_seen.append(int(message["status"]))
            if not drop:  # drop_after_commit: the request is handled and committed, its response never sent
                await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            seen = status_seen[0] if status_seen else None if drop else 500
            emu.log.add(method, key, path, seen, rid, fault=fault.kind if fault else None)
            emu.faults.handled(held)
        if drop:
            await _drop_connection(send)

    def _dated(self, send: Send) -> Send:
        """Every response carries a ``Date`` header from the emulator clock (a real server's ``Date`` follows the
        clock its ``created_at`` comes from; the servers are started with uvicorn's own ``Date`` header off)."""

        async def dated_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"date"]
                headers.append((b"date", formatdate(self.emu.store.now(), usegmt=True).encode()))
                message = {**message, "headers": headers}
            await send(message)

        dated_send.__wrapped__ = send  # type: ignore[attr-defined]  # _drop_connection reaches uvicorn's cycle
        return dated_send

    @staticmethod
    async def _reply(send: Send, err: ApiError, rid: str) -> None:
        body = json.dumps(error_body(err, rid), separators=(",", ":")).encode()
        headers = [(b"x-request-id", rid.encode()), *((k.lower().encode(), v.encode()) for k, v in err.headers.items())]
        await _send_json(send, err.status, body, headers)


async def _send_json(send: Send, status: int, body: bytes, headers: Sequence[tuple[bytes, bytes]] = ()) -> None:
    length = str(len(body)).encode()
    head = [(b"content-type", b"application/json"), (b"content-length", length), *headers]
    await send({"type": "http.response.start", "status": status, "headers": head})
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


def is_loopback(host: str) -> bool:
    """Whether `host` names a loopback address only (``127.0.0.0/8``, ``::1``, ``localhost``)."""
    name = host.strip().lower()
    if name in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False


def host_without_port(host: str) -> str:
    """The host part of a ``Host`` header value (``[::1]:8765`` → ``[::1]``, ``localhost:80`` → ``localhost``)."""
    host = host.strip()
    if host.startswith("["):
        end = host.find("]")
        rest = host[end + 1 :]
        return host[: end + 1] if end > 0 and (rest == "" or (rest[:1] == ":" and rest[1:].isdigit())) else host
    name, sep, port = host.rpartition(":")
    return name if sep and port.isdigit() and ":" not in name else host


def admin_refusal(scope: Scope, token: str | None = None) -> tuple[int, str] | None:
    """Why an admin request is refused (status, message), or None.

    Who: the request carries the admin token the user set (``X-Emulator-Admin-Token``), or its ``Host`` names a
    loopback address (``127.0.0.0/8``, ``localhost``, ``[::1]``, any port). A DNS-rebinding page reaches the
    emulator on 127.0.0.1 but its requests say ``Host: evil.example``, so they are refused (403); a wrong token is
    refused too. What: a browser always sends ``Origin`` on a cross-origin write; it must name this server. A write
    must be ``application/json`` (which a page on another origin cannot send without a CORS preflight, and the
    emulator answers none)."""
    given = _header(scope, ADMIN_TOKEN_HEADER.lower())
    host = _header(scope, b"host")
    if given is not None:
        if not token or not hmac.compare_digest(given.encode(), token.encode()):
            return 403, "wrong admin token"
    elif host is None or not is_loopback(host_without_port(host)):
        return 403, "the admin API answers only requests to a loopback host name, or with the admin token"
    origin = _header(scope, b"origin")
    if origin is not None and (host is None or urlsplit(origin).netloc.lower() != host.lower()):
        return 403, "cross-origin requests to the admin API are refused"
    if scope.get("method") in SIMPLE_WRITE_METHODS:
        ctype = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
        if ctype != "application/json":
            return 415, "admin writes need Content-Type: application/json"
    return None


async def limit_body(scope: Scope, receive: Receive, limit: int) -> Receive | None:
    """A receive replaying the request body, read up to `limit` bytes; None when the body is larger (from the
    ``Content-Length`` header, without reading it, or after `limit` + 1 bytes of a chunked body)."""
    length = _header(scope, b"content-length")
    if length is not None:
        try:
            if int(length) > limit:
                return None
        except ValueError:
            return None
    elif _header(scope, b"transfer-encoding") is None:
        return receive  # no body
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            replay_disconnect: list[Message] = [message]
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            replay_disconnect = []
            break
    replay: list[Message] = [*replay_disconnect, {"type": "http.request", "body": b"".join(chunks), "more_body": False}]

    async def replay_receive() -> Message:
        if replay:
            return replay.pop()
        return await receive()

    return replay_receive


def _fmt_seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class ConnectionDropped(ConnectionAbortedError):
    """Raised when the server cannot reach the socket to drop it (e.g. under an in-process ASGI transport)."""


async def _drop_connection(send: Send) -> None:
    """Abort the TCP connection without a response (uvicorn: the cycle object behind ``send`` has the transport)."""
    cycle = getattr(getattr(send, "__wrapped__", send), "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:
        raise ConnectionDropped("drop_after_commit: connection dropped")
    with contextlib.suppress(Exception):
        transport.abort()
    for _ in range(20):
        if getattr(cycle, "disconnected", True):
            break
        await asyncio.sleep(0)
