"""The state database follows memory object by object: after every kind of write each row equals its object,
removed objects have no row, and a restart reproduces the account. Plus the tracked containers themselves."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from barrack_emulator import billing
from barrack_emulator.state import Store
from barrack_emulator.testing import EmulatorHandle, start_emulator
from barrack_emulator.tracking import TrackedDict, TrackedList, track

from .conftest import UBUNTU, Api


@pytest.fixture
def persistent(tmp_path: Path) -> Iterator[tuple[EmulatorHandle, Path]]:
    state = tmp_path / "state.db"
    with start_emulator(state_file=state, delay_scale=0.0) as emu:
        yield emu, state


def rows(state: Path) -> dict[tuple[str, str], Any]:
    with sqlite3.connect(state) as db:
        return {(k, i): json.loads(b) for k, i, b in db.execute("SELECT kind, id, body FROM objects")}


def memory(emu: EmulatorHandle) -> dict[tuple[str, str], Any]:
    assert emu.emulator is not None
    store: Store = emu.emulator.store
    with store.lock:
        return {(k, rid): json.loads(json.dumps(res)) for k, items in store.res.items() for rid, res in items.items()}


def assert_in_sync(emu: EmulatorHandle, state: Path, step: str) -> None:
    """Rows equal objects; the ledger's running total equals the sum over the live accounts."""
    assert emu.emulator is not None
    store = emu.emulator.store
    with store.lock:
        now = store.now()
        brute = sum(
            billing.charged(res["_bill"], now)[1]
            for kind in ("instances", "volumes", "snapshots")
            for res in store.res[kind].values()
            if "_bill" in res
        )
        assert store.open_charges(now) == pytest.approx(brute, abs=1e-6), step
    mem, db = memory(emu), rows(state)
    assert db.keys() == mem.keys(), step
    for key, body in mem.items():
        assert db[key] == body, f"{step}: {key} differs"


def test_every_kind_of_write_reaches_its_row(persistent: tuple[EmulatorHandle, Path]) -> None:
    emu, state = persistent
    api = Api(emu)
    steps: list[tuple[str, Any]] = []

    def step(name: str, fn: Any) -> Any:
        out = fn()
        assert_in_sync(emu, state, name)
        steps.append((name, out))
        return out

    key = step("ssh key", lambda: api.ssh_key("k-1"))
    inst = step("instance", lambda: api.instance("vm-1", key=key))
    iid = inst["instance_id"]
    vol = step("volume", lambda: api.volume("vol-1"))
    adv = step("advanced volume", lambda: api.volume("vol-2", region="FINLAND-1"))
    step("resize", lambda: api.data("POST", f"/volumes/{adv['id']}/resize/", {"size_gb": 300}))
    step("clone", lambda: api.data("POST", f"/volumes/{adv['id']}/clone/", {"name": "vol-3"}, expect=201))
    fw = step("firewall", lambda: api.firewall("fw-1"))
    rule = {"direction": "ingress", "protocol": "tcp", "port_range_min": 22, "port_range_max": 22}
    fw_rule = step("fw rule", lambda: api.data("POST", f"/firewalls/{fw['id']}/rules/", rule, expect=201))
    step("fw attach", lambda: api.data("POST", f"/firewalls/{fw['id']}/attach/", {"instance_ids": [iid]}))
    sec = step("sec rule", lambda: api.data("POST", f"/instances/{iid}/security-rules/", rule, expect=201))
    step("sec rule delete", lambda: api.call("DELETE", f"/instances/{iid}/security-rules/{sec['id']}/", expect=200))
    step("toggle ip", lambda: api.data("POST", f"/instances/{iid}/toggle-public-ip/", {"enable": False}))
    step("stop", lambda: api.data("POST", f"/instances/{iid}/stop/"))
    step("attach", lambda: api.data("POST", f"/instances/{iid}/attach-volumes/", {"volume_ids": [vol["id"]]}))
    step("detach", lambda: api.data("POST", f"/instances/{iid}/detach-volumes/", {"volume_ids": [vol["id"]]}))
    step("start", lambda: api.data("POST", f"/instances/{iid}/start/"))
    snap = step("snapshot", lambda: api.data("POST", "/snapshots/", {"instance_id": iid, "name": "s-1"}, expect=201))
    step("image", lambda: api.data("POST", "/custom-images/", {"snapshot_id": snap["id"], "name": "i-1"}, expect=201))
    step("hibernate", lambda: api.data("POST", f"/instances/{iid}/hibernate/"))
    step("clock", lambda: emu.advance_clock(7200))
    step("restore", lambda: api.data("POST", f"/instances/{iid}/restore/"))
    script = step("script", lambda: api.data("POST", "/scripts/", {"name": "s-1", "content": "echo"}, expect=201))
    step("script put", lambda: api.data("PUT", f"/scripts/{script['id']}/", {"content": "echo 2"}))
    step("fw rule delete", lambda: api.call("DELETE", f"/firewalls/{fw['id']}/rules/{fw_rule['id']}/", expect=200))
    step("set status", lambda: emu.set_status("volume", vol["id"], "error"))
    step("volume delete", lambda: api.call("DELETE", f"/volumes/{adv['id']}/", expect=200))
    step("instance delete", lambda: api.call("DELETE", f"/instances/{iid}/", expect=200))
    step("chat", lambda: api.data("POST", "/ai/chat/completions/", _chat(), expect=200))
    step("currency", lambda: emu.configure(currency="EUR"))
    step("seed", lambda: emu.seed("volumes", 50))
    before = {path: api.data("GET", path) for path in _LISTS}
    api.http.close()
    assert any(name == "instance" for name, _ in steps)

    with start_emulator(state_file=state, delay_scale=0.0) as again:
        api = Api(again)
        after = {path: api.data("GET", path) for path in _LISTS}
        api.http.close()
    for path in _LISTS:
        assert _stable(after[path]) == _stable(before[path]), path


