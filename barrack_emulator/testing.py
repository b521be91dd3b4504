"""Start the emulator from tests: in-process on a free loopback port, or as a separate process.

with start_emulator(delay_scale=0) as emu:
    httpx.get(emu.base_url + "/volumes/", headers=emu.headers)
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from barrack_emulator.app import create_app
from barrack_emulator.catalogue import DEFAULT_BALANCE
from barrack_emulator.faults import normalise_route
from barrack_emulator.runtime import Emulator, Settings


def _norm_key(key: str) -> str:
    method, _, route = key.strip().partition(" ")
    return f"{method.upper()} {normalise_route(route)}"


class RouteCounts(dict[str, int]):
    """Request counts keyed ``"METHOD /route/template/"``.

    Lookups ignore path-parameter names (``{id}`` == ``{instance_id}``) and an ``/api`` prefix; a known route
    that was never called counts 0; an unknown route key raises KeyError (so a typo cannot pass silently).
    """

    def __init__(self, counts: dict[str, int], routes: Sequence[str]) -> None:
        super().__init__(counts)
        self._norm = {_norm_key(k): k for k in counts}
        self._known = {_norm_key(r) for r in routes}

    def __missing__(self, key: str) -> int:
        norm = _norm_key(key)
        if norm in self._norm:
            return dict.__getitem__(self, self._norm[norm])
        if norm in self._known:
            return 0
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and _norm_key(key) in self._norm

    def total(self) -> int:
        return sum(self.values())


class EmulatorHandle:
    """Talks to a running emulator's admin API; ``base_url`` is the API root (``.../api``)."""

    def __init__(self, root_url: str, api_key: str, emulator: Emulator | None = None) -> None:
        self.root_url = root_url.rstrip("/")
        self.base_url = self.root_url + "/api"
        self.admin_url = self.root_url + "/_emulator"
        self.api_key = api_key
        self.emulator = emulator
        self.pid: int | None = os.getpid() if emulator is not None else None
        self._http = httpx.Client(base_url=self.admin_url, timeout=60.0)

    def __repr__(self) -> str:
        return f"EmulatorHandle(base_url={self.base_url!r})"

    @property
    def headers(self) -> dict[str, str]:
        """Auth headers for raw HTTP calls."""
        return {"Authorization": f"Bearer {self.api_key}"}

    def _call(self, method: str, path: str, json: Any = None) -> dict[str, Any]:
        resp = self._http.request(method, path, json=json)
        if resp.status_code >= 400:
            raise RuntimeError(f"emulator admin {method} {path} failed: {resp.status_code} {resp.text}")
        return dict(resp.json())

    def reset(self, *, balance: float | None = None) -> None:
        """Forget every resource; stock, balance and rate-limit windows back to the start."""
        self._call("POST", "/reset", {"balance": balance} if balance is not None else {})

    def reset_all(self) -> None:
        """reset() plus clear faults, log and run-time config back to the start-up settings."""
        self._call("POST", "/reset", {"all": True})

    def add_fault(self, method: str, route: str, kind: str, *, times: int = 1, **params: Any) -> dict[str, Any]:
        """Schedule a fault for the next ``times`` requests matching method + contract route template."""
        return self._call("POST", "/faults", {"method": method, "route": route, "kind": kind, "times": times, **params})

    def stalled(self) -> int:
        """How many requests ``stall`` faults are holding right now."""
        return int(self._call("GET", "/faults/stalled")["stalled"])

    def release_stalled(self) -> int:
        """Let the requests ``stall`` faults hold go on; returns how many, once they have been handled."""
        return int(self._call("POST", "/faults/release", {})["released"])

    def faults(self) -> list[dict[str, Any]]:
        return list(self._call("GET", "/faults")["faults"])

    def clear_faults(self) -> None:
        self._call("DELETE", "/faults")

    def request_counts(self) -> RouteCounts:
        data = self._call("GET", "/requests/counts")
        return RouteCounts(data["counts"], data.get("routes", []))

    def request_log(self) -> list[dict[str, Any]]:
        return list(self._call("GET", "/requests")["requests"])

    def clear_log(self) -> None:
        self._call("DELETE", "/requests")

    def configure(
        self,
        *,
        delay_scale: float | None = None,
        rate_limit: int | None = None,
        balance: float | None = None,
        currency: str | None = None,
        profile_complete: bool | None = None,
    ) -> dict[str, Any]:
        """Change delay scale, rate limit (0 = off), balance, account currency and/or profile completeness; returns
        the resulting config."""
        given = {
            "delay_scale": delay_scale,
            "rate_limit": rate_limit,
            "balance": balance,
            "currency": currency,
            "profile_complete": profile_complete,
        }
        body = {k: v for k, v in given.items() if v is not None}
        return self._call("POST", "/config", body)

    def config(self) -> dict[str, Any]:
        return self._call("GET", "/config")

    def set_status(self, kind: str, id: str, status: str) -> dict[str, Any]:
        """Change a resource's status out of band (cancels its pending transitions)."""
        return self._call("POST", "/set-status", {"kind": kind, "id": id, "status": status})

    def seed(self, kind: str, count: int = 1, **attrs: Any) -> list[str]:
        """Bulk-create ``count`` resources in their final status; returns their ids."""
        return list(self._call("POST", "/seed", {"kind": kind, "count": count, "attrs": attrs})["ids"])

    def advance_clock(self, seconds: float) -> None:
        """Move the emulator clock forward (transitions and billing follow)."""
        self._call("POST", "/clock", {"seconds": seconds})

    def state(self) -> dict[str, Any]:
        return self._call("GET", "/state")

    def close(self) -> None:
        self._http.close()


