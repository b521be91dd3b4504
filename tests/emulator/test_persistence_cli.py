"""The state file: survives restarts, is shared by separate processes, is written atomically; the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
    data = json.loads(state.read_text())
    assert vol["id"] in data["res"]["volumes"]
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
    assert not list(tmp_path.glob(".barrack-state-*"))  # no temp files left behind


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
