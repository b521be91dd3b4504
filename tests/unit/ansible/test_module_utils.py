"""Unit tests of the collection's module_utils: options, error mapping, rule validation, the generic driver's flow."""

from __future__ import annotations

from typing import Any

import pytest

from ansible_collections.barrack.cloud.plugins.module_utils import barrack as mu
from shared_client import errors
from shared_client.models import SshKey, SshKeyCreate
from shared_client.outcome import Outcome
from shared_client.plan import Plan, make_plan
from shared_client.resources.ssh_keys import SPEC as SSH_KEYS

KEY_A = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGXmM0YQbdEwGbQ4JjkVQ0T0r0iQm2xHqvYpS1vD6nX8 a@host"
KEY_B = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHbUYnYq7gd0cYQwRkmy3lE6v2o7Lr4gD8m5y0w7n0aE b@host"


# ------------------------------------------------------------------------------------------------ fakes
class Exit(Exception):
    def __init__(self, kwargs: dict[str, Any]) -> None:
        super().__init__(kwargs.get("msg", ""))
        self.kwargs = kwargs


class Failed(Exit):
    pass


class FakeModule:
    def __init__(self, params: dict[str, Any], check_mode: bool = False, diff: bool = True) -> None:
        base = {
            "api_key": "k",
            "api_url": "http://127.0.0.1:1/api",
            "api_timeout": 5,
            "api_retries": None,
            "validate_certs": True,
            "auth_header": None,
            "auth_scheme": None,
            "wait": True,
            "wait_timeout": 30,
            "state": "present",
            "recreate": False,
        }
        self.params = {**base, **params}
        self.check_mode = check_mode
        self._diff = diff
        self.warnings: list[str] = []

    def warn(self, msg: str) -> None:
        self.warnings.append(msg)

    def exit_json(self, **kwargs: Any) -> None:
        raise Exit(kwargs)

    def fail_json(self, **kwargs: Any) -> None:
        raise Failed(kwargs)


class FakeKeys:
    """In-memory ssh_keys sub-client recording the write calls."""

    def __init__(self, *existing: SshKey) -> None:
        self.items = {k.id: k for k in existing}
        self.writes: list[tuple[str, Any]] = []
        self.fail_with: errors.BarrackError | None = None
        self.create_fails: errors.BarrackError | None = None

    def get(self, ident: str) -> SshKey:
        if ident not in self.items:
            raise errors.NotFound("not found", status=404, error_code="NOT_FOUND")
        return self.items[ident]

    def find_by_name(self, name: str, region: str | None = None) -> SshKey | None:
        if self.fail_with:
            raise self.fail_with
        if self.create_fails and self.writes:
            raise self.create_fails
        found = [k for k in self.items.values() if k.name == name]
        return found[0] if found else None

    def create(self, *, adopt_concurrent: bool = False, **values: Any) -> SshKey:
        request = SshKeyCreate(**values)
        self.writes.append(("create", request.to_body()))
        if self.create_fails:
            raise self.create_fails
        ident = str(100 + len(self.items))
        key = SshKey(id=ident, name=request.name, public_key=request.public_key)
        self.items[ident] = key
        return key

    def delete(self, ident: str, *, wait: bool = False, deadline: Any = None) -> bool:
        self.writes.append(("delete", ident))
        return self.items.pop(ident, None) is not None

    def plan(self, current: SshKey | None, desired: Any, *, purge: bool = True, stop_if_needed: bool = False) -> Plan:
        """The client's own planning (pure), over this fake's objects."""
        want = desired if isinstance(desired, SshKeyCreate) else SshKeyCreate.model_validate(dict(desired))
        return make_plan(SSH_KEYS, current, want, purge=purge, stop_if_needed=stop_if_needed)

    def apply(self, ident: str | None, plan: Plan, *, wait: bool = True, deadline: Any = None) -> Outcome[SshKey]:
        return Outcome(self.create(**plan.desired.values()), True)  # SSH keys only get created


class FakeClient:
    def __init__(self, keys: FakeKeys) -> None:
        self.ssh_keys = keys

    def close(self) -> None:
        pass


class Keys(mu.BarrackResource):
    result_key = "barrack_ssh_key"
    sub_client = "ssh_keys"


