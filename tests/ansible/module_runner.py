"""Run barrack.cloud modules in this process: each task's ``main()`` with its arguments, as ``ansible-playbook``
would pass them, and the JSON the module prints on exit (``exit_json`` / ``fail_json``) as its result.

``run_tasks(tasks, ...)`` takes the same task list and keywords as :func:`playbook.run_playbook` and returns the same
:class:`playbook.PlaybookRun`, so a module test reads the same either way. It knows only a module's ``main()``: the
arguments go in through ``AnsibleModule``'s documented test hook (``ansible.module_utils.basic._ANSIBLE_ARGS``, as
``ansible.module_utils.testing.patch_module_args`` sets it), the result comes out on stdout.

What a playbook does around a module and this runner reproduces: the task keywords ``check_mode``, ``diff``,
``register``, ``ignore_errors`` and ``module_defaults`` (``group/barrack.cloud.all`` and per module), ``{{ var.path }}``
expressions over registered results, the connection environment (``BARRACK_API_URL`` / ``BARRACK_API_KEY``), and
the marker tasks of ``task_writes.with_marks`` (a ``set_fact`` of one ``url`` lookup: sent with httpx). What it does
not: the action group's name resolution, ``-vvv`` display, ``no_log`` in the callback output, argument splitting —
those stay covered by the ``ansible-playbook`` runs (tests/ansible/modules/test_playbook_smoke.py and the collection
gates).
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import io
import json
import os
import re
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx
from playbook import REPO_ROOT, PlaybookRun, TaskResult

COLLECTION = "barrack.cloud"
# ansible-core >= 2.19: module warnings go to the controller's display once controller code has been imported
_HAS_AMBIENT = importlib.util.find_spec("ansible.module_utils._internal") is not None
TASK_KEYWORDS = frozenset({"name", "check_mode", "diff", "register", "ignore_errors", "module_defaults"})
GROUP = f"group/{COLLECTION}.all"
_EXPR = re.compile(r"^\{\{\s*([A-Za-z_][\w.]*)\s*\}\}$")
_URL_LOOKUP = re.compile(r"lookup\('ansible\.builtin\.url', '([^']+)'.*'Authorization': '([^']+)'")

if str(REPO_ROOT) not in sys.path:  # the collection of the checkout, importable as ansible_collections.barrack.cloud
    sys.path.insert(0, str(REPO_ROOT))


def _action(task: Mapping[str, Any]) -> str:
    actions = [key for key in task if key not in TASK_KEYWORDS]
    if len(actions) != 1:
        raise ValueError(f"a task needs exactly one action, got {actions}")
    return actions[0]


def _render(value: Any, variables: Mapping[str, Any]) -> Any:
    """``{{ name.key.key }}`` (a whole string) looked up in the registered results; other values as they are."""
    if isinstance(value, str):
        match = _EXPR.match(value)
        if not match:
            if "{{" in value:
                raise ValueError(f"only '{{{{ var.path }}}}' expressions are supported in-process: {value!r}")
            return value
        head, *path = match.group(1).split(".")
        found: Any = variables[head]
        for key in path:
            found = found[key]
        return found
    if isinstance(value, Mapping):
        return {k: _render(v, variables) for k, v in value.items()}
    if isinstance(value, list):
        return [_render(v, variables) for v in value]
    return value


@contextlib.contextmanager
def _environment(values: Mapping[str, str | None]) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    try:
        for key, value in values.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _module_args(args: Mapping[str, Any], *, check: bool, diff: bool, verbosity: int, tmpdir: Path) -> bytes:
    internal = {
        "_ansible_check_mode": check,
        "_ansible_diff": diff,
        "_ansible_verbosity": verbosity,
        "_ansible_no_log": False,
        "_ansible_debug": False,
        "_ansible_keep_remote_files": False,
        "_ansible_tmpdir": str(tmpdir),
        "_ansible_remote_tmp": str(tmpdir),
    }
    return json.dumps({"ANSIBLE_MODULE_ARGS": {**args, **internal}}).encode()


def run_module(
    name: str, args: Mapping[str, Any], *, check: bool = False, diff: bool = False, verbosity: int = 0, tmpdir: Path
) -> tuple[dict[str, Any], str]:
    """Run ``barrack.cloud.<name>``'s ``main()`` with ``args``; return (its result, what it wrote to stderr)."""
    from ansible.module_utils import basic
    from ansible.module_utils.common import warnings

    # A module process starts with no warnings or deprecations; in one process they would pile up across runs.
    for pending in ("_global_warnings", "_global_deprecations"):
        getattr(warnings, pending).clear()
    module = importlib.import_module(f"ansible_collections.barrack.cloud.plugins.modules.{name}")
    tmpdir.mkdir(parents=True, exist_ok=True)
    out, err = io.StringIO(), io.StringIO()
    patches: dict[tuple[Any, str], Any] = {
        (basic, "_ANSIBLE_ARGS"): _module_args(args, check=check, diff=diff, verbosity=verbosity, tmpdir=tmpdir)
    }
    if hasattr(basic, "_ANSIBLE_PROFILE"):  # ansible-core >= 2.19 also wants the serialization profile
        patches[basic, "_ANSIBLE_PROFILE"] = "legacy"
    ambient = importlib.import_module("ansible.module_utils._internal") if _HAS_AMBIENT else None
    if ambient is not None:  # a module is no controller, even when this process imported controller code before
        patches[ambient, "is_controller"] = False
    saved = {(owner, key): getattr(owner, key) for owner, key in patches}
    try:
        for (owner, key), value in patches.items():
            setattr(owner, key, value)
        # exit_json / fail_json print the result and end the module with sys.exit
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), contextlib.suppress(SystemExit):
            module.main()
    finally:
        for (owner, key), value in saved.items():
            setattr(owner, key, value)
    printed = out.getvalue().strip()
    if not printed:
        raise AssertionError(f"{COLLECTION}.{name} exited without a result\n--- stderr ---\n{err.getvalue()}")
    result: dict[str, Any] = json.loads(printed.splitlines()[-1])
    result.setdefault("changed", False)
    return {k: v for k, v in result.items() if not k.startswith("_ansible_")}, err.getvalue()


