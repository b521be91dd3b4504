"""Per-task wall time of barrack.cloud.balance_info vs ansible.builtin.uri doing the same GET, in one playbook run,
from the INSTALLED tarball.

scripts/build-collection builds the tarball; it is installed with ``ansible-galaxy collection install`` into a clean
ansible-core virtualenv (scripts/ansible-venv: ansible-core + requirements.txt, no checkout on the path), so the
modules use the vendored client as a user's would. The play alternates the two tasks (N of each, default 10)
against the emulator; a small callback records each task's start and end time. Module start-up counts (AnsiballZ,
imports of the vendored client). Target: median ratio <= 1.0.

    python benchmarks/ansible_module_vs_uri.py [--tasks 10] [--release 2.19] [--pipelining both|on|off]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from barrack_emulator.testing import start_emulator

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

TIMING_CALLBACK = '''
import json, os, time
from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: task_timing
type: aggregate
short_description: per-task wall time as JSON lines
description: [Writes task name, action and seconds to E(TASK_TIMING_FILE).]
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "task_timing"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._start = {}

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._start[task._uuid] = time.perf_counter()

    def _done(self, result, status):
        task = result._task
        seconds = time.perf_counter() - self._start.get(task._uuid, time.perf_counter())
        with open(os.environ["TASK_TIMING_FILE"], "a") as fh:
            fh.write(json.dumps({"name": task.get_name(), "action": task.action, "status": status,
                                 "seconds": seconds}) + "\\n")

    def v2_runner_on_ok(self, result):
        self._done(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._done(result, "failed")
'''


def playbook(n: int, python: Path) -> list[dict[str, object]]:
    tasks: list[dict[str, object]] = []
    for i in range(n):
        tasks.append({"name": f"module {i}", "barrack.cloud.balance_info": {}})
        tasks.append(
            {
                "name": f"uri {i}",
                "ansible.builtin.uri": {
                    "url": "{{ lookup('ansible.builtin.env', 'BARRACK_API_URL') }}/balance/",
                    "headers": {"Authorization": "Bearer {{ lookup('ansible.builtin.env', 'BARRACK_API_KEY') }}"},
                    "return_content": True,
                },
                "no_log": True,
            }
        )
    return [
        {
            "name": "balance_info vs uri",
            "hosts": "localhost",
            "connection": "local",
            "gather_facts": False,
            "vars": {"ansible_python_interpreter": str(python)},
            "tasks": tasks,
        }
    ]


def last_line(cmd: list[str], env: dict[str, str] | None = None) -> Path:
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    if proc.returncode != 0:
        sys.exit(f"{cmd[0]} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return Path(proc.stdout.strip().splitlines()[-1])


def install_tarball(release: str, work: Path) -> tuple[Path, Path]:
    """Build the tarball, install it into the release's clean venv; returns (venv, collections path)."""
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    tarball = last_line([sys.executable, str(ROOT / "scripts" / "build-collection"), "--output-path", str(work)], env)
    venv = last_line([str(ROOT / "scripts" / "ansible-venv"), release])
    collections = work / "collections"
    last_line([str(venv / "bin" / "ansible-galaxy"), "collection", "install", str(tarball), "-p", str(collections)])
    return venv, collections


