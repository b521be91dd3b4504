"""Authentication forms, success/error envelopes, request ids, strict bodies and unknown routes."""

from __future__ import annotations

import re

import httpx
import pytest

from barrack_emulator.testing import EmulatorHandle

from .conftest import Api


@pytest.mark.parametrize(
    "header",
    [
        ("Authorization", "Bearer {k}"),
        ("Authorization", "Api-Key {k}"),
        ("Authorization", "bearer {k}"),
        ("X-API-Key", "{k}"),
        ("api_key", "{k}"),
    ],
)
def test_each_accepted_auth_header_form(emulator: EmulatorHandle, header: tuple[str, str]) -> None:
    name, template = header
    resp = httpx.get(emulator.base_url + "/regions/", headers={name: template.format(k=emulator.api_key)})
    assert resp.status_code == 200
    assert resp.json()["success"] is True


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-key"},
        {"Authorization": "Basic {k}"},
        {"Authorization": "Bearer"},
        {"X-API-Key": ""},
        {"X-Other": "{k}"},
    ],
)
def test_missing_or_invalid_key_is_401(emulator: EmulatorHandle, headers: dict[str, str]) -> None:
    hdrs = {k: v.format(k=emulator.api_key) for k, v in headers.items()}
    resp = httpx.post(emulator.base_url + "/volumes/", headers=hdrs, json={"name": "vol-x"})
    assert resp.status_code == 401
    body = resp.json()
    assert body["success"] is False
    assert body["error_code"] == "AUTHENTICATION_FAILED"
    assert emulator.api_key not in resp.text
    assert emulator.state()["counts"]["volumes"] == 0


def test_key_never_in_request_log(api: Api, emulator: EmulatorHandle) -> None:
    api.data("GET", "/volumes/")
    httpx.get(emulator.base_url + "/volumes/", headers={"X-API-Key": "not-the-key"})
    log = emulator.request_log()
    assert [e["status"] for e in log] == [200, 401]
    assert emulator.api_key not in repr(log)


def test_success_envelope_and_request_id_header(api: Api) -> None:
    resp = api.call("GET", "/balance/", expect=200)
    body = resp.json()
    assert set(body) >= {"success", "message", "request_id", "timestamp", "data"}
    assert body["success"] is True
    assert re.fullmatch(r"[0-9a-f]{8}", body["request_id"])
    assert resp.headers["X-Request-Id"] == body["request_id"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", body["timestamp"])
    assert body["data"] == {"balance": 1000.0, "currency": "USD"}


def test_error_envelope_has_field_errors_and_request_id(api: Api) -> None:
    resp = api.call("GET", "/volumes/", params={"page": 0}, expect=400)
    body = resp.json()
    assert body == {
        "success": False,
        "message": "Invalid query parameters",
        "error_code": "VALIDATION_ERROR",
        "errors": {"page": ["Ensure this value is greater than or equal to 1."]},
        "request_id": resp.headers["X-Request-Id"],
    }


def test_create_is_201_with_tier_and_delete_returns_null(api: Api) -> None:
    resp = api.call(
        "POST", "/volumes/", {"name": "vol-1", "region": "FINLAND-1", "size_gb": 100, "volume_type": "NVMe"}, expect=201
    )
    body = resp.json()
    assert body["tier"] == "advanced"
    vid = body["data"]["id"]
    assert vid.isdigit()
    deleted = api.call("DELETE", f"/volumes/{vid}/", expect=200).json()
    assert deleted["success"] is True and deleted["data"] is None
    api.error("GET", f"/volumes/{vid}/", expect=404, code="NOT_FOUND")


def test_ids_follow_barrack_style(api: Api) -> None:
    inst = api.instance()
    assert re.fullmatch(r"BRK-\d{6}D", inst["instance_id"])
    snap = api.data("POST", "/snapshots/", {"instance_id": inst["instance_id"], "name": "snap 1"}, expect=201)
    assert re.fullmatch(r"BRK-\d{6}S", snap["id"])
    for kind in ("ssh_keys", "volumes", "firewalls", "scripts"):
        assert api.emu.seed(kind, 1)[0].isdigit()


@pytest.mark.parametrize(
    "body,field",
    [
        ({"name": "vol-1", "region": "CANADA-1", "size_gb": 100, "volume_type": "SSD", "colour": "red"}, "colour"),
        ({"name": "vol-1", "region": "CANADA-1", "size_gb": "100", "volume_type": "SSD"}, "size_gb"),
        ({"name": "vol-1", "region": "CANADA-1", "volume_type": "SSD"}, "size_gb"),
        ({"name": 5, "region": "CANADA-1", "size_gb": 100, "volume_type": "SSD"}, "name"),
    ],
)
def test_strict_bodies(api: Api, body: dict[str, object], field: str) -> None:
    err = api.error("POST", "/volumes/", body, code="VALIDATION_ERROR")
    assert field in err["errors"]
    assert api.emu.state()["counts"]["volumes"] == 0


def test_malformed_json_is_400(api: Api) -> None:
    resp = api.http.post("/volumes/", content=b"{not json", headers={"Content-Type": "application/json"})
    assert resp.status_code == 400
    assert resp.json()["error_code"] == "VALIDATION_ERROR"


def test_unknown_route_and_missing_trailing_slash_are_404_envelopes(api: Api) -> None:
    for path in ("/nothing-here/", "/volumes"):
        resp = api.call("GET", path, expect=404)
        assert resp.json()["error_code"] == "NOT_FOUND"
        assert resp.headers["X-Request-Id"] == resp.json()["request_id"]


def test_wrong_method_is_405_envelope(api: Api) -> None:
    resp = api.call("PATCH", "/volumes/", expect=405)
    assert resp.json()["success"] is False


def test_openapi_declares_request_bodies(emulator: EmulatorHandle) -> None:
    doc = httpx.get(emulator.base_url.rsplit("/api", 1)[0] + "/openapi.json").json()
    op = doc["paths"]["/api/instances/"]["post"]
    assert "requestBody" in op
    assert not any(p.startswith("/_emulator") for p in doc["paths"])
    assert len(doc["paths"]) >= 40