def run(params: dict[str, Any], keys: FakeKeys, *, check_mode: bool = False, cls: type = Keys) -> dict[str, Any]:
    module = FakeModule(params, check_mode=check_mode)
    resource = cls(module)
    resource._client = FakeClient(keys)
    with pytest.raises(Exit) as info:
        resource.run()
    out = dict(info.value.kwargs)
    out["_failed"] = isinstance(info.value, Failed)
    out["_warnings"] = module.warnings
    return out


# ----------------------------------------------------------------------------------------- error mapping
def test_api_error_details_carry_status_code_and_request_id() -> None:
    err = errors.Conflict(
        "name taken", status=409, error_code="CONFLICT", request_id="r-1", field_errors={"ssh_key_ids": ["unknown id"]}
    )
    details = mu.error_details(err, {"ssh_key_ids": "ssh_keys"})
    assert details["status"] == 409 and details["error_code"] == "CONFLICT" and details["request_id"] == "r-1"
    assert "409" in details["msg"] and "r-1" in details["msg"] and "option 'ssh_keys'" in details["msg"]
    assert details["field_errors"] == {"ssh_keys": ["unknown id"]}


def test_client_side_validation_names_options_with_paths() -> None:
    err = errors.ValidationError("invalid", field_errors={"security_rules.1.remote_ip_prefix": ["bad CIDR"]})
    details = mu.error_details(err)
    assert details["msg"] == "Invalid input: option 'security_rules[1].remote_ip_prefix': bad CIDR"
    assert "status" not in details


def test_retry_budget_error_reports_the_wrapped_status() -> None:
    inner = errors.ServerError("boom", status=503, error_code="INTERNAL_ERROR", request_id="r-9")
    err = errors.RetryBudgetExceeded(inner, attempts=6, elapsed=3.0, reason="attempts")
    details = mu.error_details(err)
    assert details["status"] == 503 and details["request_id"] == "r-9" and "6 attempt" in details["msg"]


def test_wait_timeout_reports_last_state() -> None:
    err = errors.WaitTimeout("timed out waiting for ACTIVE", last=SshKey(id="1", name="x"))
    details = mu.error_details(err)
    assert details["last_state"] == {"id": "1", "name": "x"} and "timed out" in details["msg"]


def test_connection_options_hide_the_key_and_none_is_required() -> None:
    spec = mu.common_argument_spec()
    assert spec["api_key"]["no_log"] is True and not spec["api_key"].get("required")
    assert spec["api_key"]["fallback"][1] == ["BARRACK_API_KEY"]
    assert set(spec) == {*mu.CONNECTION_SETTINGS, "wait", "wait_timeout"}
    assert not any(opt.get("required") for opt in spec.values())
    assert f"barrack-ansible/{mu.COLLECTION_VERSION}" == mu.USER_AGENT


def test_string_options_refuse_booleans_dicts_and_lists_at_any_depth() -> None:
    spec = {
        "name": {"type": "str", "aliases": ["label"]},
        "count": {"type": "int"},
        "tags": {"type": "list", "elements": "str"},
        "rules": {"type": "list", "elements": "dict", "options": {"protocol": {"type": "str"}}},
        "plain": {},
    }
    given = {"label": True, "count": 3, "tags": ["a", {"b": 1}], "rules": [{"protocol": "tcp"}, {"protocol": False}]}
    assert dict(mu._non_strings(spec, given)) == {"label": True, "tags[1]": {"b": 1}, "rules[1].protocol": False}
    assert list(mu._non_strings(spec, {"name": "yes", "plain": "x", "tags": ["1"], "count": True})) == []
    assert dict(mu._non_strings(spec, {"plain": ["x"]})) == {"plain": ["x"]}


# --------------------------------------------------------------------------------------------- rule sets
def test_validate_rules_fills_the_client_defaults_and_names_the_failing_rule() -> None:
    rules = [{"protocol": "TCP", "port_range_min": 22, "remote_ip_prefix": "10.1.2.3/8"}]
    resource = Keys(FakeModule({"rules": rules}))
    [rule] = resource.validate_rules("rules")
    assert rule["direction"] == "ingress" and rule["ethertype"] == "IPv4" and rule["protocol"] == "tcp"
    assert (rule["port_range_max"], rule["remote_ip_prefix"]) == (22, "10.0.0.0/8")
    assert Keys(FakeModule({})).validate_rules("rules") is None
    bad = Keys(FakeModule({"rules": [{"protocol": "tcp"}, {"protocol": "tcp", "remote_ip_prefix": "nope"}]}))
    with pytest.raises(Failed) as info:
        bad.validate_rules("rules")
    assert "option 'rules[1].remote_ip_prefix'" in info.value.kwargs["msg"]
    assert list(info.value.kwargs["field_errors"]) == ["rules[1].remote_ip_prefix"]


