"""Unit tests of the native plugin's adapter: names, values, auto-naming, detailed diffs, one-line failures, and
the schema (no engine, no API)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from google.protobuf import struct_pb2

from pulumi_barrack.native import adapter, kinds, schema
from pulumi_barrack.native.values import UNKNOWN, from_struct, to_struct

pytestmark = pytest.mark.check

ROOT = Path(__file__).resolve().parents[3]
URN = "urn:pulumi:dev::proj::barrack:index:{}::{}"
SSH = {"protocol": "tcp", "portRangeMin": 22}
HTTPS = {"protocol": "tcp", "portRangeMin": 443}


def kind(name: str) -> kinds.Kind:
    return kinds.kinds()[f"barrack:index:{name}"]


def test_every_property_name_round_trips() -> None:
    names = {n for k in kinds.kinds().values() for n in k.outputs}
    assert {n for n in names if kinds.snake(kinds.camel(n)) != n} == set()
    assert kinds.camel("port_range_min") == "portRangeMin" and kinds.camel("auto_name") == "__autoName"
    assert kinds.snake("H100-SXM5-80GB") == "H100-SXM5-80GB"  # data keys are left alone


def test_secrets_and_unknowns_survive_the_wire() -> None:
    wire = to_struct({"cloudInit": "#cloud-config", "name": "x", "gpuCount": 2, "region": UNKNOWN}, {"cloudInit"})
    props, secret = from_struct(wire)
    assert props == {"cloudInit": "#cloud-config", "name": "x", "gpuCount": 2.0, "region": UNKNOWN}
    assert secret == {"cloudInit"}
    nested = struct_pb2.Struct()
    nested.update({"rules": [{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "value": 1}]})
    assert from_struct(nested) == ({"rules": [1]}, {"rules"})


@pytest.fixture
def api_key() -> Iterator[None]:
    """A configured key (stable auto-names are keyed by it); no request is made."""
    from pulumi_barrack import _credentials

    _credentials.set_config({"apiKey": "unit-key", "apiUrl": "http://127.0.0.1:9/api"})
    yield
    _credentials.reset()


def test_auto_name_is_stable_and_kept(api_key: None) -> None:
    urn = URN.format("Volume", "data")
    news = {"region": "FINLAND-1", "sizeGb": 100, "volumeType": "NVMe"}
    first, failures = adapter.check(kind("Volume"), urn, {}, news)
    again, _ = adapter.check(kind("Volume"), urn, {}, news)  # another preview, or the up after it
    other, _ = adapter.check(kind("Volume"), URN.format("Volume", "data2"), {}, news)
    assert failures == []
    assert first["name"] == again["name"] != other["name"]
    assert first["name"].startswith("data-") and first["__autoName"] == "data" and first["__autoNameKey"] == urn
    kept, _ = adapter.check(kind("Volume"), urn, first, {**news, "sizeGb": 200})  # an update keeps the name
    assert kept["name"] == first["name"]
    moved, _ = adapter.check(kind("Volume"), urn, {}, {**news, "volumeType": "HDD"})  # a replacement: a new name
    assert moved["name"] != first["name"]


def test_bad_input_is_one_line_on_the_camel_case_property() -> None:
    news = {"region": "FINLAND-1", "sizeGb": -5, "volumeType": "NVMe", "name": "ok-name"}
    _, failures = adapter.check(kind("Volume"), URN.format("Volume", "v"), {}, news)
    assert failures and all("\n" not in reason for _, reason in failures)
    assert {prop for prop, _ in failures} <= {"sizeGb", "volume"}


def test_unknown_inputs_do_not_fail_check() -> None:
    news = {"region": UNKNOWN, "sizeGb": 100, "volumeType": "NVMe"}
    inputs, failures = adapter.check(kind("Volume"), URN.format("Volume", "v"), {}, news)
    assert failures == [] and inputs["region"] == UNKNOWN


def fw_state(rules: list[dict[str, object]]) -> dict[str, object]:
    news = {"name": "f", "region": "CANADA-1", "rules": rules}
    inputs, failures = adapter.check(kind("Firewall"), URN.format("Firewall", "f"), {}, news)
    assert failures == []
    return inputs


def test_rule_set_diff_names_the_one_rule_added_and_removed() -> None:
    old = fw_state([SSH])
    new, failures = adapter.check(kind("Firewall"), URN.format("Firewall", "f"), old, {**old, "rules": [HTTPS, SSH]})
    assert failures == [] and [r["portRangeMin"] for r in new["rules"]] == [22, 443]  # old members keep their place
    d = adapter.diff(kind("Firewall"), "1", old, new)
    assert d.changes and d.replaces == [] and d.detailed == {"rules[1]": adapter.DiffKind.ADD}
    d = adapter.diff(kind("Firewall"), "1", new, old)
    assert d.detailed == {"rules[1]": adapter.DiffKind.DELETE}
    assert not adapter.diff(kind("Firewall"), "1", old, fw_state([{**SSH, "remoteIpPrefix": "0.0.0.0/0"}])).changes


def test_replace_of_a_named_object_deletes_first_and_auto_named_creates_first(api_key: None) -> None:
    named = fw_state([SSH])
    d = adapter.diff(kind("Firewall"), "1", named, {**named, "region": "FINLAND-1"})
    assert d.replaces == ["region"] and d.delete_before_replace
    assert d.detailed == {"region": adapter.DiffKind.UPDATE_REPLACE}
    urn = URN.format("Volume", "v")
    auto, _ = adapter.check(kind("Volume"), urn, {}, {"region": "FINLAND-1", "sizeGb": 100, "volumeType": "NVMe"})
    d = adapter.diff(kind("Volume"), "1", auto, {**auto, "volumeType": "HDD"})
    assert d.replaces == ["volumeType"] and not d.delete_before_replace


def test_missing_key_names_config_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from pulumi_barrack import _credentials

    monkeypatch.delenv("BARRACK_API_KEY", raising=False)
    _credentials.reset()
    with pytest.raises(adapter.Failure) as exc:
        adapter.read(kind("Volume"), "1", {}, {})
    assert "barrack:apiKey" in str(exc.value) and "BARRACK_API_KEY" in str(exc.value)


def test_schema_is_generated_from_the_core() -> None:
    spec = schema.package()
    assert set(spec["resources"]) == set(kinds.kinds())
    instance = spec["resources"]["barrack:index:Instance"]
    assert instance["inputProperties"]["cloudInit"]["secret"] is True
    assert instance["inputProperties"]["region"]["replaceOnChanges"] is True
    assert "replaceOnChanges" not in instance["inputProperties"]["firewallIds"]
    assert spec["resources"]["barrack:index:SshKey"]["properties"]["privateKey"]["secret"] is True
    assert spec["config"]["variables"]["apiKey"]["secret"] is True
    assert "barrack:index:getVolume" in spec["functions"] and "barrack:index:getPricing" in spec["functions"]
    assert not any(k.startswith("__") or k == "schemaVersion" for r in spec["resources"].values()
                   for k in r["properties"])  # fmt: skip


def _values(spec: dict[str, object], prop: dict[str, object]) -> tuple[set[object], bool]:
    """(enum values, closed) of a property: a ``$ref`` to an enum type is closed, a ``oneOf`` with one is open."""
    refs = [prop] if "$ref" in prop else list(prop.get("oneOf") or [])  # type: ignore[call-overload]
    for ref in refs:
        enum_type = spec["types"].get(str(ref.get("$ref", "")).removeprefix("#/types/"))  # type: ignore[attr-defined]
        if enum_type and "enum" in enum_type:
            return {e["value"] for e in enum_type["enum"]}, "$ref" in prop
    return set(), False


def test_fixed_value_sets_are_enums_and_open_ones_are_not() -> None:
    """Closed sets the client enforces are enum types (exactly the client's values); protocol (case-insensitive,
    served by the API) is open: a string or a known value; GPU models and images stay plain strings."""
    from shared_client import vocabulary

    spec = schema.package()
    res = spec["resources"]
    instance, volume = res["barrack:index:Instance"]["inputProperties"], res["barrack:index:Volume"]["inputProperties"]
    rule = spec["types"]["barrack:index:RuleSpec"]["properties"]
    isr = res["barrack:index:InstanceSecurityRule"]["inputProperties"]
    closed = {
        "region": (volume["region"], set(vocabulary.REGIONS)),
        "firewall region": (res["barrack:index:Firewall"]["inputProperties"]["region"], set(vocabulary.REGIONS)),
        "volumeType": (volume["volumeType"], set(vocabulary.VOLUME_TYPES)),
        "bootSource": (instance["bootSource"], set(vocabulary.BOOT_SOURCES)),
        "powerState": (instance["powerState"], {"running", "stopped", "hibernated"}),
        "direction": (rule["direction"], set(vocabulary.DIRECTIONS)),
        "ethertype": (isr["ethertype"], set(vocabulary.ETHERTYPES)),
    }
    for name, (prop, expected) in closed.items():
        assert _values(spec, prop) == (expected, True), name
    assert _values(spec, rule["protocol"]) == (set(vocabulary.PROTOCOLS), False)
    assert {"type": "string"} in rule["protocol"]["oneOf"]
    for prop in (instance["gpuModel"], instance["image"], volume["image"]):
        assert prop["type"] == "string" and "$ref" not in prop and "oneOf" not in prop
    assert "barrack:index:RegionInfo" in spec["types"]  # the catalogue's object type yields the name to the enum


def test_checked_in_schema_is_current() -> None:
    """``sdk/schema.json`` (what the SDKs are generated from) equals what the plugin serves: run scripts/gen-sdk."""
    assert json.loads((ROOT / "sdk" / "schema.json").read_text()) == json.loads(schema.text())


def test_provider_config_is_checked_by_the_client_settings() -> None:
    from pulumi_barrack.native.server import _config_strings, check_config

    good = {"apiKey": "k", "apiUrl": "http://127.0.0.1:1/api", "verifyTls": False, "version": "0.1.0"}
    assert check_config(good) == []
    failures = dict(check_config({"apiUrl": "ftp://x", "timeout": -1, "colour": "red"}))
    assert set(failures) == {"apiUrl", "timeout", "colour"}
    assert _config_strings({"verifyTls": False, "timeout": 5.0}, {"barrack:config:apiKey": "k"}) == {
        "apiKey": "k", "timeout": "5.0", "verifyTls": "false"
    }  # fmt: skip
