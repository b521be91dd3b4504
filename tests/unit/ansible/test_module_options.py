"""The collection's option handling, in-process with the real AnsibleModule (no ansible-playbook):

- argument specs are complete where httpx / pydantic cannot be imported (ansible-lint's usual venv, issue 16.9);
- every module of the action group accepts the common options, ``wait`` / ``wait_timeout`` included (16.8);
- ``wait_timeout: 0`` is refused naming the option (16.7);
- options that name or identify something refuse the numbers YAML makes of unquoted values (15.12).
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from ansible.module_utils.testing import patch_module_args

from ansible_collections.barrack.cloud.plugins.module_utils import barrack as mu
from shared_client import rules

REPO_ROOT = Path(__file__).resolve().parents[3]
COLLECTION = REPO_ROOT / "ansible_collections" / "barrack" / "cloud"
MODULES = "ansible_collections.barrack.cloud.plugins.modules"
GROUP = list(yaml.safe_load((COLLECTION / "meta" / "runtime.yml").read_text(encoding="utf-8"))["action_groups"]["all"])
NOWHERE = {"api_key": "k", "api_url": "http://127.0.0.1:9/api", "api_timeout": 1, "api_retries": 0}

# Imports each module with AnsibleModule replaced by a recorder (what ansible-lint's args rule does) and prints
# every module's argument spec as JSON. argv[1] == "block": httpx and pydantic cannot be imported.
SPEC_DUMPER = r"""
import importlib, json, sys
if sys.argv[1] == "block":
    class Blocker:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("httpx", "pydantic", "pydantic_core"):
                raise ImportError(f"blocked: {name}")
            return None
    sys.meta_path.insert(0, Blocker())
from ansible.module_utils import basic

class Captured(Exception):
    pass

def record(self, argument_spec, **kwargs):
    raise Captured(argument_spec)

basic.AnsibleModule.__init__ = record
specs = {}
for name in sys.argv[2:]:
    module = importlib.import_module(f"ansible_collections.barrack.cloud.plugins.modules.{name}")
    try:
        module.main()
    except Captured as captured:
        specs[name] = captured.args[0]
utils = importlib.import_module("ansible_collections.barrack.cloud.plugins.module_utils.barrack")
name_of = lambda o: getattr(o, "__name__", repr(o))
print(json.dumps({"has_client": utils.HAS_BARRACK_CLIENT, "specs": specs}, default=name_of))
"""


def dump_specs(block: bool) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", SPEC_DUMPER, "block" if block else "open", *GROUP],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return dict(json.loads(proc.stdout))


def run_module(name: str, args: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """Run a module's ``main()`` in-process; its result (``failed`` set when it failed)."""
    module = importlib.import_module(f"{MODULES}.{name}")
    with patch_module_args({**NOWHERE, **args}), pytest.raises(SystemExit):
        module.main()
    return dict(json.loads(capsys.readouterr().out))


# ------------------------------------------------------------------------------------ 16.9: static specs
def test_rule_sub_options_equal_the_clients() -> None:
    """The collection's static copy fails this test when the client's rule fields change (stale copy)."""
    assert mu.RULE_OPTIONS == rules.RULE_OPTIONS


def test_argument_specs_are_complete_without_httpx_and_pydantic() -> None:
    blocked, normal = dump_specs(block=True), dump_specs(block=False)
    assert blocked["has_client"] is False and normal["has_client"] is True  # control: the blocker works
    assert set(blocked["specs"]) == set(GROUP)
    assert blocked["specs"] == normal["specs"]
    for module, option in (("firewall", "rules"), ("instance", "security_rules")):
        assert set(blocked["specs"][module][option]["options"]) == set(rules.RULE_OPTIONS), module


