"""Fault injection (status, drop_after_commit, slow, error_state), request counts and the rate limit."""

from __future__ import annotations

import time

import httpx
import pytest

from .conftest import Api

VOL = {"name": "vol-1", "region": "CANADA-1", "size_gb": 100, "volume_type": "SSD"}


@pytest.mark.parametrize(
    "status,retry_after,code",
    [
        (429, 7, "RATE_LIMITED"),
        (429, None, "RATE_LIMITED"),
        (500, None, "INTERNAL_ERROR"),
        (502, None, "INTERNAL_ERROR"),
        (503, 2, "INTERNAL_ERROR"),
        (504, None, "INTERNAL_ERROR"),
    ],
)
def test_status_fault_does_not_commit(api: Api, status: int, retry_after: int | None, code: str) -> None:
    api.emu.add_fault("POST", "/volumes/", "status", status=status, retry_after=retry_after)
    resp = api.call("POST", "/volumes/", VOL, expect=status)
    assert resp.json()["error_code"] == code
    assert resp.headers.get("Retry-After") == (str(retry_after) if retry_after is not None else None)
    assert api.data("GET", "/volumes/")["volumes"] == []
    api.call("POST", "/volumes/", VOL, expect=201)  # times=1: the next call goes through
    assert api.emu.faults() == []


def test_fault_times_and_route_templates(api: Api) -> None:
    vol = api.volume()
    api.emu.add_fault("GET", "/volumes/{volume_id}/", "status", status=503, times=2)
    assert [api.call("GET", f"/volumes/{vol['id']}/").status_code for _ in range(3)] == [503, 503, 200]
    api.call("GET", "/volumes/", expect=200)  # another template is not hit
    counts = api.emu.request_counts()
    assert counts["GET /volumes/{id}/"] == 3
    assert counts["GET /api/volumes/{volume_id}/"] == 3
    assert counts["GET /volumes/"] == 1
    assert counts["DELETE /volumes/{id}/"] == 0
    with pytest.raises(KeyError):
        counts["GET /volumez/"]
    log = api.emu.request_log()
    assert [(e["method"], e["route"], e["status"]) for e in log][-4:] == [
        ("GET", "/volumes/{id}/", 503),
        ("GET", "/volumes/{id}/", 503),
        ("GET", "/volumes/{id}/", 200),
        ("GET", "/volumes/", 200),
    ]
    assert log[-2]["path"] == f"/api/volumes/{vol['id']}/"


def test_drop_after_commit_commits_then_drops_the_connection(api: Api) -> None:
    api.emu.add_fault("POST", "/volumes/", "drop_after_commit")
    with pytest.raises(httpx.TransportError) as info:
        api.http.post("/volumes/", json=VOL)
    assert isinstance(info.value, httpx.RemoteProtocolError)
    vols = api.data("GET", "/volumes/")["volumes"]
    assert [v["name"] for v in vols] == ["vol-1"]  # the ghost create happened exactly once
    api.error("POST", "/volumes/", VOL, expect=409)
    assert api.emu.request_counts()["POST /volumes/"] == 2


def test_drop_after_commit_on_delete_and_action(api: Api) -> None:
    inst = api.instance()
    api.emu.add_fault("POST", "/instances/{id}/stop/", "drop_after_commit")
    with pytest.raises(httpx.TransportError):
        api.http.post(f"/instances/{inst['instance_id']}/stop/")
    assert api.status(f"/instances/{inst['instance_id']}/") == "SHUTOFF"
    vol = api.volume()
    api.emu.add_fault("DELETE", "/volumes/{id}/", "drop_after_commit")
    with pytest.raises(httpx.TransportError):
        api.http.delete(f"/volumes/{vol['id']}/")
    api.error("GET", f"/volumes/{vol['id']}/", expect=404)


def test_slow_fault_delays_then_answers(api: Api) -> None:
    api.emu.add_fault("GET", "/regions/", "slow", seconds=0.3)
    t0 = time.perf_counter()
    api.call("GET", "/regions/", expect=200)
    assert time.perf_counter() - t0 >= 0.3
    t0 = time.perf_counter()
    api.call("GET", "/regions/", expect=200)
    assert time.perf_counter() - t0 < 0.3


