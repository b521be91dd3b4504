"""Reconciliation is immune to clock offset between client and server (issue 15 §2).

Each emulator runs in its own process with its whole clock shifted (``time.time``: ``created_at``, the ``Date``
header uvicorn sends, everything), as a server whose clock is off would be: 10 minutes ahead, 10 minutes behind,
and 30 seconds behind (= the client 30 s ahead). After a 500 on a create, another run's identical volume made 12 s
earlier must never be adopted; after a drop-after-commit the client must adopt the volume its own request made.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from barrack_emulator.testing import EmulatorHandle, free_port
from shared_client import BarrackClient, RetryPolicy, errors

ROOT = Path(__file__).resolve().parents[2]
KEY = "skew-test-key-0123456789"
SKEWS = [600.0, -600.0, -30.0]
AGE = 12.0  # seconds the other run's volume exists before our create
VOLUME = dict(region="FINLAND-1", size_gb=100, volume_type="HDD")

SHIFTED = """
import runpy, sys, time
_real = time.time
time.time = lambda: _real() + {offset!r}
sys.argv = ["barrack_emulator", "--port", "{port}", "--delay-scale", "0", "--rate-limit", "0"]
runpy.run_module("barrack_emulator", run_name="__main__", alter_sys=True)
"""


def spawn_skewed(offset: float) -> tuple[subprocess.Popen[bytes], EmulatorHandle]:
    port = free_port()
    env = dict(os.environ, BARRACK_EMULATOR_API_KEYS=KEY)
    code = SHIFTED.format(offset=offset, port=port)
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
    handle = EmulatorHandle(f"http://127.0.0.1:{port}", KEY)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(handle.admin_url + "/health", timeout=1).status_code == 200:
                return proc, handle
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the skewed emulator did not start")


@pytest.fixture(scope="module")
def skewed() -> Iterator[dict[float, tuple[EmulatorHandle, str, float]]]:
    """One emulator per skew, each already holding another run's volume 'twin' (id, monotonic creation time)."""
    running: dict[float, tuple[EmulatorHandle, str, float]] = {}
    procs = []
    try:
        for offset in SKEWS:
            proc, emu = spawn_skewed(offset)
            procs.append(proc)
            with BarrackClient(api_key=KEY, base_url=emu.base_url) as c:
                other = c.volumes.create(name="twin", **VOLUME)
            running[offset] = (emu, other.id, time.monotonic())
        yield running
    finally:
        for emu, _, _ in running.values():
            emu.close()
        for proc in procs:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def fast(emu: EmulatorHandle) -> BarrackClient:
    retry = RetryPolicy(max_attempts=4, backoff_base=0.05, backoff_cap=0.1)
    return BarrackClient(api_key=KEY, base_url=emu.base_url, retry=retry, timeout=5, total_budget=30)


@pytest.mark.parametrize("offset", SKEWS, ids=lambda o: f"server{o:+g}s")
def test_another_runs_identical_volume_is_never_adopted(
    skewed: dict[float, tuple[EmulatorHandle, str, float]], offset: float
) -> None:
    emu, other_id, made = skewed[offset]
    time.sleep(max(0.0, AGE - (time.monotonic() - made)))
    emu.add_fault("POST", "/volumes/", kind="status", status=500)
    with fast(emu) as c, pytest.raises(errors.Conflict, match="existed before") as ei:
        c.volumes.create(name="twin", **VOLUME)
    assert ei.value.existing_id == other_id and ei.value.ambiguous


@pytest.mark.parametrize("offset", SKEWS, ids=lambda o: f"server{o:+g}s")
def test_a_drop_after_commit_adopts_its_own_volume(
    skewed: dict[float, tuple[EmulatorHandle, str, float]], offset: float
) -> None:
    emu, _, _ = skewed[offset]
    emu.add_fault("POST", "/volumes/", kind="drop_after_commit")
    with fast(emu) as c:
        made = c.volumes.create(name=f"mine{int(offset)}", **VOLUME)
        assert [v.id for v in c.volumes.list() if v.name == made.name] == [made.id]
    assert emu.request_counts()["POST /volumes/"] >= 1
