"""`module_defaults` for `group/barrack.cloud.all`: every module accepts every connection option (the README's list
is the doc fragment's), and wait/wait_timeout belong to per-module defaults of the modules that wait."""

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
    """A value for every connection option of the doc fragment (the test fails when one is added without one)."""
    values = {
        "api_key": emulator.api_key,
        "api_url": emulator.base_url,
        "api_timeout": 30,
        "api_retries": 2,
        "validate_certs": False,
        "auth_header": "Authorization",
        "auth_scheme": "Bearer",
        "allow_insecure_http": False,
    }
    options = fragment_options()
    assert set(options) <= set(values), f"give the new connection options a value here: {set(options) - set(values)}"
    return {k: v for k, v in values.items() if k in options}


def waiting_modules() -> list[str]:
    """Modules whose argument spec includes the wait options (``barrack_module(..., wait=True)``)."""
    return [
        m
        for m in action_group_modules()
        if "wait=True" in (COLLECTION / "plugins" / "modules" / f"{m}.py").read_text(encoding="utf-8")
    ]


def test_readme_lists_the_group_options() -> None:
    readme = (COLLECTION / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Common options and `module_defaults`", 1)[1].split("\n## ", 1)[0]
    for option in fragment_options():
        assert f"`{option}`" in section, f"the README's module_defaults section does not name {option}"
    for option in fragment_options("WAIT"):
        assert f"`{option}`" in section, f"the README does not say where {option} goes"


def test_group_defaults_with_every_connection_option_reach_every_module(ansible_run: Any, emulator: Any) -> None:
    group = {"group/barrack.cloud.all": connection_options(emulator)}
    waits = set(waiting_modules())
    assert waits, "no module declares the wait options"
    tasks = []
    for module in action_group_modules():
        defaults = dict(group)
        if module in waits:
            defaults[f"barrack.cloud.{module}"] = {"wait": True, "wait_timeout": 120}
        tasks.append({"name": module, "module_defaults": defaults, f"barrack.cloud.{module}": ARGS.get(module, {})})
    # no key nor URL in the environment: the group defaults are the only source
    run = ansible_run(tasks, api_url=None, api_key=None, allow_failures=True)
    unsupported = {t.name: t.msg for t in run if UNSUPPORTED.search(t.msg)}
    assert not unsupported, f"modules that refuse group options: {unsupported}"
    failed = {t.name: t.msg for t in run if t.failed}
    assert not failed, f"modules that failed with the group defaults: {failed}"
    assert emulator.api_key not in run.stdout + run.stderr


def test_wait_options_do_not_belong_in_the_group(ansible_run: Any, emulator: Any) -> None:
    """What the README says: a module that does not wait refuses ``wait`` from the group, so it goes per module."""
    waits = set(waiting_modules())
    others = [m for m in action_group_modules() if m not in waits]
    assert others, "every module waits: the README's advice would be moot"
    defaults = {"group/barrack.cloud.all": {**connection_options(emulator), "wait_timeout": 120}}
    run = ansible_run(
        [{"name": others[0], "module_defaults": defaults, f"barrack.cloud.{others[0]}": ARGS.get(others[0], {})}],
        allow_failures=True,
    )
    assert run[0].failed and UNSUPPORTED.search(run[0].msg) and "wait_timeout" in run[0].msg, run[0].msg
