"""One stack with every resource type through its whole life under the real engine: up, unchanged preview (no
changes, no API calls), unchanged refresh, secrets in state, update in place, replace, drift, deletion outside,
destroy. The tests share one stack and run in file order; each states what it expects the stack to be.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from engine_support import (
    Engine,
    OpLog,
    counts,
    default_provider,
    list_all,
    public_key,
    resources_of,
    state_json,
    summary,
)

pulumi = pytest.importorskip("pulumi")

import pulumi_barrack as barrack  # noqa: E402

IMAGE = "Ubuntu Server 22.04 LTS R535 CUDA 12.2"
KEY_1 = public_key("e2e@one")
KEY_2 = public_key("e2e@two")
SSH = {"direction": "ingress", "ethertype": "IPv4", "protocol": "tcp", "port_range_min": 22, "port_range_max": 22,
       "remote_ip_prefix": "0.0.0.0/0"}  # fmt: skip
HTTPS = {**SSH, "port_range_min": 443, "port_range_max": 443}
RESOURCES = ("key", "spare-key", "script", "vm", "data", "attach", "fast", "fw", "fw-attach", "rule", "snap", "image")

# What the program declares; tests change it between runs.
PARAMS: dict[str, Any] = {}


def initial_params() -> dict[str, Any]:
    return {
        "spare_key": KEY_1,
        "script": "#!/bin/sh\necho one\n",
        "fast_name": "e2e-fast",
        "fast_size": 100,
        "fw_rules": [SSH],
    }


def program() -> None:
    p = PARAMS
    key = barrack.SshKey("key", name="e2e-key", generate=True)
    barrack.SshKey("spare-key", name="e2e-spare-key", public_key=p["spare_key"])
    script = barrack.StartupScript("script", name="e2e-script", content=p["script"], description="e2e")
    vm = barrack.Instance(
        "vm",
        name="e2e-vm",
        region="CANADA-1",
        gpu_model="RTX-A6000",
        gpu_count=1,
        image=IMAGE,
        ssh_key_ids=[key.id],
        startup_script_id=script.id,
        power_state="running",
    )
    data = barrack.Volume("data", name="e2e-data", region="CANADA-1", size_gb=100, volume_type="SSD")
    barrack.VolumeAttachment("attach", instance_id=vm.id, volume_id=data.id)
    # advanced tier: resizable in place
    barrack.Volume("fast", name=p["fast_name"], region="FINLAND-1", size_gb=p["fast_size"], volume_type="NVMe")
    fw = barrack.Firewall("fw", name="e2e-fw", region="CANADA-1", rules=p["fw_rules"])
    barrack.FirewallAttachment("fw-attach", firewall_id=fw.id, instance_ids=[vm.id])
    barrack.InstanceSecurityRule(
        "rule",
        instance_id=vm.id,
        direction="ingress",
        ethertype="IPv4",
        protocol="tcp",
        port_range_min=8080,
        port_range_max=8080,
        remote_ip_prefix="10.0.0.0/8",
    )
    snap = barrack.Snapshot("snap", name="e2e-snap", instance_id=vm.id)
    barrack.CustomImage("image", name="e2e-image", snapshot_id=snap.id)
    pulumi.export("ip", vm.ip_address)
    pulumi.export("private_key", key.private_key)


@pytest.fixture(scope="module")
def emu() -> Iterator[Any]:
    """A private emulator with a distinctive API key (so a leak into state can be found by string search)."""
    from barrack_emulator.testing import start_emulator

    with start_emulator(delay_scale=0.0, api_keys=("brk-e2e-" + secrets.token_hex(16),)) as handle:
        yield handle


@pytest.fixture(scope="module")
def stack(engine: Engine, emu: Any) -> Iterator[Any]:
    PARAMS.clear()
    PARAMS.update(initial_params())
    st = engine.stack(program, emu, project="lifecycle")
    yield st
    with contextlib.suppress(Exception):  # best-effort cleanup; test_destroy_... asserts destroy
        st.destroy(on_output=lambda _line: None)


def ids_by_name(emu: Any) -> dict[str, str]:
    out = {}
    for route, items in list_all(emu).items():
        for item in items:
            name = item.get("name") or item.get("vm_name")
            out[f"{route}:{name}"] = str(item.get("id") or item.get("instance_id"))
    return out


def test_up_creates_every_resource_type(stack: Any, emu: Any) -> None:
    log = OpLog()
    result = stack.up(on_output=log, on_error=log)
    assert summary(result) == {"create": len(RESOURCES) + 1}, str(log)
    assert counts(emu) == {
        "instances": 1,
        "volumes": 2,
        "firewalls": 1,
        "ssh-keys": 2,
        "scripts": 1,
        "snapshots": 1,
        "custom-images": 1,
    }
    lists = list_all(emu)
    (vm,) = lists["instances"]
    data = next(v for v in lists["volumes"] if v["name"] == "e2e-data")
    assert data["attached_to"] == vm["instance_id"]
    (fw,) = lists["firewalls"]
    assert [a["instance_id"] for a in fw["attachments"]] == [vm["instance_id"]]
    assert any(r["port_range_min"] == 8080 for r in vm["security_rules"])
    assert vm["startup_script_id"] == lists["scripts"][0]["id"]
    state = resources_of(stack)
    assert sorted(state) == sorted(RESOURCES)
    assert state["vm"]["outputs"]["status"] == "ACTIVE"
    assert result.outputs["ip"].value == vm["ip_address"]
    assert result.outputs["private_key"].secret
    assert "OPENSSH PRIVATE KEY" in result.outputs["private_key"].value


def test_preview_of_unchanged_program_is_no_change_and_no_api_calls(stack: Any, emu: Any) -> None:
    emu.clear_log()
    log = OpLog()
    preview = stack.preview(on_output=log, on_error=log)
    assert summary(preview) == {"same": len(RESOURCES) + 1}, str(log)
    assert emu.request_counts().total() == 0, emu.request_log()


def test_refresh_of_unchanged_stack_shows_no_diff(stack: Any, emu: Any) -> None:
    emu.clear_log()
    log = OpLog()
    result = stack.refresh(on_output=log, on_error=log)
    assert summary(result) == {"same": len(RESOURCES) + 1}, str(log)
    assert [r for r in emu.request_log() if r["method"] != "GET"] == []
    assert summary(stack.preview()) == {"same": len(RESOURCES) + 1}


def test_api_key_is_in_no_resource_and_not_on_disk_in_plain_text(stack: Any, emu: Any, engine: Engine) -> None:
    key = emu.api_key
    assert key.encode() not in b"".join(p.read_bytes() for p in engine.files())
    resources = resources_of(stack)
    assert all("__provider" in r["inputs"] for r in resources.values())  # the pickled providers are there
    assert key not in json.dumps(resources)  # ... decrypted (export --show-secrets), and hold no key
    # stack config goes to the engine's default dynamic provider (engine behaviour): encrypted, never plain
    assert default_provider(stack)["inputs"]["barrack:apiKey"]["plaintext"] == json.dumps(key)
    # the generated private key is a secret output: encrypted on disk
    private = stack.outputs()["private_key"].value
    assert private.splitlines()[1].encode() not in b"".join(p.read_bytes() for p in engine.files())


def test_mutable_changes_update_in_place(stack: Any, emu: Any) -> None:
    before = ids_by_name(emu)
    PARAMS.update(fast_size=200, script="#!/bin/sh\necho two\n", fw_rules=[HTTPS, SSH])
    log = OpLog()
    result = stack.up(on_output=log, on_error=log)
    assert summary(result) == {"update": 3, "same": len(RESOURCES) - 2}, str(log)
    assert ids_by_name(emu) == before
    lists = list_all(emu)
    assert next(v for v in lists["volumes"] if v["name"] == "e2e-fast")["size_gb"] == 200
    assert lists["scripts"][0]["content"] == "#!/bin/sh\necho two\n"
    assert sorted(r["port_range_min"] for r in lists["firewalls"][0]["rules"]) == [22, 443]
    assert summary(stack.preview()) == {"same": len(RESOURCES) + 1}


def test_create_only_changes_replace(stack: Any, emu: Any) -> None:
    before = ids_by_name(emu)
    PARAMS.update(spare_key=KEY_2, fast_name="e2e-fast-2")
    log = OpLog()
    result = stack.up(on_output=log, on_error=log)
    assert summary(result) == {"replace": 2, "same": len(RESOURCES) - 1}, str(log)
    after = ids_by_name(emu)
    assert after["ssh-keys:e2e-spare-key"] != before["ssh-keys:e2e-spare-key"]
    assert "volumes:e2e-fast" not in after
    assert after["volumes:e2e-fast-2"] != before["volumes:e2e-fast"]
    lists = list_all(emu)
    assert len(lists["volumes"]) == 2
    assert len(lists["ssh-keys"]) == 2
    spare = next(k for k in lists["ssh-keys"] if k["name"] == "e2e-spare-key")
    assert spare["public_key"] == KEY_2
    assert next(v for v in lists["volumes"] if v["name"] == "e2e-fast-2")["size_gb"] == 200


def test_refresh_shows_drift_after_outside_change(stack: Any, emu: Any) -> None:
    state = resources_of(stack)
    vm_id, fast_id = state["vm"]["id"], state["fast"]["id"]
    with httpx.Client(base_url=emu.base_url, headers=emu.headers) as http:
        http.post(f"/volumes/{fast_id}/resize/", json={"size_gb": 300}).raise_for_status()
    emu.set_status("instance", vm_id, "SHUTOFF")
    log = OpLog()
    result = stack.refresh(on_output=log, on_error=log)
    assert summary(result) == {"update": 2, "same": len(RESOURCES) - 1}, str(log)
    state = resources_of(stack)
    assert state["fast"]["outputs"]["size_gb"] == 300
    assert state["vm"]["outputs"]["status"] == "SHUTOFF"
    assert state["vm"]["outputs"]["power_state"] == "stopped"
    # the program still asks for 200 GB and a running instance: preview plans a replace (no shrinking) and a
    # start, without API calls
    emu.clear_log()
    assert summary(stack.preview()) == {"replace": 1, "update": 1, "same": len(RESOURCES) - 1}
    assert emu.request_counts().total() == 0
    # accept the new size in the program; up starts the instance again
    PARAMS.update(fast_size=300)
    result = stack.up(on_output=log, on_error=log)
    assert summary(result) == {"update": 1, "same": len(RESOURCES)}, str(log)
    assert list_all(emu)["instances"][0]["status"] == "ACTIVE"


def test_resource_deleted_outside_is_dropped_from_state(stack: Any, emu: Any) -> None:
    spare_id = resources_of(stack)["spare-key"]["id"]
    with httpx.Client(base_url=emu.base_url, headers=emu.headers) as http:
        http.delete(f"/ssh-keys/{spare_id}/").raise_for_status()
    log = OpLog()
    result = stack.refresh(on_output=log, on_error=log)
    assert summary(result) == {"delete": 1, "same": len(RESOURCES)}, str(log)
    assert "spare-key" not in resources_of(stack)
    # the next up creates it again, and only it
    result = stack.up(on_output=log, on_error=log)
    assert summary(result) == {"create": 1, "same": len(RESOURCES)}, str(log)
    assert len(list_all(emu)["ssh-keys"]) == 2


def test_destroy_leaves_the_emulator_empty(stack: Any, emu: Any) -> None:
    log = OpLog()
    result = stack.destroy(on_output=log, on_error=log)
    assert summary(result) == {"delete": len(RESOURCES) + 1}, str(log)
    assert counts(emu) == dict.fromkeys(counts(emu), 0)
    assert resources_of(stack) == {}
    assert json.loads(state_json(stack)).get("resources", []) == []
