"""Input and output hygiene (issue 7 §3): the key, malformed responses, pagination limits, numbers, settings."""

from __future__ import annotations

import traceback
from typing import Any

import httpx
import pytest
from client_fakes import BASE, KEY, FakeAPI, err, make_client, ok, volume

from shared_client import BarrackClient, errors, pagination
from shared_client.models import ClientSettings, RuleSpec, VolumeCreate

# ---- the API key -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [KEY + "\n", "  " + KEY + "\t", "\n" + KEY + "\r\n"])
def test_key_with_surrounding_whitespace_is_stripped(raw: str) -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", ok(volume()))
    with BarrackClient(api_key=raw, base_url=BASE, transport=httpx.MockTransport(api)) as c:
        c.volumes.get("5001")
    assert api.requests[0].headers["Authorization"] == f"Bearer {KEY}"


@pytest.mark.parametrize("bad", [KEY[:6] + "\n" + KEY[6:], KEY + "\x00x", KEY[:4] + " " + KEY[4:], KEY + "é"])
def test_key_with_control_characters_inside_is_refused_without_showing_it(bad: str) -> None:
    with pytest.raises(errors.ConfigurationError) as ei:
        BarrackClient(api_key=bad, base_url=BASE)
    shown = str(ei.value) + repr(ei.value) + "".join(traceback.format_exception(ei.value))
    assert KEY[:6] not in shown and KEY[6:] not in shown
    assert ei.value.__cause__ is None


def test_from_settings_refuses_a_bad_key_too() -> None:
    with pytest.raises(errors.ConfigurationError) as ei:
        BarrackClient.from_settings(ClientSettings(api_key=KEY[:5] + "\x1b" + KEY[5:], base_url=BASE))
    assert KEY[5:] not in str(ei.value)


def test_scrub_covers_error_code_request_id_and_field_error_keys() -> None:
    body = err(400, f"CODE_{KEY}", f"bad {KEY}", {f"field_{KEY}": [f"msg {KEY}"]}, request_id=f"r-{KEY}")
    api = FakeAPI().on("GET", "/volumes/{id}/", body)
    with make_client(api) as c, pytest.raises(errors.APIError) as ei:
        c.volumes.get("1")
    e = ei.value
    text = str(e) + repr(e) + repr(e.field_errors) + str(e.error_code) + str(e.request_id)
    assert KEY not in text and "***" in text


def test_transport_exception_with_the_key_is_scrubbed_and_not_chained() -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", httpx.ProtocolError(f"Illegal header value b'Bearer {KEY}'"))
    with make_client(api, max_attempts=1) as c, pytest.raises(errors.BarrackError) as ei:
        c.volumes.get("1")
    shown = "".join(traceback.format_exception(ei.value))
    assert KEY not in shown


@pytest.mark.parametrize("header", ["X API Key", "X-Key\n", ""])
def test_bad_auth_header_is_a_configuration_error(header: str) -> None:
    with pytest.raises(errors.ConfigurationError):
        BarrackClient(api_key=KEY, base_url=BASE, auth_header=header)


# ---- settings --------------------------------------------------------------------------------------------------


def test_settings_fall_back_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BARRACK_API_KEY", KEY + "\n")
    monkeypatch.setenv("BARRACK_API_URL", BASE)
    monkeypatch.setenv("BARRACK_AUTH_HEADER", "X-API-Key")
    monkeypatch.setenv("BARRACK_AUTH_SCHEME", "")
    monkeypatch.setenv("BARRACK_API_TIMEOUT", "7")
    monkeypatch.setenv("BARRACK_VALIDATE_CERTS", "no")
    api = FakeAPI().on("GET", "/volumes/{id}/", ok(volume()))
    with BarrackClient.from_settings(ClientSettings(), transport=httpx.MockTransport(api)) as c:
        c.volumes.get("5001")
        assert c.transport.timeout == 7.0
    assert api.requests[0].headers["X-API-Key"] == KEY
    assert "Authorization" not in api.requests[0].headers


def test_explicit_settings_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BARRACK_AUTH_HEADER", "X-API-Key")
    api = FakeAPI().on("GET", "/volumes/{id}/", ok(volume()))
    s = ClientSettings(api_key=KEY, base_url=BASE, auth_header="Authorization", auth_scheme="Api-Key", timeout="3")
    with BarrackClient.from_settings(s, transport=httpx.MockTransport(api)) as c:
        c.volumes.get("5001")
        assert c.transport.timeout == 3.0
    assert api.requests[0].headers["Authorization"] == f"Api-Key {KEY}"
    assert KEY not in repr(s) and KEY not in s.model_dump_json()


@pytest.mark.parametrize(
    "values,field",
    [
        ({"timeout": 0}, "timeout"),
        ({"verify": ""}, "verify"),
        ({"base_url": "ftp://x"}, "base_url"),
        ({"max_attempts": 0}, "max_attempts"),
    ],
)
def test_bad_settings_name_the_field(values: dict[str, Any], field: str) -> None:
    with pytest.raises(errors.ValidationError) as ei:
        ClientSettings(**values)
    assert field in ei.value.field_errors


