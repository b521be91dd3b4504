"""``up`` under emulator faults (429, 5xx, ghost creates) converges with exactly one of each resource."""

from __future__ import annotations

from typing import Any

import pytest
from engine_support import Engine, OpLog, counts, list_all, public_key, resources_of, summary

pulumi = pytest.importorskip("pulumi")

import pulumi_barrack as barrack  # noqa: E402

IMAGE = "Ubuntu Server 22.04 LTS R535 CUDA 12.2"
KEY = public_key("faults")


def program() -> None:
    key = barrack.SshKey("key", name="flaky-key", public_key=KEY)
    script = barrack.StartupScript("script", name="flaky-script", content="#!/bin/sh\ntrue\n")
    vm = barrack.Instance(
        "vm",
        name="flaky-vm",
        region="CANADA-1",
        gpu_model="RTX-A6000",
        gpu_count=1,
        image=IMAGE,
        ssh_key_ids=[key.id],
        startup_script_id=script.id,
    )
    vol = barrack.Volume("vol", name="flaky-vol", region="CANADA-1", size_gb=100, volume_type="SSD")
    barrack.VolumeAttachment("attach", instance_id=vm.id, volume_id=vol.id)
    fw = barrack.Firewall("fw", name="flaky-fw", region="CANADA-1", rules=[
        {"direction": "ingress", "ethertype": "IPv4", "protocol": "tcp", "port_range_min": 22,
         "port_range_max": 22, "remote_ip_prefix": "0.0.0.0/0"},
    ])  # fmt: skip
    barrack.FirewallAttachment("fw-attach", firewall_id=fw.id, instance_ids=[vm.id])


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
    stack = engine.stack(program, emulator)
    log = OpLog()
    result = stack.up(on_output=log, on_error=log)
    assert summary(result) == {"create": 8}, str(log)
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
    state = resources_of(stack)
    assert state["vm"]["id"] == lists["instances"][0]["instance_id"]
    assert state["vol"]["id"] == lists["volumes"][0]["id"]
    assert state["key"]["id"] == lists["ssh-keys"][0]["id"]
    assert lists["volumes"][0]["attached_to"] == state["vm"]["id"]
    assert [a["instance_id"] for a in lists["firewalls"][0]["attachments"]] == [state["vm"]["id"]]
    # converged: nothing left to do
    assert summary(stack.preview()) == {"same": 8}
    stack.destroy(on_output=log, on_error=log)
    assert sum(counts(emulator).values()) == 0