def _bind(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # accepted sockets inherit it (no 40 ms stalls)
    sock.bind((host, port))
    sock.listen(1024)
    sock.set_inheritable(True)
    return sock


@contextlib.contextmanager
def start_emulator(
    port: int = 0,
    delay_scale: float = 0.0,
    api_keys: Sequence[str] = ("test-key",),
    state_file: str | os.PathLike[str] | None = None,
    rate_limit: int | None = None,
    *,
    balance: float = DEFAULT_BALANCE,
    host: str = "127.0.0.1",
    currency: str = "USD",
    profile_complete: bool = True,
    admin_token: str | None = None,
) -> Iterator[EmulatorHandle]:
    """Run the real server (uvicorn) in a background thread; ``rate_limit=None`` means no limit."""
    settings = Settings(
        api_keys=tuple(api_keys),
        delay_scale=delay_scale,
        rate_limit=rate_limit or 0,
        balance=balance,
        state_file=state_file,
        currency=currency,
        profile_complete=profile_complete,
        admin_token=admin_token,
    )
    app = create_app(settings)
    emu: Emulator = app.emu  # type: ignore[attr-defined]
    sock = _bind(host, port)
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="off",
        http="h11",
        timeout_keep_alive=30,
        date_header=False,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="barrack-emulator", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError("the Barrack emulator did not start")
        time.sleep(0.01)
    bound_port = sock.getsockname()[1]
    handle = EmulatorHandle(f"http://{host}:{bound_port}", next(iter(api_keys), ""), emulator=emu)
    try:
        yield handle
    finally:
        handle.close()
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        emu.store.close()


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def spawn_emulator(
    *,
    port: int | None = None,
    delay_scale: float = 0.0,
    api_keys: Sequence[str] = ("test-key",),
    state_file: str | os.PathLike[str] | None = None,
    rate_limit: int = 0,
    balance: float | None = None,
    host: str = "127.0.0.1",
    log_path: str | os.PathLike[str] | None = None,
    extra_args: Sequence[str] = (),
) -> Iterator[EmulatorHandle]:
    """Run ``python -m barrack_emulator`` as a separate process (keys passed via the environment)."""
    port = port or free_port(host)
    cmd = [sys.executable, "-m", "barrack_emulator", "--host", host, "--port", str(port)]
    cmd += ["--delay-scale", str(delay_scale), "--rate-limit", str(rate_limit)]
    if state_file is not None:
        cmd += ["--state-file", str(state_file)]
    if balance is not None:
        cmd += ["--balance", str(balance)]
    cmd += list(extra_args)
    env = dict(os.environ, BARRACK_EMULATOR_API_KEYS=",".join(api_keys))
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=log, cwd=str(Path(__file__).resolve().parent.parent))
    handle = EmulatorHandle(f"http://{host}:{port}", next(iter(api_keys), ""))
    handle.pid = proc.pid
    try:
        deadline = time.monotonic() + 20
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"barrack-emulator exited with {proc.returncode}")
            try:
                if httpx.get(handle.admin_url + "/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("barrack-emulator did not start")
            time.sleep(0.05)
        yield handle
    finally:
        handle.close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log is not subprocess.DEVNULL:
            log.close()  # type: ignore[union-attr]