_LISTS = (
    "/volumes/?page_size=100",
    "/instances/",
    "/firewalls/",
    "/ssh-keys/",
    "/scripts/",
    "/snapshots/",
    "/custom-images/",
    "/ai/usage/history/",
    "/gpu-stocks/",
)


def _chat() -> dict[str, Any]:
    return {"model": "llama-3.1-8b-instruct", "messages": [{"role": "user", "content": "hello there"}]}


def _stable(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k not in ("request_id", "timestamp", "message")}


def test_reset_empties_the_database(persistent: tuple[EmulatorHandle, Path]) -> None:
    emu, state = persistent
    emu.seed("volumes", 20)
    assert len(rows(state)) == 20
    emu.reset()
    assert rows(state) == {}
    assert UBUNTU  # the conftest helpers stay importable


def test_tracked_containers_report_every_change() -> None:
    marks: list[int] = []
    root = track({"a": {"b": [1, {"c": 2}]}, "l": []}, lambda: marks.append(1))
    assert isinstance(root, TrackedDict) and isinstance(root["a"]["b"], TrackedList)
    changes = [
        lambda: root.__setitem__("x", 1),
        lambda: root["a"]["b"][1].__setitem__("c", 3),
        lambda: root["a"]["b"].append({"d": 4}),
        lambda: root["a"]["b"][-1].update(e=5),
        lambda: root["l"].extend([1, 2, 3]),
        lambda: root["l"].insert(0, 9),
        lambda: root["l"].remove(9),
        lambda: root["l"].pop(),
        lambda: root["l"].sort(),
        lambda: root["l"].reverse(),
        lambda: root["l"].__setitem__(slice(0, 1), [7]),
        lambda: root["l"].__delitem__(0),
        lambda: root["l"].clear(),
        lambda: root.setdefault("new", []),
        lambda: root.pop("x"),
        lambda: root.__delitem__("new"),
        lambda: root["a"].clear(),
    ]
    for n, change in enumerate(changes, 1):
        change()
        assert len(marks) >= n, f"change {n} was not reported"
    plain = {"k": 1}
    root["p"] = plain
    assert isinstance(root["p"], TrackedDict) and root["p"] is not plain  # stored as a tracked copy
    marks.clear()
    root["p"]["k"] = 2
    assert marks and json.loads(json.dumps(root))["p"] == {"k": 2}