def test_a_bad_environment_value_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BARRACK_API_TIMEOUT", "soon")
    with pytest.raises(errors.ConfigurationError, match="timeout"):
        BarrackClient.from_settings(ClientSettings(api_key=KEY, base_url=BASE))


# ---- malformed responses ---------------------------------------------------------------------------------------

MALFORMED = {
    "missing id": ok({"name": "x"}),
    "wrong type": ok({"id": "1", "size_gb": "huge"}),
    "null data": ok(None),
    "list data": ok([1, 2]),
    "string data": ok("volume"),
    "empty 200": httpx.Response(200),
    "empty 201": httpx.Response(201),
    "html": httpx.Response(200, text="<html><body>maintenance</body></html>", headers={"X-Request-Id": "h1"}),
    "bare list": httpx.Response(200, json=[{"id": "1"}]),
    "redirect": httpx.Response(302, headers={"Location": "https://elsewhere.example/"}),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_object_is_unexpected_response(case: str) -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", MALFORMED[case])
    with make_client(api) as c, pytest.raises(errors.UnexpectedResponse) as ei:
        c.volumes.get("1")
    assert ei.value.status == MALFORMED[case].status_code
    assert not isinstance(ei.value, ValueError)  # never pydantic's own error
    assert ei.value.__cause__ is None


def test_unexpected_response_carries_the_request_id() -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", ok({"name": "no id"}, request_id="abc123"))
    with make_client(api) as c, pytest.raises(errors.UnexpectedResponse) as ei:
        c.volumes.get("1")
    assert ei.value.request_id == "abc123" and "id" in str(ei.value)


@pytest.mark.parametrize(
    "page",
    [
        {"has_next": False},  # no list key
        {"volumes": None, "has_next": False},
        {"volumes": [{"id": "1"}, "junk"], "has_next": False},
    ],
)
def test_malformed_list_is_unexpected_response(page: dict[str, Any]) -> None:
    api = FakeAPI().on("GET", "/volumes/", ok(page))
    with make_client(api) as c, pytest.raises(errors.UnexpectedResponse):
        list(c.volumes.list())


def test_malformed_create_answer_is_ambiguous_and_reconciled() -> None:
    created = volume(created_at="2999-01-01T00:00:00Z")
    api = FakeAPI().on("POST", "/volumes/", httpx.Response(201))  # the server answered success without a body
    api.on("GET", "/volumes/", ok({"volumes": [created], "has_next": False}))
    with make_client(api) as c:
        assert c.volumes.create(name="data-1", region="FINLAND-1", size_gb=200, volume_type="NVMe").id == "5001"
    assert api.count("POST") == 1


# ---- pagination ------------------------------------------------------------------------------------------------


def test_repeated_page_stops_with_an_error() -> None:
    api = FakeAPI().on("GET", "/volumes/", ok({"volumes": [volume()], "has_next": True}))
    with make_client(api) as c, pytest.raises(errors.UnexpectedResponse, match="repeats"):
        list(c.volumes.list())
    assert api.count("GET") == 2


def test_hard_page_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pagination, "MAX_PAGES", 5)

    def page(req: httpx.Request) -> httpx.Response:
        n = req.url.params["page"]
        return ok({"volumes": [volume(id=n)], "has_next": True})

    api = FakeAPI().on("GET", "/volumes/", page)
    with make_client(api) as c, pytest.raises(errors.UnexpectedResponse, match="more than 5 pages"):
        list(c.volumes.list())
    assert api.count("GET") == 5


# ---- numbers and keyword requests ------------------------------------------------------------------------------


@pytest.mark.parametrize("given", ["100", " 100 ", 100.0, "100.0", 100])
def test_integral_numbers_become_ints(given: Any) -> None:
    v = VolumeCreate(name="data-1", region="FINLAND-1", size_gb=given, volume_type="NVMe")
    assert v.size_gb == 100 and type(v.size_gb) is int
    assert type(RuleSpec(protocol="tcp", port_range_min=str(22)).port_range_max) is int


@pytest.mark.parametrize("given", [True, 100.5, "1e2", "100 GB", "", None, [100]])
def test_other_numbers_name_the_field(given: Any) -> None:
    with pytest.raises(errors.ValidationError) as ei:
        VolumeCreate(name="data-1", region="FINLAND-1", size_gb=given, volume_type="NVMe")
    assert "size_gb" in ei.value.field_errors


def test_keyword_create_equals_model_create_and_bad_keywords_name_the_field() -> None:
    api = FakeAPI().on("POST", "/volumes/", ok(volume(), 201))
    with make_client(api) as c:
        c.volumes.create(name="data-1", region="FINLAND-1", size_gb="200", volume_type="NVMe")
        c.volumes.create(VolumeCreate(name="data-1", region="FINLAND-1", size_gb=200, volume_type="NVMe"))
        with pytest.raises(errors.ValidationError) as ei:
            c.volumes.create(name="data-1", region="FINLAND-1", size_gb=200, volume_typ="NVMe")
        with pytest.raises(TypeError):
            c.volumes.create(VolumeCreate(name="data-1", region="FINLAND-1", size_gb=200, volume_type="NVMe"), name="x")
    assert set(ei.value.field_errors) == {"volume_typ", "volume_type"}
    bodies = api.bodies("POST")
    assert len(bodies) == 2 and bodies[0] == bodies[1]
