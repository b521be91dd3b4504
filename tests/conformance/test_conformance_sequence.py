"""The request sequence of an instance update is the same through Ansible and through the Pulumi dynamic provider
(issue 13): both plan with the client and apply its one update order. Asserted from the emulator's request log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conformance_harness import PUBKEY, UBUNTU, PulumiStack, Step, _ansible_task, _pulumi_env, run_playbook

pytestmark = [pytest.mark.ansible, pytest.mark.slow]

REGION = "CANADA-1"
SSH = {"protocol": "tcp", "port_range_min": 22}
HTTPS = {"protocol": "tcp", "port_range_min": 443}
INSTANCE = {"region": REGION, "gpu_model": "RTX-A6000", "gpu_count": 1, "image": UBUNTU, "ssh_keys": ["key-1"]}
SETUP = [
    Step("ssh_key", "key-1", {"public_key": PUBKEY}),
    *(Step("volume", v, {"region": REGION, "size_gb": 100, "volume_type": "SSD"}) for v in ("vol-1", "vol-2")),
    *(Step("firewall", f, {"region": REGION, "rules": [SSH]}) for f in ("fw-1", "fw-2")),
    Step("instance", "vm-1", {**INSTANCE, "volumes": ["vol-1"], "firewalls": ["fw-1"], "security_rules": [SSH]}),
]
# everything at once: a volume swapped, a firewall swapped, a rule added, the public IP dropped, stopped
UPDATE = Step(
    "instance",
    "vm-1",
    {**INSTANCE, "volumes": ["vol-2"], "firewalls": ["fw-2"], "security_rules": [SSH, HTTPS], "public_ip": False}
    | {"power": "stopped"},
)


def writes(emulator: Any) -> list[str]:
    return [f"{e['method']} {e['route']}" for e in emulator.request_log() if e["method"] != "GET"]


def ansible_sequence(emulator: Any, workdir: Path) -> list[str]:
    emulator.reset_all()
    env = {"api_url": emulator.base_url, "api_key": emulator.api_key}
    run_playbook([_ansible_task(s) for s in SETUP], workdir=workdir / "setup", **env)
    emulator.clear_log()
    run_playbook([_ansible_task(UPDATE)], workdir=workdir / "update", **env)
    return writes(emulator)


def pulumi_sequence(emulator: Any) -> list[str]:
    emulator.reset_all()
    with _pulumi_env(emulator, {}):
        stack = PulumiStack(emulator, set())
        for step in SETUP:
            stack.apply(step)
        emulator.clear_log()
        stack.apply(UPDATE)
    return writes(emulator)


def test_instance_update_sends_the_same_requests_in_the_same_order(emulator: Any, tmp_path: Path) -> None:
    through_ansible = ansible_sequence(emulator, tmp_path)
    through_pulumi = pulumi_sequence(emulator)
    assert through_ansible == through_pulumi
    # the client's one order: volumes (stopped for them), firewalls, rules, public IP, power last
    routes = [w.split(" ", 1)[1] for w in through_pulumi]
    first = {r: routes.index(r) for r in reversed(routes)}
    order = [
        "/instances/{id}/attach-volumes/",
        "/firewalls/{id}/attach/",
        "/instances/{id}/security-rules/",
        "/instances/{id}/toggle-public-ip/",
    ]
    assert all(r in first for r in order), through_pulumi
    assert [first[r] for r in order] == sorted(first[r] for r in order), through_pulumi
