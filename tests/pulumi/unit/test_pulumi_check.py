"""check(): validation with the shared client's request models, before any API call."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import Unknown
from pulumi_inputs import RULE, VALID

import pulumi_barrack as barrack

PROVIDERS = {cls.__name__: cls for cls in barrack.PROVIDERS}


def props(provider_name: str, /, **changes: Any) -> dict[str, Any]:
    data = {**VALID[provider_name], "__provider": "blob", **changes}
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_valid_inputs_pass_and_drop_provider_key(name: str) -> None:
    result = PROVIDERS[name]().check({}, props(name))
    assert [(f.property, f.reason) for f in result.failures] == []
    assert "__provider" not in result.inputs
    assert result.inputs == VALID[name]


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_every_required_input_missing_is_named(name: str) -> None:
    provider = PROVIDERS[name]()
    for key in provider.required:
        result = provider.check({}, props(name, **{key: None}))
        assert key in {f.property for f in result.failures}, (name, key)


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_unknown_input_key_is_a_failure(name: str) -> None:
    result = PROVIDERS[name]().check({}, props(name, colour="blue"))
    assert [f.property for f in result.failures] == ["colour"]


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_every_input_unknown_is_never_an_error(name: str) -> None:
    everything_unknown = {k: Unknown() for k in VALID[name]}
    result = PROVIDERS[name]().check({}, {"__provider": "blob", **everything_unknown})
    assert result.failures == []
    assert all(isinstance(v, Unknown) for v in result.inputs.values())


def test_floats_for_ints_are_coerced() -> None:
    result = barrack.InstanceProvider().check({}, props("InstanceProvider", gpu_count=2.0))
    assert result.failures == []
    assert result.inputs["gpu_count"] == 2 and type(result.inputs["gpu_count"]) is int
    result = barrack.FirewallProvider().check({}, props("FirewallProvider", rules=[{**RULE, "port_range_min": 22.0}]))
    assert result.failures == []
    assert type(result.inputs["rules"][0]["port_range_min"]) is int


def test_non_integral_float_fails_on_the_field() -> None:
    result = barrack.InstanceProvider().check({}, props("InstanceProvider", gpu_count=1.5))
    assert [f.property for f in result.failures] == ["gpu_count"]


def test_invalid_values_name_the_property() -> None:
    result = barrack.InstanceProvider().check({}, props("InstanceProvider", gpu_count=3, power_state="asleep"))
    assert {f.property for f in result.failures} == {"gpu_count", "power_state"}
    assert any("running" in f.reason for f in result.failures)


def test_nested_rule_errors_name_the_list_and_index() -> None:
    bad = {**RULE, "port_range_min": 70000}
    result = barrack.FirewallProvider().check({}, props("FirewallProvider", rules=[RULE, bad]))
    assert [f.property for f in result.failures] == ["rules"]
    assert "1" in result.failures[0].reason and "port_range_min" in result.failures[0].reason


def test_nested_unknown_in_a_list_is_not_an_error() -> None:
    result = barrack.InstanceProvider().check({}, props("InstanceProvider", ssh_key_ids=["1", Unknown()]))
    assert result.failures == []
    nested = [{**RULE, "remote_ip_prefix": Unknown()}]
    result = barrack.FirewallProvider().check({}, props("FirewallProvider", rules=nested))
    assert result.failures == []


def test_unknown_does_not_hide_errors_in_other_fields() -> None:
    result = barrack.VolumeProvider().check({}, props("VolumeProvider", name=Unknown(), size_gb="big"))
    assert [f.property for f in result.failures] == ["size_gb"]


def test_cross_field_rule_is_skipped_while_a_field_is_unknown() -> None:
    # Instance needs exactly one of image / boot_source: unknown image must not fail in preview.
    result = barrack.InstanceProvider().check({}, props("InstanceProvider", image=Unknown()))
    assert result.failures == []
    result = barrack.InstanceProvider().check({}, props("InstanceProvider", image=None))
    assert result.failures != []


def test_common_inputs_are_validated() -> None:
    bad = props("VolumeProvider", adopt="yes", timeouts={"create": -1}, schema_version=-2)
    result = barrack.VolumeProvider().check({}, bad)
    assert {f.property for f in result.failures} == {"adopt", "timeouts", "schema_version"}
    ok = props("VolumeProvider", adopt=True, timeouts={"create": 30.0, "delete": Unknown()}, schema_version=3.0)
    result = barrack.VolumeProvider().check({}, ok)
    assert result.failures == []
    assert result.inputs["schema_version"] == 3


def test_ssh_key_needs_public_key_or_generate() -> None:
    provider = barrack.SshKeyProvider()
    assert [f.property for f in provider.check({}, props("SshKeyProvider", public_key=None)).failures] == ["public_key"]
    assert provider.check({}, props("SshKeyProvider", public_key=None, generate=True)).failures == []
    both = provider.check({}, props("SshKeyProvider", generate=True)).failures
    assert [f.property for f in both] == ["generate"]
    bad = provider.check({}, props("SshKeyProvider", public_key="not a key")).failures
    assert [f.property for f in bad] == ["public_key"]


def test_check_makes_no_api_call(emulator: Any) -> None:
    emulator.clear_log()
    for name, cls in PROVIDERS.items():
        cls().check({}, props(name))
    assert emulator.request_log() == []
