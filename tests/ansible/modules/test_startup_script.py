"""barrack.cloud.startup_script against the emulator: check mode, diff, updates in place, idempotence, faults."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from task_writes import with_marks, writes_by_task

M = "barrack.cloud.startup_script"
V1 = "#!/bin/bash\necho one\n"
V2 = "#!/bin/bash\necho two\n"
FAULT_CHAIN: list[tuple[str, dict[str, Any]]] = [
    ("status", {"status": 429, "retry_after": 0}),
    ("status", {"status": 500}),
    ("drop_after_commit", {}),
]


def scripts_named(barrack_client: Any, name: str) -> list[Any]:
    return [s for s in barrack_client.scripts.list() if s.name == name]


def test_lifecycle_check_diff_update_idempotent_delete(module_run: Any, emulator: Any, barrack_client: Any) -> None:
    base = {"name": "boot", "content": V1, "description": "first"}
    tasks = [
        {"name": "create check", M: base, "check_mode": True, "diff": True},
        {"name": "create", M: base, "diff": True, "register": "created"},
        {"name": "create again", M: base},
        {"name": "create again check", M: base, "check_mode": True},
        {"name": "update check", M: {"name": "boot", "content": V2}, "check_mode": True, "diff": True},
        {"name": "update", M: {"name": "boot", "content": V2}, "diff": True},
        {"name": "update again", M: {"name": "boot", "content": V2}},
        {"name": "rename by id", M: {"id": "{{ created.barrack_startup_script.id }}", "name": "boot-2"}, "diff": True},
        {"name": "rename again", M: {"id": "{{ created.barrack_startup_script.id }}", "name": "boot-2"}},
        {"name": "delete check", M: {"name": "boot-2", "state": "absent"}, "check_mode": True, "diff": True},
        {"name": "delete", M: {"name": "boot-2", "state": "absent"}, "diff": True},
        {"name": "delete again", M: {"name": "boot-2", "state": "absent"}},
    ]
    run = module_run(with_marks(emulator, tasks))
    writes = writes_by_task(emulator, tasks)

    expected_changed = {
        "create check": True, "create": True, "create again": False, "create again check": False,
        "update check": True, "update": True, "update again": False, "rename by id": True, "rename again": False,
        "delete check": True, "delete": True, "delete again": False,
    }  # fmt: skip
    assert {name: run[name].changed for name in expected_changed} == expected_changed
    expected_writes = {
        "create": {"POST /scripts/": 1},
        "update": {"PUT /scripts/{id}/": 1},
        "rename by id": {"PUT /scripts/{id}/": 1},
        "delete": {"DELETE /scripts/{id}/": 1},
    }
    assert writes == {name: expected_writes.get(name, {}) for name in expected_changed}

    # check mode predicts what the real run then does; --diff shows the content
    assert run["create check"].diff["before"] == {}
    assert run["create check"].diff["after"]["content"] == V1
    assert run["create check"]["barrack_startup_script"]["name"] == "boot"
    created = run["create"]["barrack_startup_script"]
    assert created["id"] and created["content"] == V1 and created["description"] == "first"
    assert run["create"].diff["after"]["id"] == created["id"]
    assert run["create again"]["barrack_startup_script"] == created

    for name in ("update check", "update"):
        assert run[name].diff["before"]["content"] == V1
        assert run[name].diff["after"]["content"] == V2
        assert run[name].diff["after"]["description"] == "first"  # not managed by the task: kept
    assert run["update"]["barrack_startup_script"]["content"] == V2
    assert run["rename by id"].diff["before"]["name"] == "boot"
    assert run["rename by id"]["barrack_startup_script"]["name"] == "boot-2"
    assert run["rename by id"]["barrack_startup_script"]["id"] == created["id"]

    assert run["delete check"].diff["before"]["name"] == "boot-2" and run["delete check"].diff["after"] == {}
    assert run["delete"]["barrack_startup_script"] == {}
    assert list(barrack_client.scripts.list()) == []


def test_playbook_check_mode_flag_sends_no_write(module_run: Any, emulator: Any, writes: Any) -> None:
    emulator.seed("script", 1, name="keep", content=V1)
    run = module_run(
        [
            {"name": "new", M: {"name": "new", "content": V1}},
            {"name": "change", M: {"name": "keep", "content": V2, "description": "x"}},
            {"name": "remove", M: {"name": "keep", "state": "absent"}},
        ],
        check=True,
        diff=True,
    )
    assert [t.changed for t in run] == [True, True, True]
    assert run["change"].diff["after"]["description"] == "x"
    assert writes() == 0


def test_bad_input_fails_naming_the_option_before_any_write(module_run: Any, emulator: Any, writes: Any) -> None:
    (sid,) = emulator.seed("script", 1, name="exists", content=V1)
    run = module_run(
        [
            {"name": "no content", M: {"name": "s1"}},
            {"name": "long name", M: {"name": "x" * 51, "content": V1}},
            {"name": "no name or id", M: {"content": V1}},
            {"name": "bad state", M: {"name": "s1", "content": V1, "state": "gone"}},
            {"name": "unknown id", M: {"id": "999999", "content": V1}},
            {"name": "bad rename", M: {"id": sid, "name": "y" * 60}},
        ],
        allow_failures=True,
    )
    failed = {t.name: t.msg for t in run if t.failed}
    assert set(failed) == {"no content", "long name", "no name or id", "bad state", "unknown id", "bad rename"}
    assert "content" in failed["no content"]
    assert "option 'name'" in failed["long name"]
    assert "id" in failed["no name or id"] and "name" in failed["no name or id"]
    assert "state" in failed["bad state"]
    assert "999999" in failed["unknown id"]
    assert "option 'name'" in failed["bad rename"]
    assert "Traceback" not in "".join(failed.values())
    assert writes() == 0


def test_api_errors_carry_status_code_and_request_id(module_run: Any, emulator: Any, barrack_client: Any) -> None:
    emulator.add_fault("POST", "/scripts/", "status", status=403)
    run = module_run(
        [
            {"name": "denied", M: {"name": "s1", "content": V1}},
            {"name": "bad key", M: {"name": "s1", "content": V1, "api_key": "not-the-key"}},
        ],
        allow_failures=True,
    )
    denied, bad_key = run["denied"], run["bad key"]
    assert denied.failed and denied["status"] == 403 and denied["error_code"]
    assert denied["request_id"] and denied["request_id"] in denied.msg and "403" in denied.msg
    assert bad_key.failed and bad_key["status"] == 401 and bad_key["request_id"]
    assert "not-the-key" not in bad_key.msg
    assert scripts_named(barrack_client, "s1") == []


def test_faults_429_5xx_and_ghost_create_end_with_exactly_one_script(
    module_run: Any, emulator: Any, barrack_client: Any
) -> None:
    # one create meets them all in turn: 429 (retried), 500 (reconciled by name, then re-sent), and a dropped
    # connection after the server committed the create (reconciled by name: adopted, not duplicated)
    for kind, params in FAULT_CHAIN:
        emulator.add_fault("POST", "/scripts/", kind, **params)
    emulator.add_fault("PUT", "/scripts/{id}/", "status", status=502)
    emulator.add_fault("DELETE", "/scripts/{id}/", "status", status=503)
    emulator.seed("script", 1, name="old", content=V1)
    run = module_run(
        [
            {"name": "create", M: {"name": "s1", "content": V1}},
            {"name": "again", M: {"name": "s1", "content": V1}},
            {"name": "update", M: {"name": "s1", "content": V2}},
            {"name": "delete old", M: {"name": "old", "state": "absent"}},
        ]
    )
    assert [t.changed for t in run] == [True, False, True, True]
    found = scripts_named(barrack_client, "s1")
    assert len(found) == 1 and found[0].content == V2
    assert scripts_named(barrack_client, "old") == []
    assert emulator.faults() == []  # every injected fault was hit
    assert emulator.request_counts()["POST /scripts/"] == 3
