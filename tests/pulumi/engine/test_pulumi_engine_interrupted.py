"""A ``pulumi up`` killed with SIGKILL (the CLI and every process it started, as a killed CI job) at four points,
then the documented recovery ``pulumi cancel --yes; pulumi refresh --yes; pulumi up --yes`` (issue 15 item 1).

Auto-named resources get stable names (``pulumi_barrack._stable``), so the re-run finds what the killed run made
and adopts it: afterwards the server holds exactly the stack's objects, every one tracked in the state, and the
re-run named each adopted object. Emulator at delay scale 0.2 (a volume takes 2 s to become available, an
instance 6 s).
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from engine_support import Engine, Project, counts, list_all, public_key
from process_tree import kill_tree

from barrack_demo.pulumi_cli import CliError


def _in_flight(emulator: Any) -> dict[str, int]:
    with httpx.Client(timeout=10) as http:
        return dict(http.get(emulator.admin_url + "/requests/in-flight").json()["in_flight"])


def _done(emulator: Any, key: str) -> int:
    return int(emulator.request_counts().get(key, 0))


def _objects(emulator: Any) -> dict[str, str]:
    """id -> name of every volume, instance and SSH key on the server."""
    lists = list_all(emulator)
    out = {str(v["id"]): v["name"] for v in lists["volumes"] + lists["ssh-keys"]}
    out.update({str(i["instance_id"]): i["vm_name"] for i in lists["instances"]})
    return out


def _recorded_ids(proj: Project) -> set[str]:
    """Ids in the state the killed run left. A SIGKILL while the CLI writes the file backend's checkpoint can leave
    it empty (seen once in about ten kills): that is the engine's own file, not something a provider can protect."""
    for _ in range(3):
        try:
            return {str(r["id"]) for r in proj.resources().values()}
        except CliError as exc:
            if "failed to load checkpoint" not in str(exc):
                raise
            time.sleep(1)
    pytest.skip("the killed CLI left an unreadable checkpoint (Pulumi file backend), nothing to recover from")


# kill point -> (faults to add, condition on the emulator to kill at)
POINTS: dict[str, tuple[list[dict[str, Any]], Callable[[Any], bool]]] = {
    "before-the-post": (  # the name look-up before the first volume POST is slow: kill during it
        [{"method": "GET", "route": "/volumes/", "kind": "slow", "seconds": 3, "times": 2}],
        lambda e: _in_flight(e).get("GET /volumes/", 0) > 0 and _done(e, "POST /volumes/") == 0,
    ),
    "during-the-post": (  # the volume POST is slow (it still commits after the client is gone)
        [{"method": "POST", "route": "/volumes/", "kind": "slow", "seconds": 3, "times": 2}],
        lambda e: _in_flight(e).get("POST /volumes/", 0) > 0,
    ),
    "after-the-post": ([], lambda e: _done(e, "POST /volumes/") > 0),  # created, still creating: not in state
    "instance-building": ([], lambda e: _done(e, "POST /instances/") > 0),
}


def _kill_up_at(proj: Project, engine: Engine, emulator: Any, point: str) -> None:
    faults, reached = POINTS[point]
    for fault in faults:
        emulator.add_fault(fault.pop("method"), fault.pop("route"), fault.pop("kind"), **fault)
    cmd = [str(engine.bin_dir / "pulumi"), "up", "--yes", "--skip-preview", "--non-interactive", "--color", "never"]
    proc = subprocess.Popen(
        cmd,
        cwd=proj.dir,
        env=proj.workspace.env(proj.env),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not reached(emulator):
            assert proc.poll() is None, f"up ended before {point}"
            assert time.monotonic() < deadline, f"never reached {point}"
            time.sleep(0.05)
    finally:
        kill_tree(proc.pid)
        proc.wait(timeout=30)
    emulator.clear_faults()


@pytest.mark.parametrize("point", list(POINTS))
def test_killed_up_leaves_no_untracked_duplicates(engine: Engine, emulator: Any, point: str) -> None:
    proj = engine.project("auto_named", emulator, params={"public_key": public_key("kill"), "count": 2})
    emulator.configure(delay_scale=0.2)
    try:
        _kill_up_at(proj, engine, emulator, point)
        time.sleep(3.5)  # a slow write of the killed run lands meanwhile
        recorded = _recorded_ids(proj)
        untracked = [name for oid, name in _objects(emulator).items() if oid not in recorded]
        proj.run("cancel", "--yes")
        proj.refresh("--yes")
        result = proj.up("--yes")
    finally:
        emulator.configure(delay_scale=0)
    server = list_all(emulator)
    assert (len(server["volumes"]), len(server["instances"]), len(server["ssh-keys"])) == (2, 1, 1), result.output
    state = proj.resources()
    tracked = {str(r["id"]) for r in state.values()}
    assert {v["id"] for v in server["volumes"]} <= tracked
    assert {i["instance_id"] for i in server["instances"]} <= tracked
    assert {k["id"] for k in server["ssh-keys"]} <= tracked
    # the re-run named every object the killed run had left untracked
    assert result.output.count("already existed with this resource's stable auto-name") == len(untracked)
    assert all(f"{name!r}" in result.output or f"\\'{name}\\'" in result.output for name in untracked)
    proj.preview("--expect-no-changes")
    proj.destroy()
    assert sum(counts(emulator).values()) == 0


def test_forced_replace_of_an_auto_named_volume_never_deletes_it(engine: Engine, emulator: Any) -> None:
    """``up --replace`` re-creates under the same stable name: the object is kept (adopted), never deleted."""
    proj = engine.project("volumes_auto", emulator)
    proj.up("--yes")
    before = proj.resources()["v0"]
    result = proj.up("--yes", "--replace", before["urn"])
    (vol,) = list_all(emulator)["volumes"]
    assert vol["id"] == before["id"] == proj.resources()["v0"]["id"], result.output
    assert "is not deleted: its replacement took it over" in result.output
    proj.refresh("--yes", "--expect-no-changes")
    proj.destroy()
    assert sum(counts(emulator).values()) == 0