def run(
    n: int, pipelining: bool, api_url: str, api_key: str, work: Path, venv: Path, collections: Path
) -> dict[str, list[float]]:
    (work / "callbacks").mkdir(exist_ok=True)
    (work / "callbacks" / "task_timing.py").write_text(TIMING_CALLBACK, encoding="utf-8")
    (work / "bench.yml").write_text(json.dumps(playbook(n, venv / "bin" / "python")), encoding="utf-8")
    timings = work / f"timings-{pipelining}.jsonl"
    timings.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "BARRACK_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(
        BARRACK_API_URL=api_url,
        BARRACK_API_KEY=api_key,
        ANSIBLE_COLLECTIONS_PATH=str(collections),
        ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
        ANSIBLE_HOME=str(work / "ansible-home"),
        ANSIBLE_CALLBACK_PLUGINS=str(work / "callbacks"),
        ANSIBLE_CALLBACKS_ENABLED="task_timing",
        TASK_TIMING_FILE=str(timings),
        ANSIBLE_PIPELINING="true" if pipelining else "false",
        ANSIBLE_LOCALHOST_WARNING="false",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
        PYTHONNOUSERSITE="1",
        PATH=f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    proc = subprocess.run(
        [str(venv / "bin" / "ansible-playbook"), "-i", "localhost,", str(work / "bench.yml")],
        env=env,
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.exit(f"benchmark playbook failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}")
    result: dict[str, list[float]] = {"module": [], "uri": []}
    for line in timings.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        result["module" if item["action"].endswith("balance_info") else "uri"].append(item["seconds"])
    return result


def module_cpu(n: int, api_url: str, api_key: str, work: Path, venv: Path, collections: Path) -> dict[str, float]:
    """Median CPU seconds (user + system) of one module process, balance_info vs uri: the AnsiballZ files of a
    one-task-each play (kept with ANSIBLE_KEEP_REMOTE_FILES) run ``n`` times each, alternating. CPU time is what the
    module costs; it varies far less than wall time on a loaded machine."""
    keep = work / "remote-tmp"
    shutil.rmtree(keep, ignore_errors=True)
    keep.mkdir()
    (work / "once.yml").write_text(json.dumps(playbook(1, venv / "bin" / "python")), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "BARRACK_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(
        BARRACK_API_URL=api_url,
        BARRACK_API_KEY=api_key,
        ANSIBLE_COLLECTIONS_PATH=str(collections),
        ANSIBLE_HOME=str(work / "ansible-home"),
        ANSIBLE_KEEP_REMOTE_FILES="1",
        ANSIBLE_REMOTE_TMP=str(keep),
        PYTHONNOUSERSITE="1",
    )
    proc = subprocess.run(
        [str(venv / "bin" / "ansible-playbook"), "-i", "localhost,", str(work / "once.yml")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=work,
    )
    if proc.returncode != 0:
        sys.exit(f"benchmark playbook failed:\n{proc.stdout[-4000:]}")
    files = {"module": next(keep.rglob("AnsiballZ_balance_info.py")), "uri": next(keep.rglob("AnsiballZ_uri.py"))}
    cpu: dict[str, list[float]] = {"module": [], "uri": []}
    for _ in range(n):
        for kind, path in files.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([str(venv / "bin" / "python"), str(path)], env=env, capture_output=True, check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[kind].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return {kind: statistics.median(values) for kind, values in cpu.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10, help="tasks of each kind (default 10)")
    parser.add_argument("--release", default="2.19", help="ansible-core release of the matrix (default 2.19)")
    parser.add_argument("--pipelining", choices=("both", "on", "off"), default="off")
    args = parser.parse_args()
    modes = {"both": (False, True), "on": (True,), "off": (False,)}[args.pipelining]

    with start_emulator(delay_scale=0.0) as emu, tempfile.TemporaryDirectory(prefix="barrack-bench-") as tmp:
        venv, collections = install_tarball(args.release, Path(tmp))
        version = subprocess.run([str(venv / "bin" / "python"), "-V"], capture_output=True, text=True, check=False)
        print(
            f"{args.tasks} x barrack.cloud.balance_info vs {args.tasks} x ansible.builtin.uri GET /balance/, "
            f"alternating in one play; the installed tarball on ansible-core {args.release}, "
            f"{version.stdout.strip()}"
        )
        for pipelining in modes:
            times = run(args.tasks, pipelining, emu.base_url, emu.api_key, Path(tmp), venv, collections)
            # The first task of a run also pays for loading the collection; report medians and means.
            med_m, med_u = statistics.median(times["module"]), statistics.median(times["uri"])
            mean_m, mean_u = statistics.fmean(times["module"]), statistics.fmean(times["uri"])
            print(
                f"pipelining={'on ' if pipelining else 'off'}: balance_info median {med_m * 1000:6.1f} ms "
                f"(mean {mean_m * 1000:6.1f}), uri median {med_u * 1000:6.1f} ms (mean {mean_u * 1000:6.1f}); "
                f"ratio median {med_m / med_u:.2f}, mean {mean_m / mean_u:.2f} (target <= 1.0)"
            )
        cpu = module_cpu(args.tasks, emu.base_url, emu.api_key, Path(tmp), venv, collections)
        print(
            f"module process CPU (user+sys), median of {args.tasks} alternating runs: balance_info "
            f"{cpu['module'] * 1000:.0f} ms, uri {cpu['uri'] * 1000:.0f} ms; ratio {cpu['module'] / cpu['uri']:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