# ------------------------------------------------------------------------------------------- driver flow
def test_create_in_check_mode_predicts_without_writing() -> None:
    keys = FakeKeys()
    out = run({"name": "k", "public_key": KEY_A}, keys, check_mode=True)
    assert out["changed"] and not out["_failed"]
    placeholder = "(known after apply)"  # what only the server assigns (the plan's preview)
    assert out["diff"]["before"] == {} and out["diff"]["after"]["id"] == placeholder
    assert {k: out["diff"]["after"][k] for k in ("name", "public_key")} == {"name": "k", "public_key": KEY_A}
    assert keys.writes == []


def test_create_then_idempotent() -> None:
    keys = FakeKeys()
    out = run({"name": "k", "public_key": KEY_A}, keys)
    assert out["changed"] and out["barrack_ssh_key"]["name"] == "k" and len(keys.writes) == 1
    other_comment = KEY_A.rsplit(" ", 1)[0] + " someone@else"
    again = run({"name": "k", "public_key": other_comment}, keys)
    assert not again["changed"] and "diff" not in again and len(keys.writes) == 1


def test_create_only_difference_fails_naming_the_option_or_replaces() -> None:
    keys = FakeKeys(SshKey(id="1", name="k", public_key=KEY_A))
    refused = run({"name": "k", "public_key": KEY_B}, keys)
    assert refused["_failed"] and not refused["changed"] and keys.writes == []
    assert "public_key" in refused["msg"] and "recreate=true" in refused["msg"]
    predicted = run({"name": "k", "public_key": KEY_B, "recreate": True}, keys, check_mode=True)
    assert predicted["changed"] and keys.writes == []
    replaced = run({"name": "k", "public_key": KEY_B, "recreate": True}, keys)
    assert replaced["changed"] and [w[0] for w in keys.writes] == ["delete", "create"]
    assert replaced["diff"]["before"]["id"] == "1" and replaced["barrack_ssh_key"]["public_key"] == KEY_B


def test_a_resource_in_a_failed_status_fails_again_or_is_recreated() -> None:
    keys = FakeKeys(SshKey(id="1", name="k", public_key=KEY_A, status="ERROR"))
    again = run({"name": "k", "public_key": KEY_A}, keys)
    assert again["_failed"] and "ERROR" in again["msg"] and "recreate" in again["msg"] and keys.writes == []
    replaced = run({"name": "k", "public_key": KEY_A, "recreate": True}, keys)
    assert replaced["changed"] and [w[0] for w in keys.writes] == ["delete", "create"]


def test_a_failure_after_a_write_reports_changed() -> None:
    keys = FakeKeys()
    keys.create_fails = errors.WaitTimeout("timed out waiting for the key")
    out = run({"name": "k", "public_key": KEY_A}, keys)
    assert out["_failed"] and out["changed"] is True and "timed out" in out["msg"]
    keys.create_fails = None
    keys.fail_with = errors.ServerError("boom", status=500)
    before_any_write = run({"name": "k2", "public_key": KEY_A}, keys)
    assert before_any_write["_failed"] and before_any_write["changed"] is False


def test_preconditions_fail_the_run_and_warn_in_check_mode() -> None:
    class Picky(Keys):
        def before_create(self, body: dict[str, Any]) -> None:
            self.precondition("instance 'x' must be stopped")

    real = run({"name": "k", "public_key": KEY_A}, FakeKeys(), cls=Picky)
    assert real["_failed"] and real["msg"] == "instance 'x' must be stopped"
    checked = run({"name": "k", "public_key": KEY_A}, FakeKeys(), check_mode=True, cls=Picky)
    assert not checked["_failed"] and checked["changed"] and "check mode continues" in checked["_warnings"][0]


def test_invalid_input_fails_before_any_write() -> None:
    keys = FakeKeys()
    out = run({"name": "bad name", "public_key": "nope"}, keys)
    assert out["_failed"] and "option 'name'" in out["msg"] and "option 'public_key'" in out["msg"]
    assert set(out["field_errors"]) == {"name", "public_key"} and keys.writes == []


