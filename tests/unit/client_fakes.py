"""A scripted fake Barrack API for `httpx.MockTransport` (unit tests of shared_client)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx

from shared_client import BarrackClient, RetryPolicy, WaitPolicy

KEY = "sk-unit-9f8e7d6c5b4a-SECRET"
BASE = "https://barrack.test/api"

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class FakeClock:
    """A monotonic clock that only `sleep` moves: inject `now` as a clock and `sleep` as a sleep."""

    def __init__(self) -> None:
        self.t = 0.0
        self.slept: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0, seconds
        self.slept.append(seconds)
        self.t += seconds


def ok(
    data: Any, status: int = 200, headers: dict[str, str] | None = None, request_id: str = "req0001"
) -> httpx.Response:
    body = {
        "success": True,
        "message": "OK",
        "request_id": request_id,
        "timestamp": "2025-12-11T16:00:00Z",
        "data": data,
    }
    return httpx.Response(status, json=body, headers={"X-Request-Id": request_id, **(headers or {})})


def err(
    status: int,
    code: str = "ERR",
    message: str = "failed",
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
    request_id: str = "reqerr01",
) -> httpx.Response:
    body: dict[str, Any] = {"success": False, "message": message, "error_code": code, "request_id": request_id}
    if errors is not None:
        body["errors"] = errors
    return httpx.Response(status, json=body, headers=headers or {})


class FakeAPI:
    """Routes `METHOD path-regex` to a queue of replies (the last reply repeats) and records every request."""

    def __init__(self) -> None:
        self.routes: list[tuple[str, re.Pattern[str], list[Reply]]] = []
        self.requests: list[httpx.Request] = []

    def on(self, method: str, path: str, *replies: Reply) -> FakeAPI:
        pattern = re.compile("^/api" + path.replace("{id}", "[^/]+").replace("{rule_id}", "[^/]+") + "$")
        self.routes.insert(0, (method, pattern, list(replies)))
        return self

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        for method, pattern, replies in self.routes:
            if method == request.method and pattern.match(request.url.path):
                reply = replies.pop(0) if len(replies) > 1 else replies[0]
                if isinstance(reply, Exception):
                    raise reply
                if callable(reply) and not isinstance(reply, httpx.Response):
                    return reply(request)
                return reply
        return err(404, "NOT_FOUND", f"no route {request.method} {request.url.path}")

    def count(self, method: str | None = None, path_prefix: str = "") -> int:
        return sum(
            1
            for r in self.requests
            if (method is None or r.method == method) and r.url.path.startswith("/api" + path_prefix)
        )

    def bodies(self, method: str = "POST") -> list[Any]:
        return [json.loads(r.content) if r.content else None for r in self.requests if r.method == method]


def make_client(
    api: FakeAPI, *, sleeps: list[float] | None = None, max_attempts: int = 6, total_budget: float = 60.0, **kwargs: Any
) -> BarrackClient:
    """A client over the fake API: sleeps are recorded, not slept; jitter returns the upper bound."""
    record = sleeps if sleeps is not None else []
    policy = RetryPolicy(max_attempts=max_attempts, sleep=record.append, rng=lambda lo, hi: hi)
    wait = kwargs.pop("wait_policy", WaitPolicy(initial=0.0, cap=0.0, sleep=record.append))
    return BarrackClient(
        api_key=KEY,
        base_url=BASE,
        transport=httpx.MockTransport(api),
        retry=policy,
        total_budget=total_budget,
        wait_policy=wait,
        **kwargs,
    )


def volume(id: str = "5001", name: str = "data-1", **extra: Any) -> dict[str, Any]:
    base = {
        "id": id,
        "name": name,
        "region": "FINLAND-1",
        "tier": "advanced",
        "size_gb": 200,
        "volume_type": "NVMe",
        "status": "available",
        "attached_to": None,
    }
    base.update(extra)
    return base


def instance(id: str = "BRK-100001D", name: str = "w1", status: str = "ACTIVE", **extra: Any) -> dict[str, Any]:
    base = {
        "instance_id": id,
        "vm_name": name,
        "status": status,
        "tier": "legacy",
        "region": "CANADA-1",
        "specs": {"gpu_type": "RTX-A6000", "gpu_count": 1},
    }
    base.update(extra)
    return base


def page(key: str, items: list[Any], **fields: Any) -> dict[str, Any]:
    return {key: items, **fields}
