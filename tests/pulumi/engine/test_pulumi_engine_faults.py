"""``pulumi up`` under emulator faults (429, 5xx, ghost creates) converges with exactly one of each resource."""

from __future__ import annotations

from typing import Any

from engine_support import Engine, counts, list_all, public_key


def test_up_under_faults_converges_with_one_of_each(engine: Engine, emulator: Any) -> None:
    # ghost creates: the server commits, the response is lost
    emulator.add_fault("POST", "/instances/", "drop_after_commit")
    emulator.add_fault("POST", "/volumes/", "drop_after_commit")
    emulator.add_fault("POST", "/ssh-keys/", "drop_after_commit")
    # throttling and server errors
    emulator.add_fault("POST", "/scripts/", "status", status=429, retry_after=0)
    emulator.add_fault("POST", "/firewalls/", "status", status=500)
    emulator.add_fault("POST", "/firewalls/{id}/attach/", "status", status=503)
    emulator.add_fault("POST", "/instances/{id}/attach-volumes/", "status", status=429)
    emulator.add_fault("GET", "/instances/{id}/", "status", status=502, times=2)
    emulator.add_fault("GET", "/volumes/{id}/", "status", status=504)
    proj = engine.project("faults", emulator, params={"public_key": public_key("faults")})
    result = proj.up("--skip-preview")
    assert result.changes() == {"create": 8}, result.output
    assert emulator.faults() == [], "every fault was hit"
    assert counts(emulator) == {
        "instances": 1,
        "volumes": 1,
        "firewalls": 1,
        "ssh-keys": 1,
        "scripts": 1,
        "snapshots": 0,
        "custom-images": 0,
    }
    lists = list_all(emulator)
    state = proj.resources()
    assert state["vm"]["id"] == lists["instances"][0]["instance_id"]
    assert state["vol"]["id"] == lists["volumes"][0]["id"]
    assert state["key"]["id"] == lists["ssh-keys"][0]["id"]
    assert lists["volumes"][0]["attached_to"] == state["vm"]["id"]
    assert [a["instance_id"] for a in lists["firewalls"][0]["attachments"]] == [state["vm"]["id"]]
    # converged: nothing left to do
    proj.preview("--expect-no-changes")
    proj.destroy()
    assert sum(counts(emulator).values()) == 0
