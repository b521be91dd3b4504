"""Unit tests of the collection's module_utils: error mapping, rule sets, and the generic driver's flow."""

from __future__ import annotations

from typing import Any

import pytest

from ansible_collections.barrack.cloud.plugins.module_utils import barrack as mu
from ansible_collections.barrack.cloud.plugins.module_utils.barrack_rules import (
    canonical_rule,
    diff_rules,
    rule_body,
    validate_rules,
)
from shared_client import errors
from shared_client.models import SshKey

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
            "validate_certs": True,
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

    def get(self, ident: str) -> SshKey:
        if ident not in self.items:
            raise errors.NotFound("not found", status=404, error_code="NOT_FOUND")
        return self.items[ident]

    def find_by_name(self, name: str, region: str | None = None) -> SshKey | None:
        if self.fail_with:
            raise self.fail_with
        found = [k for k in self.items.values() if k.name == name]
        return found[0] if found else None

    def create(self, request: Any) -> SshKey:
        self.writes.append(("create", request.to_body()))
        ident = str(100 + len(self.items))
        key = SshKey(id=ident, name=request.name, public_key=request.public_key)
        self.items[ident] = key
        return key

    def delete(self, ident: str, missing_ok: bool = True) -> None:
        self.writes.append(("delete", ident))
        self.items.pop(ident, None)

    def wait_deleted(self, ident: str, timeout: float = 600) -> None:
        assert ident not in self.items


class FakeClient:
    def __init__(self, keys: FakeKeys) -> None:
        self.ssh_keys = keys

    def close(self) -> None:
        pass


class Keys(mu.BarrackResource):
    label = "SSH key"
    result_key = "barrack_ssh_key"
    sub_client = "ssh_keys"
    create_model = "SshKeyCreate"


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


def test_common_options_hide_the_key_and_read_the_environment() -> None:
    spec = mu.common_argument_spec()
    assert spec["api_key"]["no_log"] is True
    assert spec["api_key"]["fallback"][1] == ["BARRACK_API_KEY"]
    assert spec["api_url"]["fallback"][1] == ["BARRACK_API_URL"]
    assert mu.wait_argument_spec()["wait"]["default"] is True
    assert f"barrack-ansible/{mu.COLLECTION_VERSION}" == mu.USER_AGENT


# --------------------------------------------------------------------------------------------- rule sets
def test_rules_compare_in_canonical_form() -> None:
    a = {
        "direction": "ingress",
        "ethertype": "IPv4",
        "protocol": "TCP",
        "port_range_min": 22,
        "remote_ip_prefix": "10.1.2.3/8",
    }
    b = {
        "direction": "ingress",
        "ethertype": "IPv4",
        "protocol": "tcp",
        "port_range_min": 22,
        "port_range_max": 22,
        "remote_ip_prefix": "10.0.0.0/8",
    }
    assert canonical_rule(a) == canonical_rule(b)
    assert rule_body(a)["remote_ip_prefix"] == "10.0.0.0/8"


def test_diff_rules_is_order_insensitive_and_honours_purge() -> None:
    ssh = {
        "id": "1",
        "direction": "ingress",
        "ethertype": "IPv4",
        "protocol": "tcp",
        "port_range_min": 22,
        "port_range_max": 22,
        "remote_ip_prefix": "0.0.0.0/0",
    }
    web = {
        "id": "2",
        "direction": "ingress",
        "ethertype": "IPv4",
        "protocol": "tcp",
        "port_range_min": 443,
        "port_range_max": 443,
        "remote_ip_prefix": "0.0.0.0/0",
    }
    icmp = {"direction": "ingress", "ethertype": "IPv4", "protocol": "icmp"}
    add, remove, kept = diff_rules([ssh, web], [web, ssh], purge=True)
    assert (add, remove) == ([], [])
    add, remove, kept = diff_rules([ssh, web, dict(web, id="3")], [icmp, ssh], purge=True)
    assert [canonical_rule(r) for r in add] == [canonical_rule(icmp)]
    assert sorted(r["id"] for r in remove) == ["2", "3"] and [r["id"] for r in kept] == ["1"]
    add, remove, kept = diff_rules([ssh, web], [icmp], purge=False)
    assert len(add) == 1 and remove == [] and len(kept) == 2


def test_validate_rules_fails_naming_the_rule_and_field() -> None:
    module = FakeModule({})
    resource = Keys(module)
    with pytest.raises(Failed) as info:
        validate_rules(resource, "rules", [{"protocol": "tcp"}, {"protocol": "tcp", "remote_ip_prefix": "nope"}])
    assert "option 'rules[1].remote_ip_prefix'" in info.value.kwargs["msg"]


# ------------------------------------------------------------------------------------------- driver flow
def test_create_in_check_mode_predicts_without_writing() -> None:
    keys = FakeKeys()
    out = run({"name": "k", "public_key": KEY_A}, keys, check_mode=True)
    assert out["changed"] and not out["_failed"]
    assert out["diff"] == {"before": {}, "after": {"name": "k", "public_key": KEY_A}}
    assert keys.writes == []


def test_create_then_idempotent() -> None:
    keys = FakeKeys()
    out = run({"name": "k", "public_key": KEY_A}, keys)
    assert out["changed"] and out["barrack_ssh_key"]["name"] == "k" and len(keys.writes) == 1
    other_comment = KEY_A.rsplit(" ", 1)[0] + " someone@else"
    again = run({"name": "k", "public_key": other_comment}, keys)
    assert not again["changed"] and "diff" not in again and len(keys.writes) == 1


def test_create_only_difference_warns_or_replaces() -> None:
    keys = FakeKeys(SshKey(id="1", name="k", public_key=KEY_A))
    warned = run({"name": "k", "public_key": KEY_B}, keys)
    assert not warned["changed"] and "public_key" in warned["_warnings"][0] and keys.writes == []
    predicted = run({"name": "k", "public_key": KEY_B, "recreate": True}, keys, check_mode=True)
    assert predicted["changed"] and keys.writes == []
    replaced = run({"name": "k", "public_key": KEY_B, "recreate": True}, keys)
    assert replaced["changed"] and [w[0] for w in keys.writes] == ["delete", "create"]
    assert replaced["diff"]["before"]["id"] == "1" and replaced["barrack_ssh_key"]["public_key"] == KEY_B


def test_create_only_policy_fail_names_the_options() -> None:
    class Strict(Keys):
        create_only = "fail"

    keys = FakeKeys(SshKey(id="1", name="k", public_key=KEY_A))
    out = run({"name": "k", "public_key": KEY_B}, keys, cls=Strict)
    assert out["_failed"] and "public_key" in out["msg"] and keys.writes == []


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


def test_client_factory_sets_user_agent_url_and_hides_the_key() -> None:
    params = {
        "api_key": "sekrit-key-123",
        "api_url": "http://127.0.0.1:9/api",
        "api_timeout": 7,
        "validate_certs": False,
    }
    client = mu.client_from_params(params)
    try:
        assert client.user_agent.startswith(f"barrack-ansible/{mu.COLLECTION_VERSION}")
        assert "sekrit-key-123" not in repr(client)
    finally:
        client.close()


def test_missing_api_key_is_a_configuration_error() -> None:
    with pytest.raises(errors.ConfigurationError) as info:
        mu.client_from_params({"api_key": "", "api_url": "http://127.0.0.1:9/api"})
    assert "BARRACK_API_KEY" in str(info.value)
