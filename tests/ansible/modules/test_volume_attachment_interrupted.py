"""An attach with stop_if_needed whose ansible-playbook is killed (SIGKILL to its whole process group, so the
module's restore never runs) at three points — instance STOPPING, volume attached but instance still SHUTOFF,
instance STARTING — then run again: the re-run leaves the volume attached and the instance ACTIVE again."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from playbook import prepare_playbook, run_playbook
from process_tree import kill_tree

pytestmark = pytest.mark.ansible

MOD = "barrack.cloud.volume_attachment"


def _get(emulator: Any, path: str) -> dict[str, Any]:
    with httpx.Client(base_url=emulator.base_url, headers=emulator.headers, timeout=10) as http:
        resp = http.get(path)
        resp.raise_for_status()
        return dict(resp.json()["data"])


KILL_POINTS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "stopping": lambda inst: inst["status"] == "STOPPING",
    "attached-while-shutoff": lambda inst: inst["status"] == "SHUTOFF" and bool(inst["volume_attachments"]),
    "starting": lambda inst: inst["status"] == "STARTING",
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_killed_attach_is_finished_by_the_rerun(emulator: Any, tmp_path: Path, point: str) -> None:
    inst_id = emulator.seed("instances", 1, name="trainer", region="FINLAND-1")[0]
    vol_id = emulator.seed("volumes", 1, name="data", region="FINLAND-1")[0]
    task = {"name": "attach", MOD: {"volume": "data", "instance": "trainer", "stop_if_needed": True}}
    state_dir = tmp_path / "state"
    env = {"BARRACK_STATE_DIR": str(state_dir)}
    cmd, run_env, _ = prepare_playbook(
        [task], workdir=tmp_path / "killed", api_url=emulator.base_url, api_key=emulator.api_key, env=env
    )
    emulator.configure(delay_scale=0.2)
    try:
        proc = subprocess.Popen(
            cmd,
            cwd=tmp_path / "killed",
            env=run_env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            armed = False
            while True:
                inst = _get(emulator, f"/instances/{inst_id}/")
                if KILL_POINTS[point](inst):
                    break
                if point == "attached-while-shutoff" and inst["status"] == "STOPPING" and not armed:
                    # widen the window between the attach and the start: the module's next volume read is slow
                    emulator.add_fault("GET", "/volumes/{id}/", "slow", seconds=4)
                    armed = True
                assert proc.poll() is None, f"the run ended before reaching {point}"
                assert time.monotonic() < deadline, f"never reached {point}: {inst['status']}"
                time.sleep(0.05)
        finally:
            kill_tree(proc.pid)
            proc.wait(timeout=30)
        assert list(state_dir.rglob("*.json")), "the marker survived the kill"
        time.sleep(1)
        killed_at = _get(emulator, f"/instances/{inst_id}/")["status"]
        assert killed_at != "ACTIVE" or point == "starting", "nothing of the killed run carried on"
        run = run_playbook(
            [task], workdir=tmp_path / "rerun", api_url=emulator.base_url, api_key=emulator.api_key, env=env
        )
        inst, vol = _get(emulator, f"/instances/{inst_id}/"), _get(emulator, f"/volumes/{vol_id}/")
        assert inst["status"] == "ACTIVE", run.output()
        assert str(vol["attached_to"]) == inst_id
        if point != "starting":  # a killed start finishes on its own: nothing left to change then
            assert run["attach"].changed and run["attach"]["barrack_volume_attachment"]["stopped_instance"]
        assert not list(state_dir.rglob("*.json")), "the marker is gone once the instance is back"
        again = run_playbook(
            [task], workdir=tmp_path / "again", api_url=emulator.base_url, api_key=emulator.api_key, env=env
        )
        assert not again["attach"].changed
    finally:
        emulator.configure(delay_scale=0)
        emulator.clear_faults()
