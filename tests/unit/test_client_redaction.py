"""The API key never appears in reprs, error text or logs (DEBUG included)."""

from __future__ import annotations

import logging

import httpx
import pytest
from client_fakes import KEY, FakeAPI, err, make_client, ok, volume

from shared_client import BarrackClient, errors
from shared_client.transport import Secret


def test_repr_of_client_transport_and_subclients(mock_client: BarrackClient) -> None:
    for obj in (mock_client, mock_client.transport, mock_client.volumes, mock_client._api_key):
        assert KEY not in repr(obj) and KEY not in str(obj)
    assert repr(Secret(KEY)) == "Secret('**********')"
    assert KEY not in repr(vars(mock_client))


def test_key_is_sent_but_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", err(503), ok(volume()))
    api.on(
        "POST",
        "/volumes/{id}/resize/",
        err(400, "VALIDATION_ERROR", f"bad key {KEY}", errors={"size_gb": [f"echo {KEY}"]}),
    )
    caplog.set_level(logging.DEBUG)
    with make_client(api) as c:
        c.volumes.get("5001")
        with pytest.raises(errors.ValidationError) as ei:
            c.volumes.resize("5001", 300)
    assert api.requests[0].headers["Authorization"] == f"Bearer {KEY}"
    shared = [r for r in caplog.records if r.name == "shared_client"]
    assert any("GET /volumes/5001/ -> 503" in r.getMessage() for r in shared)
    assert any("-> 200 request_id=req0001 attempt=2" in r.getMessage() for r in shared)
    assert all(KEY not in r.getMessage() for r in caplog.records)
    assert KEY not in caplog.text
    assert KEY not in str(ei.value) and KEY not in repr(ei.value)
    assert "***" in str(ei.value)


def test_transport_error_text_is_scrubbed() -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", httpx.ConnectError(f"refused for {KEY}"))
    with make_client(api, max_attempts=2) as c, pytest.raises(errors.RetryBudgetExceeded) as ei:
        c.volumes.get("1")
    assert KEY not in str(ei.value) and KEY not in str(ei.value.last_error)


@pytest.mark.parametrize(
    "header,scheme,expected",
    [
        ("Authorization", "Bearer", f"Bearer {KEY}"),
        ("Authorization", "Api-Key", f"Api-Key {KEY}"),
        ("X-API-Key", "", KEY),
        ("api_key", "", KEY),
    ],
)
def test_auth_header_configurable(header: str, scheme: str, expected: str, caplog: pytest.LogCaptureFixture) -> None:
    api = FakeAPI().on("GET", "/balance/", ok({"balance": 10.0, "currency": "USD"}))
    caplog.set_level(logging.DEBUG)
    with make_client(api, auth_header=header, auth_scheme=scheme) as c:
        assert c.balance.get().balance == 10.0
        assert KEY not in repr(c)
    assert api.requests[0].headers[header] == expected
    assert KEY not in caplog.text


def test_key_not_in_wait_timeout_or_resource_errors() -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", ok(volume(status="creating")))
    with make_client(api) as c, pytest.raises(errors.WaitTimeout) as ei:
        c.volumes.wait_for("5001", "available", timeout=0)
    assert KEY not in str(ei.value) and KEY not in repr(ei.value.last)
