"""Pulumi conventions under the plain ``pulumi`` CLI: auto-naming (``<resource name>-<7 chars>``, kept in state),
create-before-delete replaces of auto-named resources, Instance ``firewall_ids``/``volume_ids`` with typed outputs
filled at create, ``Resource.get`` and the typed lookup functions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from engine_support import Engine, Project, list_all, public_key

KEY = public_key("conv@key")
SPARE_1 = public_key("conv@spare1")
SPARE_2 = public_key("conv@spare2")


@pytest.fixture(scope="module")
def emu() -> Iterator[Any]:
    from barrack_emulator.testing import start_emulator

    with start_emulator(delay_scale=0.0) as handle:
        yield handle


@pytest.fixture(scope="module")
def stack(engine: Engine, emu: Any) -> Iterator[Project]:
    proj = engine.project("conventions", emu, name="conventions", params={"key": KEY, "spare_key": SPARE_1})
    yield proj
    proj.destroy(check=False)


def test_auto_names_firewall_and_volume_ids(stack: Project, emu: Any) -> None:
    result = stack.up()
    assert result.changes() == {"create": 6}, result.output  # 5 resources and the stack
    out = stack.outputs()
    assert re.fullmatch(r"key-[a-z0-9]{7}", out["key_name"]), out
    assert re.fullmatch(r"spare-[a-z0-9]{7}", out["spare_name"]), out
    lists = list_all(emu)
    assert {k["name"] for k in lists["ssh-keys"]} == {out["key_name"], out["spare_name"]}
    assert re.fullmatch(r"data-[a-z0-9]{7}", lists["volumes"][0]["name"])
    state = stack.resources()
    # typed outputs are filled by the create itself, not only after a refresh
    assert out["vm_volumes"] == [state["data"]["id"]]
    assert out["vm_firewalls"] == [state["fw"]["id"]]
    # the rule defaults came from the client: only protocol and a port were given
    assert out["fw_rule_prefixes"] == ["0.0.0.0/0"]
    vm = lists["instances"][0]
    assert [a["volume_id"] for a in vm["volume_attachments"]] == [state["data"]["id"]]
    # names are fixed at create time: a preview and a refresh plan nothing
    stack.preview("--expect-no-changes")
    stack.refresh("--yes", "--skip-preview", "--expect-no-changes")
    assert stack.outputs()["key_name"] == out["key_name"]


def test_auto_named_replace_creates_before_it_deletes(stack: Project, emu: Any) -> None:
    old = stack.resources()["spare"]
    emu.clear_log()
    stack.set_params({"key": KEY, "spare_key": SPARE_2})
    result = stack.up()
    assert result.changes() == {"replace": 1, "same": 5}, result.output
    log = [(r["method"], r["path"]) for r in emu.request_log() if r["method"] in ("POST", "DELETE")]
    create = log.index(("POST", "/api/ssh-keys/"))
    delete = log.index(("DELETE", f"/api/ssh-keys/{old['id']}/"))
    assert create < delete, log
    new = stack.resources()["spare"]
    assert new["id"] != old["id"]
    assert new["outputs"]["name"] != old["outputs"]["name"]  # a fresh auto-name: both existed at once
    assert re.fullmatch(r"spare-[a-z0-9]{7}", new["outputs"]["name"])


def test_get_and_lookup_functions(stack: Project, emu: Any) -> None:
    state = stack.resources()
    key_name = state["key"]["outputs"]["name"]
    stack.set_params({"key": KEY, "spare_key": SPARE_2, "lookup": key_name, "volume_id": state["data"]["id"]})
    result = stack.up()
    assert result.changes().get("create", 0) == 0, result.output
    out = stack.outputs()
    assert out["looked_up_size"] == 100
    assert out["looked_up_key"] == state["key"]["id"]
    assert out["got_type"] == "SSD"
    assert "data-read" in stack.resources()  # read, not managed: destroy leaves the volume to "data"