def _mark(args: Mapping[str, Any]) -> None:
    """The marker task of ``task_writes.mark_task``: one GET of the URL its lookup names."""
    match = _URL_LOOKUP.search(" ".join(str(value) for value in args.values()))
    if match is None:
        raise ValueError(f"only the marker tasks of task_writes are supported as set_fact in-process: {args}")
    httpx.get(match.group(1), headers={"Authorization": match.group(2)}, timeout=30).raise_for_status()


def run_tasks(
    tasks: Sequence[Mapping[str, Any]],
    *,
    workdir: Path,
    api_url: str | None = None,
    api_key: str | None = None,
    check: bool = False,
    diff: bool = False,
    allow_failures: bool = False,
    env: Mapping[str, str] | None = None,
    verbosity: int = 0,
) -> PlaybookRun:
    """Run ``tasks`` one after the other in this process; the first failure raises unless ``allow_failures``."""
    environment: dict[str, str | None] = {k: None for k in os.environ if k.startswith("BARRACK_")}
    environment.update({"BARRACK_API_URL": api_url, "BARRACK_API_KEY": api_key, **dict(env or {})})
    variables: dict[str, Any] = {}
    results: list[TaskResult] = []
    stderr: list[str] = []
    started = time.monotonic()
    with _environment(environment):
        for index, task in enumerate(tasks):
            name = str(task.get("name", f"task {index}"))
            action = _action(task)
            if action == "ansible.builtin.set_fact":
                _mark(task[action])
                results.append(TaskResult(name, action, "ok", {"changed": False}))
                continue
            args = _render(dict(task[action] or {}), variables)
            if not action.startswith(COLLECTION + "."):
                raise ValueError(f"only {COLLECTION} modules run in-process, not {action}")
            short = action.removeprefix(COLLECTION + ".")
            defaults = dict(task.get("module_defaults") or {})
            merged = {**defaults.get(GROUP, {}), **defaults.get(action, {}), **args}
            result, errors = run_module(
                short,
                merged,
                check=bool(task.get("check_mode", check)),
                diff=bool(task.get("diff", diff)),
                verbosity=verbosity,
                tmpdir=workdir / f"task{index}",
            )
            stderr.append(errors)
            failed = bool(result.get("failed"))
            results.append(TaskResult(name, action, "failed" if failed else "ok", result))
            if "register" in task:
                variables[str(task["register"])] = result
            if failed and not (allow_failures or task.get("ignore_errors")):
                raise AssertionError(f"task {name!r} failed: {result.get('msg')}")
    seconds = time.monotonic() - started
    stdout = "\n".join(json.dumps(t.result, default=str) for t in results)
    return PlaybookRun(rc=0, stdout=stdout, stderr="".join(stderr), seconds=seconds, tasks=results)
