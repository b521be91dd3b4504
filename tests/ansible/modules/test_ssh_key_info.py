"""barrack.cloud.ssh_key_info against the emulator: all pages, by name, by id, check mode, errors."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.ansible, pytest.mark.slow]

M = "barrack.cloud.ssh_key_info"
KEY = "barrack_ssh_key_info"
MANY = 101  # more than one page of the largest page size (100)


def test_lookups_read_every_page_and_never_change_anything(ansible_run: Any, emulator: Any, writes: Any) -> None:
    many = emulator.seed("ssh_key", MANY, name_prefix="bulk")
    (target,) = emulator.seed("ssh_key", 1, name="target")
    emulator.add_fault("GET", "/ssh-keys/", "status", status=403)
    emulator.add_fault("GET", "/ssh-keys/", "status", status=503)
    tasks = [
        {"name": "denied", M: {}},
        {"name": "all", M: {}},
        {"name": "by name", M: {"name": "target"}, "check_mode": True},
        {"name": "by id", M: {"id": target}},
        {"name": "unknown id", M: {"id": "999999"}},
        {"name": "partial name", M: {"name": "targ"}},
    ]
    run = ansible_run(tasks, allow_failures=True)

    denied = run["denied"]
    assert denied.failed and denied["status"] == 403 and denied["request_id"] in denied.msg, denied.result
    ok = [t for t in run if t.name != "denied"]
    assert all(not t.failed and not t.changed for t in ok), [(t.name, t.msg) for t in ok if t.failed]

    everything = run["all"][KEY]
    assert len(everything) == MANY + 1
    assert {many[0], many[-1], target} <= {item["id"] for item in everything}
    for name in ("by name", "by id"):
        found = run[name][KEY]
        assert [(item["id"], item["name"]) for item in found] == [(target, "target")], name
    assert run["unknown id"][KEY] == [] and run["partial name"][KEY] == []

    counts = emulator.request_counts()
    assert counts["GET /ssh-keys/"] >= 3  # 403, 503 (retried) and the second page of "all"
    assert writes() == 0
