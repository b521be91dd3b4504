"""barrack.cloud.image against the emulator: custom images from snapshots, idempotence, preconditions, faults."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from task_writes import with_marks, writes_by_task

FAULT_CHAIN: list[tuple[str, dict[str, Any]]] = [
    ("status", {"status": 429, "retry_after": 0}),
    ("status", {"status": 502}),
    ("drop_after_commit", {}),
]

M = "barrack.cloud.image"


def images_named(barrack_client: Any, name: str) -> list[Any]:
    return [image for image in barrack_client.images.list() if image.name == name]


def test_lifecycle_check_diff_idempotent_delete(module_run: Any, emulator: Any, barrack_client: Any) -> None:
    (snap_id,) = emulator.seed("snapshot", 1, name="snap", status="SUCCESS")
    image = {"name": "golden", "snapshot": "snap", "description": "cuda"}
    tasks = [
        {"name": "create check", M: image, "check_mode": True, "diff": True},
        {"name": "create", M: image, "diff": True, "register": "created"},
        {"name": "create again", M: image},
        {"name": "create again check", M: image, "check_mode": True},
        {"name": "snapshot by id", M: {**image, "snapshot": snap_id}},
        {"name": "by id", M: {"id": "{{ created.barrack_image.id }}"}},
        {"name": "delete check", M: {"name": "golden", "state": "absent"}, "check_mode": True, "diff": True},
        {"name": "delete", M: {"name": "golden", "state": "absent"}, "diff": True},
        {"name": "delete again", M: {"name": "golden", "state": "absent"}},
    ]
    run = module_run(with_marks(emulator, tasks))
    writes = writes_by_task(emulator, tasks)

    changed = {t["name"]: run[t["name"]].changed for t in tasks}
    assert changed == {
        "create check": True, "create": True, "create again": False, "create again check": False,
        "snapshot by id": False, "by id": False,
        "delete check": True, "delete": True, "delete again": False,
    }  # fmt: skip
    expected = {"create": {"POST /custom-images/": 1}, "delete": {"DELETE /custom-images/{id}/": 1}}
    assert writes == {t["name"]: expected.get(t["name"], {}) for t in tasks}

    predicted = run["create check"].diff
    assert predicted["before"] == {} and predicted["after"]["id"] == "(known after apply)"  # the plan's preview
    assert {k: predicted["after"][k] for k in ("name", "snapshot_id", "description")} == {
        "name": "golden",
        "snapshot_id": snap_id,
        "description": "cuda",
    }
    made = run["create"]["barrack_image"]
    assert made["status"] == "available" and made["snapshot_name"] == "snap" and made["id"]
    assert run["create"].diff["after"]["id"] == made["id"]
    assert run["create again"]["barrack_image"]["id"] == made["id"]
    assert run["by id"]["barrack_image"]["name"] == "golden"
    assert run["delete check"].diff["before"]["id"] == made["id"] and run["delete check"].diff["after"] == {}
    assert images_named(barrack_client, "golden") == []


def test_preconditions_and_bad_input_fail_before_any_write(module_run: Any, emulator: Any, writes: Any) -> None:
    emulator.seed("snapshot", 1, name="busy", status="CREATING")
    emulator.seed("snapshot", 1, name="broken", status="ERROR")
    (snap_id,) = emulator.seed("snapshot", 1, name="snap", status="SUCCESS")
    emulator.seed("image", 1, name="golden", snapshot_id=snap_id, description="cuda")
    tasks = [
        {"name": "other description", M: {"name": "golden", "snapshot": "snap", "description": "other"}},
        {"name": "other description check", M: {"name": "golden", "description": "x"}, "check_mode": True},
        {"name": "no snapshot", M: {"name": "i1"}},
        {"name": "unknown snapshot", M: {"name": "i1", "snapshot": "nope"}},
        {"name": "snapshot creating no wait", M: {"name": "i1", "snapshot": "busy", "wait": False}},
        {"name": "snapshot error", M: {"name": "i1", "snapshot": "broken"}},
        {"name": "snapshot error check", M: {"name": "i1", "snapshot": "broken"}, "check_mode": True},
        {"name": "bad name", M: {"name": "x" * 51, "snapshot": "snap"}},
        {"name": "no name or id", M: {"snapshot": "snap"}},
        {"name": "unknown id", M: {"id": "987654", "snapshot": "snap"}},
        {"name": "bad state", M: {"name": "i1", "snapshot": "snap", "state": "running"}},
    ]
    run = module_run(tasks, allow_failures=True)
    msgs = {t.name: t.msg for t in run}
    assert all(t.failed for t in run), {t.name: t.status for t in run}
    for name in ("other description", "other description check"):
        assert "description" in msgs[name] and "recreate=true" in msgs[name] and not run[name].changed
    assert "snapshot" in msgs["no snapshot"]
    assert "option 'snapshot'" in msgs["unknown snapshot"] and "nope" in msgs["unknown snapshot"]
    assert "CREATING" in msgs["snapshot creating no wait"] and "SUCCESS" in msgs["snapshot creating no wait"]
    for name in ("snapshot error", "snapshot error check"):
        assert "option 'snapshot'" in msgs[name] and "ERROR" in msgs[name]
    assert "option 'name'" in msgs["bad name"]
    assert "987654" in msgs["unknown id"]
    assert "state" in msgs["bad state"]
    assert "Traceback" not in "".join(msgs.values())
    assert writes() == 0


def test_api_errors_carry_status_code_and_request_id(module_run: Any, emulator: Any, barrack_client: Any) -> None:
    emulator.seed("snapshot", 1, name="snap", status="SUCCESS")
    emulator.add_fault("POST", "/custom-images/", "status", status=402)
    run = module_run([{"name": "refused", M: {"name": "i1", "snapshot": "snap"}}], allow_failures=True)
    task = run["refused"]
    assert task.failed and task["status"] == 402 and task["error_code"], task.result
    assert task["request_id"] and task["request_id"] in task.msg and "402" in task.msg
    assert images_named(barrack_client, "i1") == []


def test_faults_429_5xx_and_ghost_create_on_create_end_with_exactly_one_image(
    module_run: Any, emulator: Any, barrack_client: Any
) -> None:
    # each create meets them all in turn: 429 (retried), 5xx (reconciled by name, re-sent), ghost (adopted)
    emulator.seed("snapshot", 1, name="snap", status="SUCCESS")
    for kind, params in FAULT_CHAIN:
        emulator.add_fault("POST", "/custom-images/", kind, **params)
    run = module_run(
        [
            {"name": "create", M: {"name": "i1", "snapshot": "snap"}},
            {"name": "again", M: {"name": "i1", "snapshot": "snap"}},
        ]
    )
    assert [t.changed for t in run] == [True, False]
    found = images_named(barrack_client, "i1")
    assert len(found) == 1 and found[0].status == "available"
    assert emulator.faults() == []
    assert emulator.request_counts()["POST /custom-images/"] == 3


@pytest.mark.slow  # real waiting: retry backoff or emulator transitions
def test_waits_for_a_snapshot_still_being_created(module_run: Any, emulator: Any, barrack_client: Any) -> None:
    emulator.seed("instance", 1, name="src", region="CANADA-1", status="ACTIVE")
    emulator.configure(delay_scale=0.05)  # snapshot ~3 s, image ~6 s
    run = module_run(
        [
            {"name": "snapshot", "barrack.cloud.snapshot": {"name": "snap", "instance": "src", "wait": False}},
            {"name": "image", M: {"name": "golden", "snapshot": "snap"}},
        ]
    )
    assert run["snapshot"]["barrack_snapshot"]["status"] == "CREATING"
    assert run["image"].changed and run["image"]["barrack_image"]["status"] == "available"
    snap_id = run["snapshot"]["barrack_snapshot"]["id"]
    polls = [e for e in emulator.request_log() if e["method"] == "GET" and e["path"].endswith(f"/snapshots/{snap_id}/")]
    assert polls, "the image task did not wait for the snapshot"
    (snapshot,) = [s for s in barrack_client.snapshots.list() if s.name == "snap"]
    assert snapshot.status == "SUCCESS"