def test_stalled_create_commits_after_client_timeout_when_released(api: Api) -> None:
    api.emu.add_fault("POST", "/volumes/", "stall")
    with pytest.raises(httpx.ReadTimeout):
        api.http.post("/volumes/", json=VOL, timeout=0.2)
    assert api.emu.stalled() == 1
    assert api.data("GET", "/volumes/")["volumes"] == []  # held: not committed yet
    assert api.emu.release_stalled() == 1  # answers once the held request has been handled
    assert [v["name"] for v in api.data("GET", "/volumes/")["volumes"]] == ["vol-1"]
    assert api.emu.stalled() == 0 and api.emu.release_stalled() == 0


def test_stall_answers_the_client_that_waits_and_lets_go_on_its_own(api: Api) -> None:
    api.emu.add_fault("GET", "/regions/", "stall", seconds=0.3)  # the safety release
    assert api.call("GET", "/regions/", expect=200).json()["success"] is True
    api.emu.add_fault("POST", "/volumes/", "stall")
    with pytest.raises(httpx.ReadTimeout):
        api.http.post("/volumes/", json=VOL, timeout=0.2)
    api.emu.reset_all()  # releases the held create first: it cannot land in the next test's state
    assert api.emu.stalled() == 0
    assert api.data("GET", "/volumes/")["volumes"] == []


@pytest.mark.parametrize(
    "route,make,final",
    [
        ("/instances/", lambda api: api.instance()["instance_id"], "ERROR"),
        ("/volumes/", lambda api: api.volume()["id"], "error"),
        ("/firewalls/", lambda api: api.firewall()["id"], "ERROR"),
    ],
)
def test_error_state_fault_on_create(api: Api, route: str, make: object, final: str) -> None:
    api.emu.add_fault("POST", route, "error_state")
    rid = make(api)  # type: ignore[operator]
    assert api.status(f"{route}{rid}/") == final


def test_error_state_fault_on_action(api: Api) -> None:
    inst = api.instance()
    api.emu.add_fault("POST", "/instances/{id}/reboot/", "error_state")
    api.data("POST", f"/instances/{inst['instance_id']}/reboot/")
    assert api.status(f"/instances/{inst['instance_id']}/") == "ERROR"
    api.data("POST", f"/instances/{inst['instance_id']}/reboot/")  # ERROR -> reboot is allowed and recovers
    assert api.status(f"/instances/{inst['instance_id']}/") == "ACTIVE"


def test_bad_fault_definitions_are_rejected(api: Api) -> None:
    for kwargs in (
        {"kind": "explode"},
        {"kind": "status", "status": 418},
        {"kind": "slow"},
        {"kind": "stall", "seconds": 0},
        {"kind": "stall", "seconds": 10_000},
        {"kind": "status", "status": 500, "colour": "red"},
    ):
        with pytest.raises(RuntimeError):
            api.emu.add_fault("GET", "/regions/", **kwargs)  # type: ignore[arg-type]


def test_rate_limit_429_with_retry_after_per_key(api: Api) -> None:
    api.emu.configure(rate_limit=5)
    codes = [api.call("GET", "/regions/").status_code for _ in range(7)]
    assert codes == [200] * 5 + [429] * 2
    resp = api.call("GET", "/regions/", expect=429)
    assert resp.json()["error_code"] == "RATE_LIMITED"
    assert 1 <= int(resp.headers["Retry-After"]) <= 60
    api.emu.configure(rate_limit=0)
    api.call("GET", "/regions/", expect=200)


def test_admin_config_and_set_status(api: Api) -> None:
    cfg = api.emu.configure(delay_scale=2.5, balance=12.5)
    assert cfg == {"delay_scale": 2.5, "rate_limit": 0, "balance": 12.5, "currency": "USD", "profile_complete": True}
    vol = api.volume()
    assert api.emu.set_status("volume", vol["id"], "error")["status"] == "error"
    assert api.status(f"/volumes/{vol['id']}/") == "error"
