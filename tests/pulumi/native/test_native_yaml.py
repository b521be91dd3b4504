"""A YAML program through the native ``barrack`` plugin, end to end under the plain ``pulumi`` CLI, against two
accounts (two emulators): the default provider (stack config) and an explicit ``pulumi:providers:barrack``.

The tests share one stack and run in file order: up; preview and refresh with no changes; an in-place update; a
detailed diff of a rule set; ``pulumi import`` of an object made outside (``--out``); destroy to empty.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from engine_support import counts, list_all, public_key
from native_support import Native, YamlProgram, steps

pytestmark = pytest.mark.engine

SSH = {"protocol": "tcp", "portRangeMin": 22}
HTTPS = {"protocol": "tcp", "portRangeMin": 443}


def resources(account_b: Any, *, size: int = 100, rules: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "second": {
            "type": "pulumi:providers:barrack",
            "properties": {"apiKey": {"fn::secret": account_b.api_key}, "apiUrl": account_b.base_url},
        },
        "data": {
            "type": "barrack:index:Volume",
            "properties": {"region": "FINLAND-1", "sizeGb": size, "volumeType": "NVMe"},
        },
        "key": {"type": "barrack:index:SshKey", "properties": {"generate": True}},
        "fw": {
            "type": "barrack:index:Firewall",
            "properties": {"name": "native-fw", "region": "CANADA-1", "rules": rules or [SSH]},
            "options": {"provider": "${second}"},
        },
    }


OUTPUTS = {"dataId": "${data.id}", "dataName": "${data.name}", "privateKey": "${key.privateKey}", "fwId": "${fw.id}"}


@pytest.fixture(scope="module")
def stack(native: Native, account_a: Any, account_b: Any) -> Iterator[YamlProgram]:
    prog = native.yaml(account_a, resources(account_b), OUTPUTS, name="native-yaml")
    yield prog
    prog.destroy(check=False)


def test_up_creates_in_both_accounts(stack: YamlProgram, account_a: Any, account_b: Any) -> None:
    result = stack.up()
    assert result.changes() == {"create": 5}  # stack, explicit provider, three objects
    a, b = list_all(account_a), list_all(account_b)
    assert [v["name"] for v in a["volumes"]] == [stack.outputs()["dataName"]]
    assert len(a["ssh-keys"]) == 1 and a["firewalls"] == []
    assert [f["name"] for f in b["firewalls"]] == ["native-fw"] and b["volumes"] == []
    assert stack.outputs()["dataName"].startswith("data-")  # auto-named from the resource name
    assert stack.outputs()["privateKey"] == "[secret]"
    assert "BEGIN OPENSSH PRIVATE KEY" in stack.outputs(show_secrets=True)["privateKey"]


def test_private_key_is_encrypted_in_state(stack: YamlProgram) -> None:
    raw = stack.export()["deployment"]["resources"]
    key = next(r for r in raw if r["urn"].endswith("::key"))
    assert "ciphertext" in key["outputs"]["privateKey"]
    assert "PRIVATE KEY" not in str(raw)


def test_preview_and_refresh_show_no_changes(stack: YamlProgram, account_a: Any) -> None:
    account_a.clear_log()
    stack.preview("--expect-no-changes")
    assert account_a.request_log() == []  # a preview of an unchanged stack makes no API call
    stack.refresh("--expect-no-changes")


def test_grow_volume_in_place(stack: YamlProgram, account_b: Any) -> None:
    before = stack.outputs()["dataId"]
    stack.write(resources(account_b, size=200), OUTPUTS)
    assert stack.up().changes() == {"update": 1, "same": 4}
    assert stack.outputs()["dataId"] == before
    assert stack.state()["data"]["outputs"]["sizeGb"] == 200


def test_rule_set_diff_shows_the_one_rule_added(stack: YamlProgram, account_b: Any) -> None:
    stack.write(resources(account_b, size=200, rules=[HTTPS, SSH]), OUTPUTS)  # reordered + one new
    step = steps(stack.preview("--diff"))["fw"]
    assert step["op"] == "update"
    assert step["detailedDiff"] == {"rules[1]": {"kind": "add", "inputDiff": False}}
    stack.up()
    fw = list_all(account_b)["firewalls"][0]
    assert sorted(r["port_range_min"] for r in fw["rules"]) == [22, 443]


def test_rule_set_diff_shows_the_one_rule_removed(stack: YamlProgram, account_b: Any) -> None:
    stack.write(resources(account_b, size=200, rules=[HTTPS]), OUTPUTS)
    step = steps(stack.preview("--diff"))["fw"]
    assert step["detailedDiff"] == {"rules[0]": {"kind": "delete", "inputDiff": False}}
    stack.up()
    assert [r["port_range_min"] for r in list_all(account_b)["firewalls"][0]["rules"]] == [443]


def test_bad_input_fails_at_preview_in_one_line(stack: YamlProgram, account_a: Any, account_b: Any) -> None:
    bad = resources(account_b, size=200, rules=[HTTPS])
    bad["data"]["properties"]["volumeType"] = "floppy"  # not a VolumeType: the YAML host's type check names them
    stack.write(bad, OUTPUTS)
    account_a.clear_log()
    result = stack.preview(check=False)
    assert result.returncode != 0 and "Allowed values are SSD" in result.output
    bad["data"]["properties"]["volumeType"] = "SSD"  # a VolumeType, but legacy-tier only: the plugin's check
    stack.write(bad, OUTPUTS)
    result = stack.preview(check=False)
    assert result.returncode != 0
    errors = [e for e in result.errors() if "volumeType" in e or "volume_type" in e]
    assert errors, result.output
    assert all("\n" not in e.strip() and "Traceback" not in e for e in errors), errors
    assert [r for r in account_a.request_log() if r["method"] != "GET"] == []
    stack.write(resources(account_b, size=200, rules=[HTTPS]), OUTPUTS)


def test_import_an_object_made_outside(stack: YamlProgram, account_a: Any, account_b: Any) -> None:
    from shared_client import BarrackClient

    with BarrackClient(api_key=account_a.api_key, base_url=account_a.base_url) as c:
        made = c.volumes.create(name="made-outside", region="FINLAND-1", size_gb=150, volume_type="NVMe")
    out = stack.dir / "imported.yaml"
    stack.run("import", "barrack:index:Volume", "manual", str(made.id), "--yes", "--protect=false", "--out", str(out))
    code = yaml.safe_load(out.read_text())
    imported = code["resources"]["manual"]
    assert imported["type"] in ("barrack:index:Volume", "barrack:Volume")  # YAML may elide the index module
    assert imported["properties"]["sizeGb"] == 150 and imported["properties"]["name"] == "made-outside"
    program = resources(account_b, size=200, rules=[HTTPS])
    program["manual"] = {"type": imported["type"], "properties": imported["properties"]}
    stack.write(program, OUTPUTS)
    stack.preview("--expect-no-changes")  # read returned inputs and outputs: no false diff after import
    assert stack.state()["manual"]["id"] == str(made.id)


def test_destroy_leaves_both_accounts_empty(stack: YamlProgram, account_a: Any, account_b: Any) -> None:
    stack.destroy()
    assert set(counts(account_a).values()) == {0}
    assert set(counts(account_b).values()) == {0}


def test_missing_key_names_both_settings(native: Native, account_a: Any) -> None:
    prog = native.yaml(
        account_a,
        {"k": {"type": "barrack:index:SshKey", "properties": {"publicKey": public_key("x")}}},
        key_in_config=False,
    )
    result = prog.up(check=False)
    assert result.returncode != 0
    message = next(e for e in result.errors() if "API key" in e)
    assert "barrack:apiKey" in message and "BARRACK_API_KEY" in message
    assert "Traceback" not in result.output


def test_api_error_is_one_line_without_traceback(native: Native, account_a: Any) -> None:
    from shared_client import BarrackClient

    with BarrackClient(api_key=account_a.api_key, base_url=account_a.base_url) as c:
        c.ssh_keys.create(name="taken", public_key=public_key("taken@outside"))
    prog = native.yaml(
        account_a,
        {"k": {"type": "barrack:index:SshKey", "properties": {"name": "taken", "publicKey": public_key("x")}}},
    )
    result = prog.up(check=False)
    assert result.returncode != 0
    message = next(e for e in result.errors() if "taken" in e)
    assert "already exists" in message and "adopt" in message, message
    assert "Traceback" not in result.output and 'File "' not in result.output


def test_only_the_providers_own_config_reaches_it(native: Native, account_a: Any, tmp_path: Path) -> None:
    """The stack config holds another package's secret; the engine's gRPC log (``PULUMI_DEBUG_GRPC``) shows every
    call to the plugin: its CheckConfig and Configure see the ``barrack`` keys only, and nothing else holds it."""
    sentinel = "other-token-" + uuid.uuid4().hex
    prog = native.yaml(
        account_a,
        {"k": {"type": "barrack:index:SshKey", "properties": {"publicKey": public_key("config")}}},
    )
    prog.set_secret("other:token", sentinel)
    prog.run("config", "set", "other:region", "elsewhere")
    log = tmp_path / "grpc.jsonl"
    prog.env["PULUMI_DEBUG_GRPC"] = str(log)
    prog.preview()
    calls = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    plugin = [c for c in calls if str(c.get("method", "")).startswith("/pulumirpc.ResourceProvider/")]
    by_method = {str(c["method"]).rsplit("/", 1)[-1]: c.get("request") or {} for c in plugin}
    assert {"CheckConfig", "Configure", "Check"} <= set(by_method), sorted(by_method)
    configure = by_method["Configure"]
    assert "barrack:config:apiKey" in (configure.get("variables") or {})  # the log shows the provider's own config
    assert {k.split(":", 1)[0] for k in configure.get("variables") or {}} <= {"barrack"}, configure
    assert set(configure.get("args") or {}) <= {"apiKey", "apiUrl", "version"}, configure
    assert set(by_method["CheckConfig"].get("news") or {}) <= {"apiKey", "apiUrl", "version"}, by_method
    text = json.dumps(plugin)
    assert sentinel not in text and "other:" not in text and "elsewhere" not in text
    assert sentinel in log.read_text()  # the log does carry it where it belongs (the language host's Run)
