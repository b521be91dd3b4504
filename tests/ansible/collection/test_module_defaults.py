"""`module_defaults` for `group/barrack.cloud.all`: every module accepts every connection option (the README's list
is the doc fragment's, wait and wait_timeout included): group defaults reach ssh_key and every *_info module."""

from __future__ import annotations

import ast
import re
from typing import Any

import pytest
import yaml

from .collection_paths import COLLECTION, action_group_modules

pytestmark = [pytest.mark.ansible, pytest.mark.slow]

# Arguments that let each module run to completion against an empty account (absent states, plain listings).
ARGS: dict[str, dict[str, Any]] = {
    "firewall": {"name": "md-firewall", "state": "absent"},
    "image": {"name": "md-image", "state": "absent"},
    "instance": {"name": "md-instance", "state": "absent"},
    "snapshot": {"name": "md-snapshot", "state": "absent"},
    "ssh_key": {"name": "md-key", "state": "absent"},
    "startup_script": {"name": "md-script", "state": "absent"},
    "volume": {"name": "md-volume", "region": "CANADA-1", "state": "absent"},
    "volume_attachment": {"volume": "md-volume", "instance": "md-instance", "state": "absent"},
}
UNSUPPORTED = re.compile(r"unsupported param", re.I)


def fragment_options(name: str = "DOCUMENTATION") -> dict[str, Any]:
    """Options of a block of the doc fragment barrack.cloud.barrack."""
    tree = ast.parse((COLLECTION / "plugins" / "doc_fragments" / "barrack.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return dict(yaml.safe_load(ast.literal_eval(node.value))["options"])
    raise AssertionError(f"doc fragment has no {name}")


def connection_options(emulator: Any) -> dict[str, Any]:
    """A value for every common option of the doc fragment (the test fails when one is added without one)."""
    values = {
        "api_key": emulator.api_key,
        "api_url": emulator.base_url,
        "api_timeout": 30,
        "api_retries": 2,
        "validate_certs": False,
        "auth_header": "Authorization",
        "auth_scheme": "Bearer",
        "allow_insecure_http": False,
        "wait": True,
        "wait_timeout": 120,
    }
    options = fragment_options()
    assert set(options) <= set(values), f"give the new connection options a value here: {set(options) - set(values)}"
    return {k: v for k, v in values.items() if k in options}


def test_readme_lists_the_group_options() -> None:
    readme = (COLLECTION / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Common options and `module_defaults`", 1)[1].split("\n## ", 1)[0]
    for option in fragment_options():
        assert f"`{option}`" in section, f"the README's module_defaults section does not name {option}"
    assert {"wait", "wait_timeout"} <= set(fragment_options())


def test_group_defaults_with_every_common_option_reach_every_module(ansible_run: Any, emulator: Any) -> None:
    group = {"group/barrack.cloud.all": connection_options(emulator)}
    tasks = [
        {"name": module, "module_defaults": group, f"barrack.cloud.{module}": ARGS.get(module, {})}
        for module in action_group_modules()
    ]
    assert "ssh_key" in [t["name"] for t in tasks] and sum(t["name"].endswith("_info") for t in tasks) > 10
    # no key nor URL in the environment: the group defaults are the only source
    run = ansible_run(tasks, api_url=None, api_key=None, allow_failures=True)
    unsupported = {t.name: t.msg for t in run if UNSUPPORTED.search(t.msg)}
    assert not unsupported, f"modules that refuse group options: {unsupported}"
    failed = {t.name: t.msg for t in run if t.failed}
    assert not failed, f"modules that failed with the group defaults: {failed}"
    assert emulator.api_key not in run.stdout + run.stderr


def test_a_zero_wait_timeout_from_the_group_fails_naming_the_option(ansible_run: Any, emulator: Any) -> None:
    defaults = {"group/barrack.cloud.all": {**connection_options(emulator), "wait_timeout": 0}}
    run = ansible_run(
        [{"name": "ssh_key", "module_defaults": defaults, "barrack.cloud.ssh_key": ARGS["ssh_key"]}],
        allow_failures=True,
    )
    assert run[0].failed and "option 'wait_timeout'" in run[0].msg, run[0].msg
