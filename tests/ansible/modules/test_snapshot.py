"""barrack.cloud.snapshot against the emulator: idempotent by name, restore_to, preconditions, faults."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from shared_client.plan import KNOWN_AFTER_APPLY

sys.path.insert(0, str(Path(__file__).resolve().parent))

from task_writes import with_marks, writes_by_task

FAULT_CHAIN: list[tuple[str, dict[str, Any]]] = [
    ("status", {"status": 429, "retry_after": 0}),
    ("status", {"status": 502}),
    ("drop_after_commit", {}),
]

M = "barrack.cloud.snapshot"


def named(api: Any, name: str) -> list[Any]:
    return [item for item in api.list() if item.name == name]


def test_lifecycle_check_diff_restore_idempotent_delete(module_run: Any, emulator: Any, barrack_client: Any) -> None:
    (src,) = emulator.seed("instance", 1, name="src", region="CANADA-1", status="ACTIVE")
    snap = {"name": "snap1", "instance": "src", "description": "epoch 40"}
    tasks = [
        {"name": "create check", M: snap, "check_mode": True, "diff": True},
        {"name": "create", M: snap, "diff": True, "register": "created"},
        {"name": "create again", M: snap},
        {"name": "by id", M: {"id": "{{ created.barrack_snapshot.id }}"}},
        {"name": "restore check", M: {"name": "snap1", "restore_to": "replay"}, "check_mode": True, "diff": True},
        {"name": "restore", M: {"name": "snap1", "restore_to": "replay"}, "diff": True},
        {"name": "restore again", M: {"name": "snap1", "restore_to": "replay"}},
        {"name": "restore again check", M: {"name": "snap1", "restore_to": "replay"}, "check_mode": True},
        {"name": "new and restore check", M: {"name": "snap2", "instance": src, "restore_to": "replay2"},
         "check_mode": True, "diff": True},
        {"name": "new and restore", M: {"name": "snap2", "instance": src, "restore_to": "replay2"}},
        {"name": "new and restore again", M: {"name": "snap2", "instance": src, "restore_to": "replay2"}},
        {"name": "delete check", M: {"name": "snap1", "state": "absent"}, "check_mode": True, "diff": True},
        {"name": "delete", M: {"name": "snap1", "state": "absent"}, "diff": True},
        {"name": "delete again", M: {"name": "snap1", "state": "absent"}},
    ]  # fmt: skip
    run = module_run(with_marks(emulator, tasks))
    writes = writes_by_task(emulator, tasks)

    changed = {t["name"]: run[t["name"]].changed for t in tasks}
    assert changed == {
        "create check": True, "create": True, "create again": False, "by id": False,
        "restore check": True, "restore": True, "restore again": False, "restore again check": False,
        "new and restore check": True, "new and restore": True, "new and restore again": False,
        "delete check": True, "delete": True, "delete again": False,
    }  # fmt: skip
    expected_writes = {
        "create": {"POST /snapshots/": 1},
        "restore": {"POST /snapshots/{id}/restore/": 1},
        "new and restore": {"POST /snapshots/": 1, "POST /snapshots/{id}/restore/": 1},
        "delete": {"DELETE /snapshots/{id}/": 1},
    }
    assert writes == {t["name"]: expected_writes.get(t["name"], {}) for t in tasks}

    predicted = run["create check"].diff  # the client's preview: server-assigned fields are placeholders
    assert predicted["before"] == {} and predicted["after"] == {
        "name": "snap1", "instance_id": src, "description": "epoch 40", "status": "SUCCESS",
        "id": KNOWN_AFTER_APPLY, "created_at": KNOWN_AFTER_APPLY, "size_gb": KNOWN_AFTER_APPLY,
    }  # fmt: skip
    created = run["create"]["barrack_snapshot"]
    assert created["status"] == "SUCCESS" and created["instance_id"] == src and created["id"]
    assert run["create"].diff["after"]["id"] == created["id"]
    assert run["create again"]["barrack_snapshot"]["id"] == created["id"]
    assert run["by id"]["barrack_snapshot"]["name"] == "snap1"

    assert run["restore check"]["barrack_instance"]["vm_name"] == "replay"
    assert run["restore check"].diff["before"]["restored_instance"] == {}
    assert run["restore check"].diff["after"]["restored_instance"]["vm_name"] == "replay"
    restored = run["restore"]["barrack_instance"]
    assert restored["vm_name"] == "replay" and restored["status"] == "ACTIVE"
    assert restored["boot_source"] == "snapshot"
    assert run["restore"].diff["after"]["restored_instance"]["instance_id"] == restored["instance_id"]
    assert run["restore again"]["barrack_instance"]["instance_id"] == restored["instance_id"]
    assert run["new and restore check"]["barrack_instance"]["vm_name"] == "replay2"
    assert run["new and restore"]["barrack_snapshot"]["status"] == "SUCCESS"

    assert run["delete check"].diff["after"] == {} and run["delete check"].diff["before"]["name"] == "snap1"
    assert named(barrack_client.snapshots, "snap1") == []
    assert len(named(barrack_client.snapshots, "snap2")) == 1
    # deleting a snapshot leaves the instances restored from it
    assert [i.name for i in barrack_client.instances.list() if i.name.startswith("replay")] == ["replay", "replay2"]


def test_preconditions_and_bad_input_fail_before_any_write(module_run: Any, emulator: Any, writes: Any) -> None:
    emulator.seed("instance", 1, name="fin", region="FINLAND-1", status="ACTIVE")
    emulator.seed("instance", 1, name="sleepy", region="CANADA-1", status="HIBERNATED")
    emulator.seed("instance", 1, name="ok", region="CANADA-1", status="SHUTOFF")
    emulator.seed("snapshot", 1, name="busy", status="CREATING")
    emulator.seed("snapshot", 1, name="done", status="SUCCESS", description="one")
    tasks = [
        {"name": "other description", M: {"name": "done", "description": "two"}},
        {"name": "other description check", M: {"name": "done", "description": "two"}, "check_mode": True},
        {"name": "advanced tier", M: {"name": "s1", "instance": "fin"}},
        {"name": "hibernated", M: {"name": "s1", "instance": "sleepy"}},
        {"name": "no instance", M: {"name": "s1"}},
        {"name": "unknown instance", M: {"name": "s1", "instance": "nope"}},
        {"name": "bad name", M: {"name": "bad/name!", "instance": "ok"}},
        {"name": "no name or id", M: {"instance": "ok"}},
        {"name": "unknown id", M: {"id": "BRK-000000S", "instance": "ok"}},
        {"name": "restore bad name", M: {"name": "s1", "instance": "ok", "restore_to": "bad/name!"}},
        {"name": "restore with absent", M: {"name": "s1", "state": "absent", "restore_to": "x"}},
        {"name": "restore while creating", M: {"name": "busy", "restore_to": "x", "wait": False}},
        {"name": "new and restore without wait", M: {"name": "s1", "instance": "ok", "restore_to": "x", "wait": False}},
        {"name": "bad wait_timeout", M: {"name": "s1", "instance": "ok", "wait_timeout": "soon"}},
    ]
    run = module_run(tasks, allow_failures=True)
    msgs = {t.name: t.msg for t in run}
    assert all(t.failed for t in run), {t.name: t.status for t in run}
    for name in ("other description", "other description check"):
        assert "description" in msgs[name] and "recreate=true" in msgs[name]
    assert "instance 'fin'" in msgs["advanced tier"] and "legacy" in msgs["advanced tier"]
    assert "advanced" in msgs["advanced tier"]
    assert "HIBERNATED" in msgs["hibernated"] and "ACTIVE or SHUTOFF" in msgs["hibernated"]
    assert "instance" in msgs["no instance"]
    assert "option 'instance'" in msgs["unknown instance"] and "nope" in msgs["unknown instance"]
    assert "option 'name'" in msgs["bad name"]
    assert "id" in msgs["no name or id"] and "name" in msgs["no name or id"]
    assert "BRK-000000S" in msgs["unknown id"]
    assert "option 'restore_to'" in msgs["restore bad name"]
    assert "restore_to" in msgs["restore with absent"]
    assert "CREATING" in msgs["restore while creating"] and "restore_to" in msgs["restore while creating"]
    assert "wait=true" in msgs["new and restore without wait"]
    assert "wait_timeout" in msgs["bad wait_timeout"]
    assert "Traceback" not in "".join(msgs.values())
    assert writes() == 0


def test_api_errors_carry_status_code_and_request_id(module_run: Any, emulator: Any, barrack_client: Any) -> None:
    emulator.seed("instance", 1, name="src", region="CANADA-1", status="ACTIVE")
    emulator.seed("snapshot", 1, name="done", status="SUCCESS")
    emulator.add_fault("POST", "/snapshots/", "status", status=403)
    emulator.add_fault("POST", "/snapshots/{id}/restore/", "status", status=409)
    run = module_run(
        [
            {"name": "denied", M: {"name": "s1", "instance": "src"}},
            {"name": "conflict", M: {"name": "done", "restore_to": "copy"}},
        ],
        allow_failures=True,
    )
    for name, status in (("denied", 403), ("conflict", 409)):
        task = run[name]
        assert task.failed and task["status"] == status and task["error_code"], task.result
        assert task["request_id"] and task["request_id"] in task.msg and str(status) in task.msg
    assert named(barrack_client.snapshots, "s1") == []
    assert named(barrack_client.instances, "copy") == []


def test_faults_429_5xx_and_ghost_create_end_with_exactly_one_snapshot_and_one_instance(
    module_run: Any, emulator: Any, barrack_client: Any
) -> None:
    # each create meets them all in turn: 429 (retried), 5xx (reconciled by name, re-sent), ghost (adopted)
    emulator.seed("instance", 1, name="src", region="CANADA-1", status="SHUTOFF")  # SHUTOFF is fine too
    for kind, params in FAULT_CHAIN:
        emulator.add_fault("POST", "/snapshots/", kind, **params)
        emulator.add_fault("POST", "/snapshots/{id}/restore/", kind, **params)
    run = module_run(
        [
            {"name": "create", M: {"name": "s1", "instance": "src", "restore_to": "copy"}},
            {"name": "again", M: {"name": "s1", "instance": "src", "restore_to": "copy"}},
        ]
    )
    assert [t.changed for t in run] == [True, False]
    assert len(named(barrack_client.snapshots, "s1")) == 1
    assert len(named(barrack_client.instances, "copy")) == 1
    assert emulator.faults() == []
    counts = emulator.request_counts()
    assert counts["POST /snapshots/"] == 3 and counts["POST /snapshots/{id}/restore/"] == 3


@pytest.mark.slow  # real waiting: retry backoff or emulator transitions
def test_absent_waits_for_a_snapshot_still_being_created(module_run: Any, emulator: Any, barrack_client: Any) -> None:
    emulator.seed("instance", 1, name="src", region="CANADA-1", status="ACTIVE")
    emulator.configure(delay_scale=0.05)  # a snapshot takes ~3 s
    run = module_run(
        [
            {"name": "start", M: {"name": "s1", "instance": "src", "wait": False}},
            {"name": "delete", M: {"name": "s1", "state": "absent"}},
        ]
    )
    assert run["start"]["barrack_snapshot"]["status"] == "CREATING"
    assert run["delete"].changed
    assert named(barrack_client.snapshots, "s1") == []
    assert all(e["status"] < 400 for e in emulator.request_log() if e["method"] == "DELETE")


def test_check_mode_of_snapshot_then_restore_and_of_an_instance_still_hibernated(
    module_run: Any, emulator: Any, writes: Any
) -> None:
    emulator.seed("instance", 1, name="src", region="CANADA-1", status="HIBERNATED")
    tasks = [
        {"name": "wake", "barrack.cloud.instance": {"name": "src", "state": "started"}},
        {"name": "snapshot and restore", M: {"name": "s1", "instance": "src", "restore_to": "copy"}},
        {"name": "restore again", M: {"name": "s1", "restore_to": "copy2"}},
        {"name": "image", "barrack.cloud.image": {"name": "img", "snapshot": "s1"}},
    ]
    preview = module_run(tasks, check=True, diff=True)
    assert all(t.changed and not t.failed for t in preview), [(t.name, t.msg) for t in preview]
    assert any("snapshot-eligible" in w for w in preview["snapshot and restore"].warnings)
    assert preview["snapshot and restore"]["barrack_instance"]["vm_name"] == "copy"
    assert preview["restore again"]["barrack_instance"]["vm_name"] == "copy2"
    assert any("s1" in w for w in preview["image"].warnings)
    assert writes() == 0
    real = module_run(tasks)
    assert all(t.changed for t in real)
    assert real["restore again"]["barrack_instance"]["status"] == "ACTIVE"
