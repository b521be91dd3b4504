"""The admin API under /_emulator/ (loopback Host or admin token, not in the OpenAPI document): reset, seed, faults,
log, config. Who may call it is decided in `barrack_emulator.middleware.admin_refusal`."""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import JSONResponse

from barrack_emulator.catalogue import CURRENCIES
from barrack_emulator.faults import FaultError
from barrack_emulator.kinds import Kind, kind_named
from barrack_emulator.routes.common import emu_of, public
from barrack_emulator.state import Store

router = APIRouter(prefix="/_emulator", include_in_schema=False)
MAX_SEED = 200_000
MAX_CLOCK_STEP = 10 * 365 * 86_400.0  # one clock move: at most ten years
MAX_CLOCK_OFFSET = 100 * 365 * 86_400.0  # the emulator clock stays within a century of the wall clock
MAX_DELAY_SCALE = 1_000_000.0
MAX_RATE_LIMIT = 1_000_000
MAX_BALANCE = 1e12
CONFIG_KEYS = frozenset({"delay_scale", "rate_limit", "balance", "currency", "profile_complete"})


class AdminError(ValueError):
    """Bad admin input (400)."""


def _reply(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status)


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise AdminError("body is not JSON") from exc
    if not isinstance(data, dict):
        raise AdminError("body must be a JSON object")
    return data


Handler = Callable[[Request], Awaitable[JSONResponse]]


