"""One ``ansible-playbook`` run per resource module (the full tier): the module as Ansible really starts it —
argument spec from DOCUMENTATION, check mode and ``--diff`` through the task keywords, ``register``, the result as
the callback sees it. The behaviour itself (options, plan, check-mode prediction, diff, errors, faults) is asserted
in-process by the other files of this directory; every module is also run once through the action group in
test_connection_options.py (the info modules there succeed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

UBUNTU = "Ubuntu Server 22.04 LTS R535 CUDA 12.2"


@dataclass(frozen=True)
class Smoke:
    module: str
    present: dict[str, Any]
    absent: dict[str, Any]
    setup: Callable[[Any], object] = lambda emulator: None


SMOKES = [
    Smoke("ssh_key", {"name": "smoke", "public_key": "{{ key }}"}, {"name": "smoke", "state": "absent"}),
    Smoke(
        "startup_script",
        {"name": "smoke", "content": "#!/bin/sh\necho hi\n"},
        {"name": "smoke", "state": "absent"},
    ),
    Smoke(
        "firewall",
        {"name": "smoke", "region": "FINLAND-1", "rules": [{"protocol": "tcp", "port_range_min": 22}]},
        {"name": "smoke", "region": "FINLAND-1", "state": "absent"},
    ),
    Smoke(
        "volume",
        {"name": "smoke", "region": "FINLAND-1", "size_gb": 100, "volume_type": "NVMe"},
        {"name": "smoke", "region": "FINLAND-1", "state": "absent"},
    ),
    Smoke(
        "instance",
        {
            "name": "smoke",
            "region": "CANADA-1",
            "gpu_model": "RTX-A6000",
            "gpu_count": 1,
            "image": UBUNTU,
            "ssh_keys": ["k"],
        },
        {"name": "smoke", "state": "absent"},
        lambda emulator: emulator.seed("ssh_keys", 1, name="k"),
    ),
    Smoke(
        "volume_attachment",
        {"volume": "lv", "instance": "leg", "stop_if_needed": True},
        {"volume": "lv", "instance": "leg", "stop_if_needed": True, "state": "absent"},
        lambda emulator: (
            emulator.seed("instances", 1, name="leg", region="CANADA-1"),
            emulator.seed("volumes", 1, name="lv", region="CANADA-1"),
        ),
    ),
    Smoke(
        "snapshot",
        {"name": "smoke", "instance": "src"},
        {"name": "smoke", "state": "absent"},
        lambda emulator: emulator.seed("instance", 1, name="src", region="CANADA-1", status="ACTIVE"),
    ),
    Smoke(
        "image",
        {"name": "smoke", "snapshot": "snap"},
        {"name": "smoke", "state": "absent"},
        lambda emulator: emulator.seed("snapshot", 1, name="snap", status="SUCCESS"),
    ),
]


@pytest.mark.parametrize("smoke", SMOKES, ids=[s.module for s in SMOKES])
def test_lifecycle_through_ansible_playbook(smoke: Smoke, ansible_run: Any, emulator: Any) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    smoke.setup(emulator)
    key = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.OpenSSH, PublicFormat.OpenSSH).decode()
    mod = f"barrack.cloud.{smoke.module}"
    emulator.clear_log()
    run = ansible_run(
        [
            {"name": "create (check)", mod: smoke.present, "check_mode": True},
            {"name": "create", mod: smoke.present, "register": "created"},
            {"name": "again", mod: smoke.present},
            {"name": "delete (check)", mod: smoke.absent, "check_mode": True},
            {"name": "delete", mod: smoke.absent},
            {"name": "delete again", mod: smoke.absent},
        ],
        diff=True,
        play_vars={"key": key},
    )
    changed = {task.name: task.changed for task in run}
    assert changed == {
        "create (check)": True,
        "create": True,
        "again": False,
        "delete (check)": True,
        "delete": True,
        "delete again": False,
    }, [(t.name, t.result) for t in run]
    assert run["create (check)"].diff["before"] != run["create (check)"].diff["after"]
    assert not run["again"].diff
