"""Client configuration: env vars, missing key, User-Agent, TLS verify, URL building."""

from __future__ import annotations

import httpx
import pytest
from client_fakes import FakeAPI, make_client, ok, volume

from shared_client import BarrackClient, __version__, errors


def test_env_vars(monkeypatch: pytest.MonkeyPatch) -> None:
    api = FakeAPI().on("GET", "/balance/", ok({"balance": 1.0}))
    monkeypatch.setenv("BARRACK_API_KEY", "env-key-123456")
    monkeypatch.setenv("BARRACK_API_URL", "http://emu.test:9/api")
    monkeypatch.setenv("BARRACK_ALLOW_INSECURE_HTTP", "true")  # the key in clear to a non-local host: opted in
    with BarrackClient(transport=httpx.MockTransport(api)) as c:
        assert c.base_url == "http://emu.test:9/api"
        c.balance.get()
    assert str(api.requests[0].url) == "http://emu.test:9/api/balance/"
    assert api.requests[0].headers["Authorization"] == "Bearer env-key-123456"


def test_missing_key_names_env_var(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BARRACK_API_KEY", raising=False)
    with pytest.raises(errors.ConfigurationError, match="BARRACK_API_KEY"):
        BarrackClient()
    with pytest.raises(errors.ConfigurationError, match="BARRACK_API_KEY"):
        BarrackClient(api_key="")


def test_default_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BARRACK_API_URL", raising=False)
    with BarrackClient(api_key="k") as c:
        assert c.base_url == "https://barrack.ai/api"


def test_bad_base_url() -> None:
    with pytest.raises(errors.ConfigurationError):
        BarrackClient(api_key="k", base_url="barrack.ai/api")


def test_user_agent_names_caller_and_client() -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", ok(volume()))
    with make_client(api, user_agent="barrack-ansible/0.1.0") as c:
        c.volumes.get("5001")
    ua = api.requests[0].headers["User-Agent"]
    assert ua.startswith("barrack-ansible/0.1.0 barrack-shared-client/" + __version__)
    assert f"python-httpx/{httpx.__version__}" in ua


def test_tls_verify_on_by_default() -> None:
    with BarrackClient(api_key="k", base_url="https://barrack.ai/api") as c:
        pool = c.transport._http._transport._pool  # type: ignore[attr-defined]
        assert pool._ssl_context.verify_mode.name == "CERT_REQUIRED"
    with BarrackClient(api_key="k", base_url="https://barrack.ai/api", verify=False) as c:
        pool = c.transport._http._transport._pool  # type: ignore[attr-defined]
        assert pool._ssl_context.verify_mode.name == "CERT_NONE"


@pytest.mark.parametrize(
    "bad", ["a b/c", "347/rules/40064", "", "x" * 65, "..", "%2F", "1\n", "types", True, None, 1.5]
)
def test_ids_are_checked_before_any_request(bad: object) -> None:
    api = FakeAPI().on("GET", "/.+/", ok(volume())).on("DELETE", "/.+/", ok(None)).on("POST", "/.+/", ok(volume()))
    with make_client(api) as c:
        calls = [
            lambda: c.volumes.get(bad),  # type: ignore[arg-type]
            lambda: c.volumes.resize(bad, 300),  # type: ignore[arg-type]
            lambda: c.volumes.delete(bad),  # type: ignore[arg-type]
            lambda: c.instances.get(bad if bad != "types" else "billing"),  # type: ignore[arg-type]
            lambda: c.firewalls.delete(bad if bad != "types" else "protocols"),  # type: ignore[arg-type]
        ]
        for call in calls:
            with pytest.raises(errors.ValidationError) as ei:
                call()
            assert list(ei.value.field_errors) == ["id"]
        if bad != "types":
            with pytest.raises(errors.ValidationError) as ei:
                c.firewalls.remove_rule("347", bad)  # type: ignore[arg-type]
            assert list(ei.value.field_errors) == ["rule_id"]
    assert api.requests == []


def test_paths_keep_trailing_slash() -> None:
    api = FakeAPI().on("GET", "/volumes/.+/", ok(volume()))
    with make_client(api) as c:
        c.volumes.get("BRK-1_x")
    assert api.requests[0].url.raw_path == b"/api/volumes/BRK-1_x/"


def test_numeric_ids_read_as_strings() -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", ok({**volume(), "id": 5001, "attached_to": 7}))
    with make_client(api) as c:
        v = c.volumes.get("5001")
    assert v.id == "5001" and v.attached_to == "7"


def test_read_models_keep_unknown_fields() -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", ok({**volume(), "brand_new_field": {"x": 1}}))
    with make_client(api) as c:
        v = c.volumes.get("5001")
    assert v.to_dict()["brand_new_field"] == {"x": 1}
    assert v.to_dict()["name"] == "data-1"
    assert "description" not in v.to_dict()  # not sent -> not invented


def test_context_manager_closes_pool() -> None:
    api = FakeAPI()
    c = make_client(api)
    with c:
        pass
    assert c.transport._http.is_closed


def test_client_settings_secret_and_from_settings() -> None:
    from shared_client.fields import secret_fields
    from shared_client.models import ClientSettings

    key = "settings-key-abcdef123"
    s = ClientSettings(api_key=key, base_url="http://emu.test/api", timeout=3, allow_insecure_http=True)
    assert secret_fields(ClientSettings) == {"api_key"}
    assert key not in repr(s) and key not in str(s.model_dump(mode="json")) and key not in s.model_dump_json()
    api = FakeAPI().on("GET", "/balance/", ok({"balance": 2.0}))
    with BarrackClient.from_settings(s, transport=httpx.MockTransport(api), user_agent="x/1") as c:
        assert c.balance.get().balance == 2.0
    assert api.requests[0].headers["Authorization"] == f"Bearer {key}"
    with pytest.raises(errors.ValidationError, match="timeout"):
        ClientSettings(timeout=0)
