"""The emulator as a server people run: loopback by default, an admin API web pages cannot drive, bounded bodies,
validated admin inputs, and an error envelope even for unexpected failures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from barrack_emulator import __main__ as cli
from barrack_emulator.catalogue import MAX_BODY_BYTES
from barrack_emulator.testing import EmulatorHandle

from .conftest import Api


def test_cli_binds_loopback_by_default_and_refuses_a_public_host_without_the_flag(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    served: list[dict[str, Any]] = []
    monkeypatch.setattr(cli.uvicorn, "run", lambda app, **kw: served.append(kw))
    assert cli.parse_args([]).host == "127.0.0.1"
    assert cli.main(["--host", "0.0.0.0"]) == 2 and served == []
    assert "--allow-remote" in capsys.readouterr().err
    assert cli.main(["--host", "0.0.0.0", "--allow-remote", "--api-key", "k"]) == 0
    assert served[-1]["host"] == "0.0.0.0"
    err = capsys.readouterr().err
    assert "WARNING" in err and "--admin-token" in err
    assert cli.main(["--host", "::1", "--api-key", "k"]) == 0 and served[-1]["host"] == "::1"
    assert all(cli.is_loopback(h) for h in ("127.0.0.1", "127.8.9.1", "localhost", "::1", "[::1]"))
    assert not any(cli.is_loopback(h) for h in ("0.0.0.0", "::", "10.0.0.1", "example.com"))


def test_cli_refuses_a_non_finite_delay_scale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli.uvicorn, "run", lambda app, **kw: None)
    assert cli.main(["--delay-scale", "nan", "--api-key", "k"]) == 2
    assert cli.main(["--delay-scale", "-1", "--api-key", "k"]) == 2


@pytest.fixture
def admin(emulator: EmulatorHandle) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emulator.admin_url, timeout=30) as http:
        yield http


def test_admin_refuses_a_text_plain_post_from_a_web_page(api: Api, admin: httpx.Client) -> None:
    api.volume()
    resp = admin.post("/reset", content=b'{"all": true}', headers={"Content-Type": "text/plain"})
    assert resp.status_code == 415 and "application/json" in resp.json()["error"]
    resp = admin.post("/reset", content=b"")  # no content type at all
    assert resp.status_code == 415
    assert api.emu.state()["counts"]["volumes"] == 1  # nothing was reset


def test_admin_refuses_a_foreign_origin_even_with_json(api: Api, admin: httpx.Client) -> None:
    api.volume()
    resp = admin.post("/reset", json={}, headers={"Origin": "https://evil.example"})
    assert resp.status_code == 403
    assert admin.delete("/faults", headers={"Origin": "null"}).status_code == 403
    assert admin.get("/state", headers={"Origin": "https://evil.example"}).status_code == 403
    assert api.emu.state()["counts"]["volumes"] == 1
    same = api.emu.admin_url.split("/_emulator")[0]
    assert admin.post("/reset", json={}, headers={"Origin": same}).status_code == 200
    assert api.emu.state()["counts"]["volumes"] == 0


def test_oversized_bodies_get_413_in_the_error_envelope(api: Api) -> None:
    big = b'{"name": "' + b"x" * (MAX_BODY_BYTES + 10) + b'"}'
    resp = api.http.post("/scripts/", content=big, headers={"Content-Type": "application/json"})
    body = resp.json()
    assert resp.status_code == 413 and body["success"] is False and body["error_code"] == "PAYLOAD_TOO_LARGE"
    assert body["request_id"] == resp.headers["X-Request-Id"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: chunked transfer, cut off after the limit
        yield b'{"name": "'
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b"y" * 65536

    resp = api.http.post("/scripts/", content=chunks(), headers={"Content-Type": "application/json"})
    assert resp.status_code == 413 and resp.json()["error_code"] == "PAYLOAD_TOO_LARGE"
    assert api.emu.request_counts()["POST /scripts/"] == 2
    small = {"name": "ok-script", "content": "#!/bin/sh\n" + "echo hi\n" * 1000}
    assert api.call("POST", "/scripts/", small).status_code == 201
    resp = httpx.post(api.emu.admin_url + "/seed", content=big, headers={"Content-Type": "application/json"})
    assert resp.status_code == 413


@pytest.mark.parametrize(
    "path,body",
    [
        ("/clock", {"seconds": 1e308}),
        ("/clock", {"seconds": -1}),
        ("/clock", {"seconds": "10"}),
        ("/config", {"delay_scale": -0.5}),
        ("/config", {"delay_scale": 1e300}),
        ("/config", {"rate_limit": -1}),
        ("/config", {"balance": 1e308}),
        ("/reset", {"balance": 1e308}),
    ],
)
def test_admin_inputs_are_validated(api: Api, admin: httpx.Client, path: str, body: dict[str, Any]) -> None:
    before = api.emu.config()
    resp = admin.post(path, json=body)
    assert resp.status_code == 400 and resp.json()["error"]
    assert api.emu.config() == before
    assert api.call("POST", "/ssh-keys/", {"name": "still-fine", "public_key": "x"}).status_code == 400  # not 500


def test_non_finite_json_numbers_are_refused(admin: httpx.Client, api: Api) -> None:
    for raw in (b'{"seconds": NaN}', b'{"seconds": Infinity}'):
        resp = admin.post("/clock", content=raw, headers={"Content-Type": "application/json"})
        assert resp.status_code == 400
    api.emu.advance_clock(3600)  # a sane move still works
    assert (
        api.call(
            "POST", "/volumes/", {"name": "v-1", "region": "CANADA-1", "size_gb": 100, "volume_type": "SSD"}
        ).status_code
        == 201
    )
