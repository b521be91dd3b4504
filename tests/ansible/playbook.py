"""Run a list of Ansible tasks as a playbook through ``ansible-playbook`` and return per-task results.

Usage from tests (see ``tests/ansible/conftest.py`` for the ``ansible_run`` fixture bound to the emulator)::

    run = ansible_run([
        {"name": "create", "barrack.cloud.ssh_key": {"name": "k1", "public_key": KEY}},
        {"name": "again", "barrack.cloud.ssh_key": {"name": "k1", "public_key": KEY}},
    ], diff=True)
    assert run[0].changed and not run[1].changed
    assert run["again"].result["barrack_ssh_key"]["name"] == "k1"

Every task runs on localhost with ``connection: local`` and the test's Python as interpreter. Results come from a
small aggregate callback (``callback_plugins/barrack_results.py``) that writes one JSON line per task.
With ``allow_failures=True`` every task gets ``ignore_errors: true`` so one run can check several failures;
otherwise the first failure raises ``AssertionError`` with the task's message.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
CALLBACK_DIR = HERE / "callback_plugins"

# POSTs that only read (the pricing query); everything else that is not a GET writes.
READ_ONLY_POSTS = frozenset({"POST /pricing/"})


def write_count(counts: Mapping[str, int]) -> int:
    """Number of write requests in an emulator ``request_counts()`` mapping."""
    return sum(n for key, n in counts.items() if not key.startswith("GET ") and key not in READ_ONLY_POSTS)


def writes_of(counts: Mapping[str, int]) -> dict[str, int]:
    """The write requests of a ``request_counts()`` mapping (for readable assertion messages)."""
    return {k: n for k, n in counts.items() if not k.startswith("GET ") and k not in READ_ONLY_POSTS and n}


@dataclass
class TaskResult:
    """One task's outcome: ``status`` is ok, failed, skipped or unreachable; ``result`` the module's return."""

    name: str
    action: str
    status: str
    result: dict[str, Any]

    @property
    def changed(self) -> bool:
        return bool(self.result.get("changed"))

    @property
    def failed(self) -> bool:
        return self.status in ("failed", "unreachable")

    @property
    def msg(self) -> str:
        return str(self.result.get("msg", ""))

    @property
    def warnings(self) -> list[str]:
        return [str(w) for w in self.result.get("warnings", []) or []]

    @property
    def diff(self) -> dict[str, Any]:
        diff = self.result.get("diff") or {}
        if isinstance(diff, list):  # ansible may wrap diffs in a list
            diff = diff[0] if diff else {}
        return dict(diff)

    def __getitem__(self, key: str) -> Any:
        return self.result[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.result.get(key, default)


@dataclass
class PlaybookRun:
    """Outcome of one ``ansible-playbook`` run: per-task results in execution order, plus raw output."""

    rc: int
    stdout: str
    stderr: str
    seconds: float
    tasks: list[TaskResult] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.tasks)

    def __iter__(self) -> Iterator[TaskResult]:
        return iter(self.tasks)

    def __getitem__(self, key: int | str) -> TaskResult:
        if isinstance(key, int):
            return self.tasks[key]
        for task in self.tasks:
            if task.name == key:
                return task
        raise KeyError(f"no task named {key!r} in {[t.name for t in self.tasks]}")

    def output(self) -> str:
        return f"rc={self.rc}\n--- stdout ---\n{self.stdout}\n--- stderr ---\n{self.stderr}"


def _ansible_playbook() -> str:
    local = Path(sys.executable).with_name("ansible-playbook")
    if local.exists():
        return str(local)
    found = shutil.which("ansible-playbook")
    if not found:
        raise RuntimeError("ansible-playbook not found (pip install ansible-core)")
    return found


def _name_tasks(tasks: Sequence[Mapping[str, Any]], allow_failures: bool) -> list[dict[str, Any]]:
    named = []
    for index, task in enumerate(tasks):
        task = dict(task)
        task.setdefault("name", f"task {index}")
        if allow_failures:
            task.setdefault("ignore_errors", True)
        named.append(task)
    return named


def prepare_playbook(
    tasks: Sequence[Mapping[str, Any]],
    *,
    workdir: Path,
    api_url: str | None = None,
    api_key: str | None = None,
    check: bool = False,
    diff: bool = False,
    allow_failures: bool = False,
    extra_vars: Mapping[str, Any] | None = None,
    play_vars: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    verbosity: int = 0,
) -> tuple[list[str], dict[str, str], Path]:
    """Write the playbook of ``tasks`` into ``workdir``: (command, environment, results file) to run it."""
    workdir.mkdir(parents=True, exist_ok=True)
    results_file = workdir / "results.jsonl"
    results_file.unlink(missing_ok=True)
    playbook = workdir / "playbook.yml"
    play = {
        "name": "barrack test play",
        "hosts": "localhost",
        "connection": "local",
        "gather_facts": False,
        "vars": {"ansible_python_interpreter": sys.executable, **dict(play_vars or {})},
        "tasks": _name_tasks(tasks, allow_failures),
    }
    playbook.write_text(json.dumps([play], indent=1), encoding="utf-8")

    run_env = {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "BARRACK_"))}
    run_env.update(
        {
            "ANSIBLE_COLLECTIONS_PATH": str(REPO_ROOT),
            "ANSIBLE_CALLBACK_PLUGINS": str(CALLBACK_DIR),
            "ANSIBLE_CALLBACKS_ENABLED": "barrack_results",
            "BARRACK_RESULTS_FILE": str(results_file),
            "ANSIBLE_HOME": str(workdir / "ansible-home"),
            "ANSIBLE_LOCAL_TEMP": str(workdir / "tmp-local"),
            "ANSIBLE_REMOTE_TMP": str(workdir / "tmp-remote"),
            "ANSIBLE_PIPELINING": "true",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "false",
            "ANSIBLE_DEPRECATION_WARNINGS": "false",
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        }
    )
    if api_url is not None:
        run_env["BARRACK_API_URL"] = api_url
    if api_key is not None:
        run_env["BARRACK_API_KEY"] = api_key
    run_env.update(env or {})

    cmd = [_ansible_playbook(), "-i", "localhost,", str(playbook)]
    if check:
        cmd.append("--check")
    if diff:
        cmd.append("--diff")
    if verbosity:
        cmd.append("-" + "v" * verbosity)
    if extra_vars:
        cmd += ["--extra-vars", json.dumps(dict(extra_vars))]
    return cmd, run_env, results_file


def run_playbook(
    tasks: Sequence[Mapping[str, Any]],
    *,
    api_url: str | None = None,
    api_key: str | None = None,
    check: bool = False,
    diff: bool = False,
    allow_failures: bool = False,
    extra_vars: Mapping[str, Any] | None = None,
    play_vars: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    verbosity: int = 0,
    workdir: Path | None = None,
    timeout: float = 300,
) -> PlaybookRun:
    """Run ``tasks`` in one play on localhost and return the per-task results."""
    workdir = Path(workdir or tempfile.mkdtemp(prefix="barrack-ansible-"))
    cmd, run_env, results_file = prepare_playbook(
        tasks,
        workdir=workdir,
        api_url=api_url,
        api_key=api_key,
        check=check,
        diff=diff,
        allow_failures=allow_failures,
        extra_vars=extra_vars,
        play_vars=play_vars,
        env=env,
        verbosity=verbosity,
    )
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=workdir, env=run_env, capture_output=True, text=True, timeout=timeout, check=False)
    seconds = time.monotonic() - started

    results = []
    if results_file.exists():
        for line in results_file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                results.append(TaskResult(item["task"], item["action"], item["status"], item["result"]))
    run = PlaybookRun(rc=proc.returncode, stdout=proc.stdout, stderr=proc.stderr, seconds=seconds, tasks=results)

    if not allow_failures:
        failed = [t for t in results if t.failed]
        if failed:
            raise AssertionError(f"task {failed[0].name!r} failed: {failed[0].msg}\n{run.output()}")
        if proc.returncode != 0 or len(results) != len(tasks):
            raise AssertionError(f"ansible-playbook did not run all {len(tasks)} tasks\n{run.output()}")
    elif len(results) != len(tasks):
        raise AssertionError(f"expected {len(tasks)} task results, got {len(results)}\n{run.output()}")
    return run
