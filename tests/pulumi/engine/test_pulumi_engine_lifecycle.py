"""One stack with every resource type through its whole life under the plain ``pulumi`` CLI: ``up --yes``,
``preview --expect-no-changes`` (no API calls), ``refresh --expect-no-changes``, secrets in state, update in
place, replace, drift, deletion outside, ``destroy``. The tests share one stack and run in file order; each states
what it expects the stack to be.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from engine_support import Engine, Project, counts, list_all, public_key

KEY_1 = public_key("e2e@one")
KEY_2 = public_key("e2e@two")
SSH = {"direction": "ingress", "ethertype": "IPv4", "protocol": "tcp", "port_range_min": 22, "port_range_max": 22,
       "remote_ip_prefix": "0.0.0.0/0"}  # fmt: skip
HTTPS = {**SSH, "port_range_min": 443, "port_range_max": 443}
RESOURCES = ("key", "spare-key", "script", "vm", "data", "attach", "fast", "fw", "fw-attach", "rule", "snap", "image")
ALL = len(RESOURCES) + 2  # the stack resource and the default dynamic provider
INITIAL = {
    "spare_key": KEY_1,
    "script": "#!/bin/sh\necho one\n",
    "fast_name": "e2e-fast",
    "fast_size": 100,
    "fw_rules": [SSH],
}


@pytest.fixture(scope="module")
def emu() -> Iterator[Any]:
    """A private emulator with a distinctive API key (so a leak onto disk can be found by string search)."""
    from barrack_emulator.testing import start_emulator

    with start_emulator(delay_scale=0.0, api_keys=("brk-e2e-" + secrets.token_hex(16),)) as handle:
        yield handle


@pytest.fixture(scope="module")
def stack(engine: Engine, emu: Any) -> Iterator[Project]:
    proj = engine.project("lifecycle", emu, name="lifecycle", params=INITIAL)
    yield proj
    proj.destroy(check=False)  # best-effort cleanup; test_destroy_... asserts destroy


def params(**changes: Any) -> dict[str, Any]:
    return {**INITIAL, **changes}


def ids_by_name(emu: Any) -> dict[str, str]:
    out = {}
    for route, items in list_all(emu).items():
        for item in items:
            name = item.get("name") or item.get("vm_name")
            out[f"{route}:{name}"] = str(item.get("id") or item.get("instance_id"))
    return out


def test_up_creates_every_resource_type(stack: Project, emu: Any) -> None:
    result = stack.up()
    assert result.changes() == {"create": ALL - 1}, result.output  # the default provider is not counted
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
    state = stack.resources()
    assert sorted(state) == sorted(RESOURCES)
    assert state["vm"]["outputs"]["status"] == "ACTIVE"
    outputs = stack.outputs(show_secrets=True)
    assert outputs["ip"] == vm["ip_address"]
    assert "OPENSSH PRIVATE KEY" in outputs["private_key"]
    assert stack.outputs()["private_key"] == "[secret]"


def test_preview_of_unchanged_program_is_no_change_and_no_api_calls(stack: Project, emu: Any) -> None:
    emu.clear_log()
    result = stack.preview("--expect-no-changes")
    assert result.changes() == {"same": ALL - 1}, result.output
    assert emu.request_counts().total() == 0, emu.request_log()


def test_refresh_of_unchanged_stack_shows_no_diff(stack: Project, emu: Any) -> None:
    emu.clear_log()
    result = stack.refresh("--expect-no-changes")
    assert result.changes() == {"same": ALL - 1}, result.output
    assert [r for r in emu.request_log() if r["method"] != "GET"] == []
    stack.preview("--expect-no-changes")


def test_api_key_is_in_no_resource_and_not_on_disk_in_plain_text(stack: Project, emu: Any, engine: Engine) -> None:
    key = emu.api_key
    assert key.encode() not in engine.bytes_on_disk()  # state, PULUMI_HOME, Pulumi.<stack>.yaml
    assert key not in json.dumps(stack.export())
    resources = stack.resources()
    assert all("__provider" in r["inputs"] for r in resources.values())  # the pickled providers are there
    assert key not in json.dumps(resources)  # ... decrypted (export --show-secrets), and hold no key
    # stack config goes to the engine's default dynamic provider (engine behaviour): encrypted, never plain
    assert stack.default_provider()["inputs"]["barrack:apiKey"]["plaintext"] == json.dumps(key)
    # the generated private key is a secret output: encrypted on disk
    private = stack.outputs(show_secrets=True)["private_key"]
    assert private.splitlines()[1].encode() not in engine.bytes_on_disk()


def test_mutable_changes_update_in_place(stack: Project, emu: Any) -> None:
    before = ids_by_name(emu)
    stack.set_params(params(fast_size=200, script="#!/bin/sh\necho two\n", fw_rules=[HTTPS, SSH]))
    result = stack.up()
    assert result.changes() == {"update": 3, "same": ALL - 4}, result.output
    assert ids_by_name(emu) == before
    lists = list_all(emu)
    assert next(v for v in lists["volumes"] if v["name"] == "e2e-fast")["size_gb"] == 200
    assert lists["scripts"][0]["content"] == "#!/bin/sh\necho two\n"
    assert sorted(r["port_range_min"] for r in lists["firewalls"][0]["rules"]) == [22, 443]
    stack.preview("--expect-no-changes")


def test_create_only_changes_replace(stack: Project, emu: Any) -> None:
    before = ids_by_name(emu)
    stack.set_params(params(fast_size=200, fw_rules=[HTTPS, SSH], script="#!/bin/sh\necho two\n",
                            spare_key=KEY_2, fast_name="e2e-fast-2"))  # fmt: skip
    result = stack.up()
    assert result.changes() == {"replace": 2, "same": ALL - 3}, result.output
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


def test_refresh_shows_drift_after_outside_change(stack: Project, emu: Any) -> None:
    state = stack.resources()
    vm_id, fast_id = state["vm"]["id"], state["fast"]["id"]
    with httpx.Client(base_url=emu.base_url, headers=emu.headers) as http:
        http.post(f"/volumes/{fast_id}/resize/", json={"size_gb": 300}).raise_for_status()
    emu.set_status("instance", vm_id, "SHUTOFF")
    # --expect-no-changes fails on the drift (the refreshed state is written all the same)
    result = stack.refresh("--expect-no-changes", check=False)
    assert result.returncode != 0
    assert result.changes() == {"update": 2, "same": ALL - 3}, result.output
    stack.refresh("--expect-no-changes")
    state = stack.resources()
    assert state["fast"]["outputs"]["size_gb"] == 300
    assert state["vm"]["outputs"]["status"] == "SHUTOFF"
    assert state["vm"]["outputs"]["power_state"] == "stopped"
    # the program still asks for 200 GB: shrinking is never planned (no replace, no data loss); preview fails
    # with what to do, without API calls
    emu.clear_log()
    shrink = stack.preview(check=False)
    assert shrink.returncode != 0
    assert "size_gb" in shrink.output, shrink.output
    assert emu.request_counts().total() == 0
    # accept the new size in the program; up starts the instance again
    stack.set_params(params(fast_size=300, fw_rules=[HTTPS, SSH], script="#!/bin/sh\necho two\n",
                            spare_key=KEY_2, fast_name="e2e-fast-2"))  # fmt: skip
    result = stack.up()
    assert result.changes() == {"update": 1, "same": ALL - 2}, result.output
    assert list_all(emu)["instances"][0]["status"] == "ACTIVE"


def test_resource_deleted_outside_is_dropped_from_state(stack: Project, emu: Any) -> None:
    spare_id = stack.resources()["spare-key"]["id"]
    with httpx.Client(base_url=emu.base_url, headers=emu.headers) as http:
        http.delete(f"/ssh-keys/{spare_id}/").raise_for_status()
    result = stack.refresh()
    assert result.changes() == {"delete": 1, "same": ALL - 2}, result.output
    assert "spare-key" not in stack.resources()
    # the next up creates it again, and only it
    result = stack.up()
    assert result.changes() == {"create": 1, "same": ALL - 2}, result.output
    assert len(list_all(emu)["ssh-keys"]) == 2


def test_destroy_leaves_the_emulator_empty(stack: Project, emu: Any) -> None:
    result = stack.destroy()
    assert result.changes() == {"delete": ALL - 1}, result.output
    assert counts(emu) == dict.fromkeys(counts(emu), 0)
    assert stack.resources() == {}
    deployment = stack.export()["deployment"]
    assert [r["type"] for r in deployment.get("resources", [])] == []
