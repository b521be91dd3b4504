"""Who may call the admin API: a loopback Host, or the admin token — never a DNS-rebinding page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from barrack_emulator.middleware import host_without_port, is_loopback
from barrack_emulator.testing import start_emulator

from .conftest import Api


def rebinding(emu_admin_url: str, host: str) -> dict[str, str]:
    """The headers of a page on `host` whose name now resolves to 127.0.0.1: Host and a matching Origin."""
    return {"Host": host, "Origin": f"http://{host}"}


def test_a_dns_rebinding_page_cannot_reset_or_read_the_log(api: Api) -> None:
    vol = api.volume()
    port = api.emu.admin_url.split(":")[2].split("/")[0]
    headers = rebinding(api.emu.admin_url, f"evil.example:{port}")
    with httpx.Client(base_url=api.emu.admin_url, headers=headers, timeout=10) as evil:
        assert evil.post("/reset", json={"all": True}).status_code == 403
        assert evil.get("/requests").status_code == 403
        assert evil.get("/requests/counts").status_code == 403
        assert evil.get("/state").status_code == 403
        assert evil.post("/config", json={"balance": 0}).status_code == 403
        assert evil.post("/seed", json={"kind": "volume", "count": 5}).status_code == 403
        assert evil.delete("/faults").status_code == 403
    assert api.data("GET", f"/volumes/{vol['id']}/")["name"] == vol["name"]  # state untouched
    assert api.emu.state()["counts"]["volumes"] == 1 and api.emu.config()["balance"] == pytest.approx(1000, abs=0.01)


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "127.9.8.7", "localhost", "[::1]:{port}"])
def test_loopback_host_names_are_accepted(api: Api, host: str) -> None:
    port = api.emu.admin_url.split(":")[2].split("/")[0]
    resp = httpx.get(api.emu.admin_url + "/config", headers={"Host": host.format(port=port)})
    assert resp.status_code == 200


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:80", "10.0.0.1", "0.0.0.0:1", "127.0.0.1.evil.example", "localhost.evil"]
)
def test_other_host_names_are_refused(api: Api, host: str) -> None:
    assert httpx.get(api.emu.admin_url + "/config", headers={"Host": host}).status_code == 403


def test_the_admin_token_opens_the_admin_api_for_other_hosts(tmp_path: Path) -> None:
    with start_emulator(admin_token="s3cret-token") as emu:
        url = emu.admin_url
        headers = {"Host": "emulator.internal:8765"}
        assert httpx.post(url + "/reset", json={}, headers=headers).status_code == 403
        wrong = {**headers, "X-Emulator-Admin-Token": "nope"}
        assert httpx.post(url + "/reset", json={}, headers=wrong).status_code == 403
        good = {**headers, "X-Emulator-Admin-Token": "s3cret-token"}
        assert httpx.post(url + "/reset", json={}, headers=good).status_code == 200
        assert httpx.get(url + "/requests", headers=good).status_code == 200
        # a wrong token is refused even on loopback
        assert httpx.get(url + "/requests", headers={"X-Emulator-Admin-Token": "nope"}).status_code == 403


def test_without_a_token_the_header_does_not_open_anything(api: Api) -> None:
    headers = {"Host": "evil.example", "X-Emulator-Admin-Token": ""}
    assert httpx.get(api.emu.admin_url + "/requests", headers=headers).status_code == 403


@pytest.mark.parametrize(
    "path,body",
    [
        ("/seed", {"kind": "volume", "attrs": {"region": ["x"]}}),
        ("/seed", {"kind": "ssh_key", "attrs": {"public_key": 5}}),
        ("/seed", {"kind": "instance", "attrs": {"gpu_count": "many"}}),
        ("/seed", {"kind": "nope"}),
        ("/seed", {"kind": {"a": 1}}),
        ("/seed", {"kind": "snapshot", "attrs": {"instance_id": ["x"]}}),
        ("/faults", {"method": "GET", "route": "*", "kind": "status", "status": "x"}),
        ("/faults", {"method": 1}),
        ("/set-status", {"kind": "volume"}),
        ("/set-status", {"kind": "volume", "id": {"x": 1}, "status": 3}),
        ("/reset", {"all": "yes"}),
        ("/clock", {}),
        ("/config", {"nope": 1}),
    ],
)
def test_bad_admin_bodies_are_400_never_500(api: Api, path: str, body: dict[str, Any]) -> None:
    resp = httpx.post(api.emu.admin_url + path, json=body)
    assert resp.status_code in (400, 404) and resp.json()["error"], resp.text


def test_host_parsing() -> None:
    assert host_without_port("[::1]:8765") == "[::1]" and host_without_port("localhost:80") == "localhost"
    assert host_without_port("127.0.0.1") == "127.0.0.1" and host_without_port("[::1]x") == "[::1]x"
    assert is_loopback("[::1]") and is_loopback("127.1.2.3") and not is_loopback("[::1]x")


ADMIN_KEYS = {
    "/reset": ("balance", "all"),
    "/config": ("delay_scale", "rate_limit", "balance", "currency", "profile_complete"),
    "/clock": ("seconds",),
    "/set-status": ("kind", "id", "status"),
    "/seed": ("kind", "count", "attrs"),
    "/faults": ("method", "route", "kind", "times", "status", "seconds", "retry_after"),
}
VALUES: tuple[Any, ...] = (
    None, True, -1, 0, 2, 1.5, 1e308, "x", "", "volume", "instances", "CANADA-1", "INR", "*", "GET", "status",
    [], [1], {}, {"region": "MARS-1"}, {"size_gb": "big"}, {"public_key": 3}, {"instance_id": {}},
)  # fmt: skip


def test_random_admin_bodies_never_get_a_500(api: Api) -> None:
    import random

    rng = random.Random(1234)
    with httpx.Client(base_url=api.emu.admin_url, timeout=30) as admin:
        for _ in range(400):
            path = rng.choice(list(ADMIN_KEYS))
            keys = rng.sample(ADMIN_KEYS[path], rng.randint(0, len(ADMIN_KEYS[path])))
            body = {k: rng.choice(VALUES) for k in keys}
            if path == "/seed" and isinstance(body.get("count"), int) and not isinstance(body["count"], bool):
                body["count"] = min(max(body["count"], 1), 5)
            resp = admin.post(path, json=body)
            assert resp.status_code < 500, (path, body, resp.text)
        admin.post("/reset", json={"all": True})
    assert api.data("GET", "/volumes/")["total_count"] == 0