# ------------------------------------------------------------------------------- 16.8: common options
def fragment_options() -> set[str]:
    tree = ast.parse((COLLECTION / "plugins" / "doc_fragments" / "barrack.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "DOCUMENTATION" for t in node.targets):
            return set(yaml.safe_load(ast.literal_eval(node.value))["options"])
    raise AssertionError("no DOCUMENTATION in the doc fragment")


def test_every_module_of_the_group_accepts_the_common_options() -> None:
    common = fragment_options()
    assert {"wait", "wait_timeout", "api_key"} <= common
    specs = dump_specs(block=False)["specs"]
    missing = {m: sorted(common - set(spec)) for m, spec in specs.items() if common - set(spec)}
    assert missing == {}


@pytest.mark.parametrize("module", ["ssh_key", "balance_info", "instance_info", "region_info"])
def test_modules_that_do_not_wait_accept_wait_options(module: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = {"name": "x", "state": "absent"} if module == "ssh_key" else {}
    result = run_module(module, {**args, "wait": False, "wait_timeout": 30}, capsys)
    assert "Unsupported parameters" not in result.get("msg", ""), result
    assert result.get("failed")  # the unreachable API, not the options
    assert "option 'wait" not in result["msg"], result


# -------------------------------------------------------------------------------------- 16.7: timeout 0
@pytest.mark.parametrize("timeout", [0, -5])
def test_wait_timeout_must_be_positive(timeout: int, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_module("volume", {"name": "v", "state": "absent", "wait_timeout": timeout}, capsys)
    assert result["failed"] and "option 'wait_timeout'" in result["msg"] and "wait: false" in result["msg"]
    assert result.get("changed") is not True


def test_wait_timeout_is_the_deadline() -> None:
    class Module:
        params = {**NOWHERE, "wait": True, "wait_timeout": 7}
        check_mode = False

    assert 6 < mu.BarrackResource(Module()).deadline.remaining() <= 7


# ------------------------------------------------------------------------------ 15.12: unquoted YAML
# YAML 1.1 (PyYAML, Ansible) reads these unquoted scalars as numbers: 12:30 -> 750, 01000 -> 512, 0x1F4 -> 500,
# .inf -> float('inf').
REFUSED = [
    ("ssh_key", {"name": 750}, "name"),
    ("volume", {"name": 512, "region": "CANADA-1", "size_gb": 100}, "name"),
    ("ssh_key", {"id": 500, "state": "absent"}, "id"),
    ("startup_script", {"name": float("inf"), "content": "#!/bin/sh"}, "name"),
    ("firewall", {"name": "fw", "instances": ["web", 750]}, "instances[1]"),
    ("instance", {"name": "i", "firewalls": [512], "volumes": ["data"]}, "firewalls[0]"),
    ("instance", {"name": "i", "startup_script": 500}, "startup_script"),
    ("volume_attachment", {"volume": 750, "instance": "i"}, "volume"),
    ("snapshot", {"name": "s", "instance": 512}, "instance"),
    ("image", {"name": "img", "snapshot": 500}, "snapshot"),
    ("volume", {"name": "v", "region": 1.5}, "region"),
    ("instance_info", {"name": 750}, "name"),
    ("region_info", {"name": 512}, "name"),
]


@pytest.mark.parametrize(("module", "args", "option"), REFUSED, ids=[f"{m}-{o}" for m, _, o in REFUSED])
def test_identifying_options_refuse_numbers(
    module: str, args: dict[str, Any], option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_module(module, args, capsys)
    assert result["failed"], result
    assert f"option '{option}' must be a string" in result["msg"] and "quote" in result["msg"], result["msg"]
    assert result.get("changed") is not True


def test_free_text_options_accept_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_module("volume", {"name": "v", "description": 2024, "state": "absent"}, capsys)
    assert "must be a string" not in result.get("msg", ""), result


def test_number_message_shows_the_converted_value() -> None:
    assert mu.describe_non_string("name", 750) == (
        "option 'name' must be a string, got the number 750 (YAML converted an unquoted value; quote it)"
    )
    assert "got a boolean (" in mu.describe_non_string("name", True)
