"""diff(): field metadata decides update vs replace; no API call ever; unknowns are changes."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import Unknown
from pulumi_inputs import RULE, VALID

import pulumi_barrack as barrack

PROVIDERS = {cls.__name__: cls for cls in barrack.PROVIDERS}


def diff(provider: Any, olds: dict[str, Any], news: dict[str, Any]) -> Any:
    return provider.diff("id-1", {**olds, "__provider": "old-blob"}, {**news, "__provider": "new-blob"})


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_unchanged_inputs_are_no_change_even_with_a_new_provider_blob(name: str) -> None:
    outs = {**VALID[name], "status": "whatever", "schema_version": 1}
    result = diff(PROVIDERS[name](), outs, {**VALID[name], "schema_version": 1.0})
    assert result.changes is False
    assert result.replaces == []


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_any_unknown_input_is_a_change(name: str) -> None:
    key = next(iter(VALID[name]))
    result = diff(PROVIDERS[name](), VALID[name], {**VALID[name], key: Unknown()})
    assert result.changes is True


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_schema_version_bump_is_an_in_place_update(name: str) -> None:
    result = diff(PROVIDERS[name](), {**VALID[name], "schema_version": 1}, {**VALID[name], "schema_version": 2})
    assert (result.changes, result.replaces) == (True, [])


@pytest.mark.parametrize(
    ("name", "change", "replaces", "dbr"),
    [
        ("InstanceProvider", {"gpu_count": 2}, ["gpu_count"], True),
        ("InstanceProvider", {"name": "vm-2"}, ["name"], False),
        ("InstanceProvider", {"power_state": "stopped"}, [], False),
        ("InstanceProvider", {"public_ip": False}, [], False),
        ("InstanceProvider", {"security_rules": [RULE]}, [], False),
        ("InstanceProvider", {"ssh_key_ids": ["1", "2"]}, ["ssh_key_ids"], True),
        ("VolumeProvider", {"size_gb": 200}, [], False),
        ("VolumeProvider", {"volume_type": "HDD"}, ["volume_type"], True),
        ("VolumeProvider", {"description": "new"}, ["description"], True),
        ("FirewallProvider", {"rules": []}, [], False),
        ("FirewallProvider", {"region": "FINLAND-1"}, ["region"], True),
        ("FirewallAttachmentProvider", {"instance_ids": ["BRK-1", "BRK-2"]}, [], False),
        ("FirewallAttachmentProvider", {"firewall_id": "2"}, ["firewall_id"], False),
        ("VolumeAttachmentProvider", {"volume_id": "2"}, ["volume_id"], False),
        ("VolumeAttachmentProvider", {"stop_if_needed": True}, [], False),
        ("SshKeyProvider", {"name": "key-2"}, ["name"], False),
        ("StartupScriptProvider", {"content": "echo changed"}, [], False),
        ("StartupScriptProvider", {"name": "renamed"}, [], False),
        ("SnapshotProvider", {"description": "x"}, ["description"], True),
        ("CustomImageProvider", {"snapshot_id": "BRK-2S"}, ["snapshot_id"], True),
        ("InstanceSecurityRuleProvider", {"port_range_max": 23}, ["port_range_max"], False),
        ("VolumeProvider", {"adopt": True, "timeouts": {"create": 5}}, [], False),
    ],
)
def test_change_kind_follows_field_metadata(name: str, change: dict[str, Any], replaces: list[str], dbr: bool) -> None:
    old = {**VALID[name], "tier": "advanced"} if name == "VolumeProvider" else VALID[name]
    result = diff(PROVIDERS[name](), old, {**VALID[name], **change})
    assert result.changes is True
    assert result.replaces == replaces
    assert bool(result.delete_before_replace) is dbr


def test_order_insensitive_inputs_compare_as_sets() -> None:
    rule2 = {**RULE, "port_range_min": 80, "port_range_max": 80}
    fw = barrack.FirewallProvider()
    base = VALID["FirewallProvider"]
    assert diff(fw, {**base, "rules": [RULE, rule2]}, {**base, "rules": [rule2, RULE]}).changes is False
    # CIDR spelling and protocol case do not matter either
    net = {**RULE, "remote_ip_prefix": "10.0.0.0/8"}
    loose = {**RULE, "protocol": "TCP", "remote_ip_prefix": "10.1.2.3/8"}
    assert diff(fw, {**base, "rules": [net]}, {**base, "rules": [loose]}).changes is False
    assert diff(fw, {**base, "rules": [net]}, {**base, "rules": [RULE]}).changes is True
    inst = barrack.InstanceProvider()
    old = {**VALID["InstanceProvider"], "ssh_key_ids": ["1", "2"]}
    assert diff(inst, old, {**VALID["InstanceProvider"], "ssh_key_ids": ["2", "1"]}).changes is False
    att = barrack.FirewallAttachmentProvider()
    old = {"firewall_id": "1", "instance_ids": ["a", "b"]}
    assert diff(att, old, {"firewall_id": "1", "instance_ids": ["b", "a"]}).changes is False


def test_unset_inputs_are_not_managed() -> None:
    old = {**VALID["VolumeProvider"], "description": "set outside"}
    assert diff(barrack.VolumeProvider(), old, VALID["VolumeProvider"]).changes is False


def test_newly_set_input_is_a_change() -> None:
    result = diff(barrack.VolumeProvider(), VALID["VolumeProvider"], {**VALID["VolumeProvider"], "description": "d"})
    assert (result.changes, result.replaces) == (True, ["description"])


def test_nested_unknown_in_create_only_field_is_a_replace() -> None:
    news = {**VALID["InstanceProvider"], "ssh_key_ids": ["1", Unknown()]}
    result = diff(barrack.InstanceProvider(), VALID["InstanceProvider"], news)
    assert (result.changes, result.replaces) == (True, ["ssh_key_ids"])


def test_floats_from_the_engine_compare_equal_to_ints() -> None:
    news = {**VALID["VolumeProvider"], "size_gb": 100.0}
    assert diff(barrack.VolumeProvider(), VALID["VolumeProvider"], news).changes is False


def test_diff_makes_no_api_call(emulator: Any) -> None:
    emulator.clear_log()
    for name, cls in PROVIDERS.items():
        diff(cls(), VALID[name], VALID[name])
        diff(cls(), VALID[name], {**VALID[name], "schema_version": 9})
    assert emulator.request_log() == []


def test_resize_on_the_legacy_tier_is_a_replace() -> None:
    old = {"name": "v", "region": "CANADA-1", "size_gb": 100, "volume_type": "SSD", "tier": "legacy"}
    result = diff(barrack.VolumeProvider(), old, {**old, "size_gb": 200})
    assert (result.changes, result.replaces) == (True, ["size_gb"])
