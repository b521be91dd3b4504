"""Per-task wall time of barrack.cloud.volume_info vs ansible.builtin.uri doing the same GET, in one playbook run.

The play alternates the two tasks (N of each, default 20) against the emulator; a small callback records each
task's start and end time. Module start-up counts (AnsiballZ, imports of the shared client). Target: ratio <= 1.0.

    python benchmarks/ansible_module_vs_uri.py [--tasks 20] [--pipelining both|on|off]
"""

from __future__ import annotations

import argparse
import json
import os
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


def playbook(n: int) -> list[dict[str, object]]:
    tasks: list[dict[str, object]] = []
    for i in range(n):
        tasks.append({"name": f"module {i}", "barrack.cloud.volume_info": {}})
        tasks.append(
            {
                "name": f"uri {i}",
                "ansible.builtin.uri": {
                    "url": "{{ lookup('ansible.builtin.env', 'BARRACK_API_URL') }}/volumes/?page=1&page_size=100",
                    "headers": {"Authorization": "Bearer {{ lookup('ansible.builtin.env', 'BARRACK_API_KEY') }}"},
                    "return_content": True,
                },
                "no_log": True,
            }
        )
    return [
        {
            "name": "volume_info vs uri",
            "hosts": "localhost",
            "connection": "local",
            "gather_facts": False,
            "vars": {"ansible_python_interpreter": sys.executable},
            "tasks": tasks,
        }
    ]


def run(n: int, pipelining: bool, api_url: str, api_key: str, work: Path) -> dict[str, list[float]]:
    (work / "callbacks").mkdir(exist_ok=True)
    (work / "callbacks" / "task_timing.py").write_text(TIMING_CALLBACK, encoding="utf-8")
    (work / "bench.yml").write_text(json.dumps(playbook(n)), encoding="utf-8")
    timings = work / f"timings-{pipelining}.jsonl"
    timings.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "BARRACK_"))}
    env.update(
        BARRACK_API_URL=api_url,
        BARRACK_API_KEY=api_key,
        ANSIBLE_COLLECTIONS_PATH=str(ROOT),
        ANSIBLE_CALLBACK_PLUGINS=str(work / "callbacks"),
        ANSIBLE_CALLBACKS_ENABLED="task_timing",
        TASK_TIMING_FILE=str(timings),
        ANSIBLE_PIPELINING="true" if pipelining else "false",
        ANSIBLE_LOCALHOST_WARNING="false",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    proc = subprocess.run(
        [str(BIN / "ansible-playbook"), "-i", "localhost,", str(work / "bench.yml")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.exit(f"benchmark playbook failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}")
    result: dict[str, list[float]] = {"module": [], "uri": []}
    for line in timings.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        result["module" if item["action"].endswith("volume_info") else "uri"].append(item["seconds"])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=20, help="tasks of each kind (default 20)")
    parser.add_argument("--pipelining", choices=("both", "on", "off"), default="both")
    args = parser.parse_args()
    modes = {"both": (False, True), "on": (True,), "off": (False,)}[args.pipelining]

    with start_emulator(delay_scale=0.0) as emu, tempfile.TemporaryDirectory(prefix="barrack-bench-") as tmp:
        emu.seed("volumes", 10, region="FINLAND-1")
        print(
            f"{args.tasks} x barrack.cloud.volume_info vs {args.tasks} x ansible.builtin.uri GET /volumes/ "
            f"(10 volumes), interleaved in one play, python {sys.version.split()[0]}"
        )
        for pipelining in modes:
            times = run(args.tasks, pipelining, emu.base_url, emu.api_key, Path(tmp))
            # The first task of a run also pays for loading the collection; report medians and means.
            med_m, med_u = statistics.median(times["module"]), statistics.median(times["uri"])
            mean_m, mean_u = statistics.fmean(times["module"]), statistics.fmean(times["uri"])
            print(
                f"pipelining={'on ' if pipelining else 'off'}: volume_info median {med_m * 1000:6.1f} ms "
                f"(mean {mean_m * 1000:6.1f}), uri median {med_u * 1000:6.1f} ms (mean {mean_u * 1000:6.1f}); "
                f"ratio median {med_m / med_u:.2f}, mean {mean_m / mean_u:.2f} (target <= 1.0)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