def _guard(fn: Handler) -> Handler:
    """Turn bad admin input into a 400 instead of a 500."""

    @functools.wraps(fn)
    async def wrapper(request: Request) -> JSONResponse:
        try:
            return await fn(request)
        except (AdminError, FaultError, LookupError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
            return _reply({"error": f"bad admin request: {type(exc).__name__}: {exc}"[:500]}, 400)

    return wrapper


@router.get("/health")
async def health(request: Request) -> JSONResponse:
    return _reply({"ok": True})


@router.post("/reset")
@_guard
async def reset(request: Request) -> JSONResponse:
    """Forget all resources (stock and balance back to start). ``{"all": true}`` also clears faults, log, config."""
    body = await _body(request)
    emu = emu_of(request)
    balance = _bounded(body.get("balance"), "balance", -MAX_BALANCE, MAX_BALANCE)
    reset_all = body.get("all", False)
    if not isinstance(reset_all, bool):
        raise AdminError("all must be true or false")
    if reset_all:
        await emu.faults.release()  # a request a stall still holds lands now, not in the next test's state
    with emu.store.lock:
        emu.store.reset(balance)
        if reset_all:
            s = emu.settings
            emu.configure(
                delay_scale=s.delay_scale,
                rate_limit=s.rate_limit,
                currency=s.currency,
                profile_complete=s.profile_complete,
            )
    emu.limiter.reset()
    if reset_all:
        emu.faults.clear()
        emu.log.clear()
    return _reply({"ok": True})


@router.get("/faults")
async def list_faults(request: Request) -> JSONResponse:
    return _reply({"faults": emu_of(request).faults.list()})


@router.post("/faults")
@_guard
async def add_fault(request: Request) -> JSONResponse:
    body = await _body(request)
    method = body.pop("method")
    route = body.pop("route")
    kind = body.pop("kind")
    times = body.pop("times", 1)
    if not isinstance(method, str) or not isinstance(route, str) or not isinstance(kind, str):
        raise AdminError("method, route and kind must be strings")
    fault = emu_of(request).faults.add(method, route, kind, times, **body)
    return _reply(fault.as_dict(), 201)


@router.delete("/faults")
async def clear_faults(request: Request) -> JSONResponse:
    emu_of(request).faults.clear()
    return _reply({"ok": True})


@router.get("/faults/stalled")
async def stalled_requests(request: Request) -> JSONResponse:
    """How many requests ``stall`` faults are holding."""
    return _reply({"stalled": emu_of(request).faults.stalled()})


@router.post("/faults/release")
@_guard
async def release_stalled(request: Request) -> JSONResponse:
    """Let the requests ``stall`` faults hold go on; answers once they have been handled."""
    return _reply({"released": await emu_of(request).faults.release()})


@router.get("/requests")
async def request_log(request: Request) -> JSONResponse:
    return _reply({"requests": emu_of(request).log.entries()})


@router.get("/requests/counts")
async def request_counts(request: Request) -> JSONResponse:
    emu = emu_of(request)
    return _reply({"counts": emu.log.counts(), "routes": sorted(emu.route_keys)})


@router.get("/requests/in-flight")
async def requests_in_flight(request: Request) -> JSONResponse:
    """Requests being served now and the peak number at once since the log was last cleared, per route key."""
    return _reply(emu_of(request).log.in_flight())


@router.delete("/requests")
async def clear_log(request: Request) -> JSONResponse:
    emu_of(request).log.clear()
    return _reply({"ok": True})


@router.get("/config")
async def get_config(request: Request) -> JSONResponse:
    return _reply(emu_of(request).config())


@router.post("/config")
@_guard
async def set_config(request: Request) -> JSONResponse:
    body = await _body(request)
    unknown = set(body) - CONFIG_KEYS
    if unknown:
        raise AdminError(f"unknown config keys: {', '.join(sorted(unknown))}")
    currency = body.get("currency")
    if currency is not None and currency not in CURRENCIES:
        raise AdminError(f"currency must be one of {', '.join(CURRENCIES)}")
    profile = body.get("profile_complete")
    if profile is not None and not isinstance(profile, bool):
        raise AdminError("profile_complete must be true or false")
    emu = emu_of(request)
    emu.configure(
        delay_scale=_bounded(body.get("delay_scale"), "delay_scale", 0.0, MAX_DELAY_SCALE),
        rate_limit=_int(body.get("rate_limit"), "rate_limit", 0, MAX_RATE_LIMIT),
        balance=_bounded(body.get("balance"), "balance", -MAX_BALANCE, MAX_BALANCE),
        currency=currency,
        profile_complete=profile,
    )
    return _reply(emu.config())


@router.post("/clock")
@_guard
async def advance_clock(request: Request) -> JSONResponse:
    """Move the emulator clock forward by ``seconds`` (transitions and billing follow)."""
    body = await _body(request)
    seconds = _bounded(body.get("seconds"), "seconds", 0.0, MAX_CLOCK_STEP)
    if seconds is None:
        raise AdminError("seconds is required")
    with emu_of(request).store.lock as store:
        if store.clock_offset + seconds > MAX_CLOCK_OFFSET:
            raise AdminError(f"the clock offset would pass {MAX_CLOCK_OFFSET:g} seconds")
        store.clock_offset += seconds
        store.advance()
        return _reply({"now": store.now(), "offset": store.clock_offset})


@router.post("/set-status")
@_guard
async def set_status(request: Request) -> JSONResponse:
    body = await _body(request)
    kind = kind_named(str(body["kind"])).name
    rid = str(body["id"])
    status = body["status"]
    if not isinstance(status, str) or not status:
        raise AdminError("status must be a non-empty string")
    with emu_of(request).store.lock as store:
        res = store.get(kind, rid)
        if res is None:
            return _reply({"error": f"{kind} {rid} not found"}, 404)
        store.set_status(kind, res, status)
        return _reply(public(res))


@router.get("/state")
async def state_summary(request: Request) -> JSONResponse:
    with emu_of(request).store.lock as store:
        store.advance()
        counts = {k: len(v) for k, v in store.res.items()}
        return _reply({"counts": counts, "balance": round(store.balance, 6), "stock": store.stock})


@router.post("/seed")
@_guard
async def seed(request: Request) -> JSONResponse:
    """Bulk-create ``count`` resources of ``kind`` in their final status (no validation, no stock use)."""
    body = await _body(request)
    kind = kind_named(str(body["kind"]))
    count = body.get("count", 1)
    attrs = body.get("attrs") or {}
    if not isinstance(count, int) or not 1 <= count <= MAX_SEED:
        raise AdminError(f"count must be 1..{MAX_SEED}")
    if not isinstance(attrs, dict):
        raise AdminError("attrs must be an object")
    with emu_of(request).store.lock as store:
        ids = [seed_one(store, kind, dict(attrs), count) for _ in range(count)]
    return _reply({"ids": ids}, 201)


def seed_one(store: Store, kind: Kind, attrs: dict[str, Any], count: int) -> str:
    """Create one resource of a kind from ``attrs`` plus defaults."""
    prefix = attrs.pop("name_prefix", f"seed-{kind.name.replace('_', '-')}")
    name = attrs.pop("name", None)
    if name is None or count > 1:
        name = f"{prefix}-{store.counters[kind.name] + 1}"
    return str(kind.seed(store, name, attrs)[kind.id_field])


def _bounded(value: Any, name: str, low: float, high: float) -> float | None:
    """A finite number in ``[low, high]`` (None when absent)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise AdminError(f"{name} must be a finite number")
    if not low <= value <= high:
        raise AdminError(f"{name} must be between {low:g} and {high:g}")
    return float(value)


def _int(value: Any, name: str, low: int, high: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise AdminError(f"{name} must be an integer")
    if not low <= value <= high:
        raise AdminError(f"{name} must be between {low} and {high}")
    return value
