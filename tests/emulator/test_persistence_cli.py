"""The state file (SQLite): survives restarts, is shared by separate processes, loses no acknowledged write under
kill -9, migrates the JSON state files of earlier versions; the CLI."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from barrack_emulator.testing import spawn_emulator, start_emulator

from .conftest import Api

VOL = {"name": "kept-vol", "region": "FINLAND-1", "size_gb": 200, "volume_type": "NVMe"}


def test_state_survives_a_process_restart(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    with spawn_emulator(state_file=state, api_keys=("k1",)) as emu:
        api = Api(emu)
        vol = api.data("POST", "/volumes/", VOL, expect=201)
        inst = api.instance("kept-vm")
        api.data("POST", f"/instances/{inst['instance_id']}/stop/")
        api.http.close()
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # a clean stop leaves the database alone
    with sqlite3.connect(state) as db:  # one row per object
        rows = dict(db.execute("SELECT id, body FROM objects WHERE kind = 'volumes'").fetchall())
    assert json.loads(rows[vol["id"]])["name"] == "kept-vol"
    with spawn_emulator(state_file=state, api_keys=("k1",)) as emu:
        api = Api(emu)
        assert api.data("GET", f"/volumes/{vol['id']}/")["name"] == "kept-vol"
        assert api.status(f"/instances/{inst['instance_id']}/") == "SHUTOFF"
        new = api.data("POST", "/volumes/", {**VOL, "name": "second-vol"}, expect=201)
        assert int(new["id"]) > int(vol["id"])  # ids keep counting after a restart
        api.http.close()


def test_two_processes_share_one_account(tmp_path: Path) -> None:
    state = tmp_path / "shared.json"
    with spawn_emulator(state_file=state) as one, start_emulator(state_file=state) as two:
        a, b = Api(one), Api(two)
        vol = a.data("POST", "/volumes/", VOL, expect=201)
        assert b.data("GET", f"/volumes/{vol['id']}/")["name"] == "kept-vol"
        b.call("DELETE", f"/volumes/{vol['id']}/", expect=200)
        a.error("GET", f"/volumes/{vol['id']}/", expect=404)
        a.http.close()
        b.http.close()


def test_pending_transitions_survive_restart(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    with start_emulator(state_file=state, delay_scale=1.0) as emu:
        api = Api(emu)
        vol = api.data("POST", "/volumes/", VOL, expect=201)
        assert vol["status"] == "creating"
        api.http.close()
    with start_emulator(state_file=state, delay_scale=1.0) as emu:
        api = Api(emu)
        assert api.status(f"/volumes/{vol['id']}/") == "creating"
        emu.advance_clock(11)
        assert api.status(f"/volumes/{vol['id']}/") == "available"
        api.http.close()
    assert stray_files(tmp_path, state) == []


def test_cli_help_and_env_keys(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "barrack_emulator", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for flag in ("--host", "--port", "--state-file", "--delay-scale", "--api-key", "--rate-limit", "--balance"):
        assert flag in out
    log = tmp_path / "emu.log"
    with spawn_emulator(api_keys=("env-key-1", "env-key-2"), log_path=log) as emu:
        for key in ("env-key-1", "env-key-2"):
            assert httpx.get(emu.base_url + "/regions/", headers={"X-API-Key": key}).status_code == 200
        assert httpx.get(emu.base_url + "/regions/", headers={"X-API-Key": "nope"}).status_code == 401
    assert "env-key" not in log.read_text()


@pytest.mark.parametrize("limit", [3])
def test_cli_rate_limit_flag(limit: int) -> None:
    with spawn_emulator(rate_limit=limit) as emu:
        codes = [httpx.get(emu.base_url + "/regions/", headers=emu.headers).status_code for _ in range(limit + 1)]
        assert codes[-1] == 429 and codes[:-1] == [200] * limit


def test_concurrent_writers_on_one_state_file_lose_nothing(tmp_path: Path) -> None:
    import threading

    state = tmp_path / "shared.json"
    with spawn_emulator(state_file=state) as one, start_emulator(state_file=state) as two:

        def create(emu: object, prefix: str) -> None:
            api = Api(emu)  # type: ignore[arg-type]
            for i in range(15):
                api.data("POST", "/scripts/", {"name": f"{prefix}-{i}", "content": "echo"}, expect=201)
            api.http.close()

        threads = [threading.Thread(target=create, args=(emu, p)) for emu, p in ((one, "a"), (two, "b"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for emu in (one, two):
            api = Api(emu)
            data = api.data("GET", "/scripts/", params={"page_size": 100})
            assert data["total_count"] == 30
            assert len({s["id"] for s in data["scripts"]}) == 30
            api.http.close()


def stray_files(directory: Path, state: Path) -> list[str]:
    """Files beside the state database other than the database and its own WAL/shared-memory files."""
    allowed = {state.name, state.name + "-wal", state.name + "-shm"}
    return sorted(p.name for p in directory.iterdir() if p.name not in allowed)


def writer(base_url: str, headers: dict[str, str], prefix: str, acked: list[str], stop: threading.Event) -> None:
    """Create scripts until the server dies; remember every acknowledged (201) id."""
    with httpx.Client(base_url=base_url, headers=headers, timeout=5) as http:
        i = 0
        while not stop.is_set():
            i += 1
            try:
                resp = http.post("/scripts/", json={"name": f"{prefix}-{i}", "content": "echo"})
            except httpx.TransportError:
                return
            if resp.status_code == 201:
                acked.append(resp.json()["data"]["id"])


@pytest.mark.parametrize("kill_at_acks", [1, 40, 150, 400])
def test_kill_9_under_write_load_loses_no_acknowledged_write(tmp_path: Path, kill_at_acks: int) -> None:
    state = tmp_path / "state.db"
    acked: list[str] = []
    stop = threading.Event()
    with spawn_emulator(state_file=state) as emu:
        emu.seed("volumes", 2000)  # a non-trivial account
        threads = [
            threading.Thread(target=writer, args=(emu.base_url, emu.headers, f"w{n}", acked, stop)) for n in range(8)
        ]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while len(acked) < kill_at_acks and time.monotonic() < deadline:
            time.sleep(0.001)
        assert emu.pid is not None
        os.kill(emu.pid, signal.SIGKILL)
        for t in threads:
            t.join(timeout=10)
        stop.set()
    assert acked, "no write was acknowledged before the kill"
    assert stray_files(tmp_path, state) == []
    with spawn_emulator(state_file=state) as emu:
        api = Api(emu)
        ids = {s["id"] for s in api.data("GET", "/scripts/", params={"page_size": 100})["scripts"]}
        page = 2
        while True:
            more = api.data("GET", "/scripts/", params={"page_size": 100, "page": page})["scripts"]
            if not more:
                break
            ids |= {s["id"] for s in more}
            page += 1
        assert set(acked) <= ids
        assert emu.state()["counts"]["volumes"] == 2000
        new = api.data("POST", "/scripts/", {"name": "after-kill", "content": "echo"}, expect=201)
        assert int(new["id"]) > max(int(i) for i in ids)  # ids never reused
        api.http.close()
    assert stray_files(tmp_path, state) == []


def test_kill_9_during_a_big_write_keeps_all_or_nothing(tmp_path: Path) -> None:
    state = tmp_path / "state.db"
    with spawn_emulator(state_file=state) as emu:
        emu.seed("volumes", 100)
        seeding = threading.Thread(target=lambda: _quiet(emu.seed, "scripts", 50_000))
        seeding.start()
        time.sleep(0.3)  # inside the 50,000-row transaction
        assert emu.pid is not None
        os.kill(emu.pid, signal.SIGKILL)
        seeding.join(timeout=30)
    with spawn_emulator(state_file=state) as emu:
        counts = emu.state()["counts"]
        assert counts["volumes"] == 100 and counts["scripts"] in (0, 50_000)
    assert stray_files(tmp_path, state) == []


def _quiet(fn: Any, *args: Any) -> None:
    with contextlib.suppress(httpx.TransportError, RuntimeError):
        fn(*args)


V1_FILE = Path(__file__).parent / "data" / "state-v1.json"


def test_a_json_state_file_of_the_previous_version_is_migrated(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    shutil.copy(V1_FILE, state)
    old = json.loads(V1_FILE.read_text())
    now = time.time() + old["clock_offset"]
    expected = old["balance"] - sum(
        r["_bill"]["rate"] * (now - r["_bill"]["since"]) / 3600
        for kind in ("instances", "volumes", "snapshots")
        for r in old["res"][kind].values()
    )
    with spawn_emulator(state_file=state) as emu:
        api = Api(emu)
        assert [v["name"] for v in api.data("GET", "/volumes/")["volumes"]] == ["kept-vol"]
        assert [k["name"] for k in api.data("GET", "/ssh-keys/")["ssh_keys"]] == ["k1"]
        assert api.data("GET", "/balance/")["balance"] == pytest.approx(expected, abs=0.01)
        records = api.data("GET", "/volumes/billing/")["records"]
        assert {r["name"]: r["status"] for r in records} == {"kept-vol": "available", "gone-vol": "DELETED"}
        assert api.data("GET", "/ai/usage/summary/")["total_requests"] == 1
        vol = api.data("POST", "/volumes/", {**VOL, "name": "new-vol"}, expect=201)
        assert int(vol["id"]) > max(int(i) for i in old["res"]["volumes"])
        api.http.close()
    assert state.read_bytes()[:16] == b"SQLite format 3\x00"
    assert json.loads((tmp_path / "state.json.json-v1.bak").read_text()) == old  # the JSON is kept
    with spawn_emulator(state_file=state) as emu:  # and the second start reads the database
        assert emu.state()["counts"]["volumes"] == 2


def test_a_foreign_state_file_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    state = tmp_path / "notes.txt"
    state.write_text("my notes\n")
    out = subprocess.run(
        [sys.executable, "-m", "barrack_emulator", "--state-file", str(state), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2 and "neither an emulator state database nor a JSON state file" in out.stderr
    assert state.read_text() == "my notes\n"