def test_update_validation_only_reports_the_users_options() -> None:
    keys = FakeKeys(SshKey(id="1", name="k", public_key="garbage from the server"))
    out = run({"name": "k"}, keys)
    assert not out["_failed"] and not out["changed"]


def test_absent_check_mode_and_real() -> None:
    keys = FakeKeys(SshKey(id="1", name="k", public_key=KEY_A))
    predicted = run({"name": "k", "state": "absent"}, keys, check_mode=True)
    assert predicted["changed"] and predicted["diff"]["after"] == {} and keys.writes == []
    out = run({"name": "k", "state": "absent"}, keys)
    assert out["changed"] and out["barrack_ssh_key"] == {} and keys.writes == [("delete", "1")]
    again = run({"name": "k", "state": "absent"}, keys)
    assert not again["changed"]


def test_unknown_id_is_not_created() -> None:
    out = run({"id": "42", "public_key": KEY_A}, FakeKeys())
    assert out["_failed"] and "42" in out["msg"]


def test_api_errors_become_fail_json() -> None:
    keys = FakeKeys()
    keys.fail_with = errors.AuthenticationError(
        "bad key", status=401, error_code="AUTHENTICATION_FAILED", request_id="abc"
    )
    out = run({"name": "k", "public_key": KEY_A}, keys)
    assert out["_failed"] and out["status"] == 401 and out["request_id"] == "abc" and "abc" in out["msg"]


def test_select_by_id_name_or_all() -> None:
    keys = FakeKeys(SshKey(id="1", name="a"), SshKey(id="2", name="ab"))
    keys.list = lambda search=None, **kw: [k for k in keys.items.values() if search is None or search in k.name]
    assert [k.id for k in mu.select(keys, id="2")] == ["2"]
    assert mu.select(keys, id="9") == []
    assert [k.id for k in mu.select(keys, name="a")] == ["1"]
    assert len(mu.select(keys)) == 2
    # every filter applies to a lookup by id too, so id + a non-matching name or attribute finds nothing
    assert mu.select(keys, id="2", name="a") == []
    assert [k.id for k in mu.select(keys, id="2", name="ab")] == ["2"]
    assert mu.select(keys, id="2", fingerprint="SHA256:other") == []


def test_client_factory_goes_through_client_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    params = {
        "api_key": " sekrit-key-123\n",
        "api_url": "http://127.0.0.1:9/api",
        "api_timeout": 7,
        "api_retries": 2,
        "validate_certs": False,
        "auth_header": "X-Api-Key",
        "auth_scheme": "",
    }
    seen: dict[str, Any] = {}
    real = mu.BarrackClient.from_settings.__func__  # type: ignore[attr-defined]

    def spy(cls: Any, settings: Any, **kwargs: Any) -> Any:
        seen.update(settings)
        return real(cls, settings, **kwargs)

    monkeypatch.setattr(mu.BarrackClient, "from_settings", classmethod(spy))
    client = mu.client_from_params(params)
    try:
        assert client.user_agent.startswith(f"barrack-ansible/{mu.COLLECTION_VERSION}")
        assert "sekrit-key-123" not in repr(client)
        assert client.retry.max_attempts == 3
    finally:
        client.close()
    assert {k: v for k, v in seen.items() if k != "api_key"} == {
        "base_url": "http://127.0.0.1:9/api",
        "timeout": 7,
        "max_attempts": 3,
        "verify": False,
        "auth_header": "X-Api-Key",
        "auth_scheme": "",
    }


def test_missing_api_key_is_a_configuration_error() -> None:
    with pytest.raises(errors.ConfigurationError) as info:
        mu.client_from_params({"api_key": "", "api_url": "http://127.0.0.1:9/api"})
    assert "BARRACK_API_KEY" in str(info.value) and "api_key" in str(info.value)


def test_allow_insecure_http_option_reaches_the_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BARRACK_ALLOW_INSECURE_HTTP", raising=False)
    params = {"api_key": "ansible-key-123456", "api_url": "http://barrack.lan/api"}
    with pytest.raises(errors.ConfigurationError, match="allow_insecure_http"):
        mu.client_from_params(params)
    mu.client_from_params({**params, "allow_insecure_http": True}).close()
