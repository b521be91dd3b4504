"""No-op re-run of examples/ansible/provision.yml (22 resources): API calls per resource on the second run.

Runs the playbook twice against a fresh emulator (instant transitions, no rate limit) and counts the requests of
the second run from the emulator's request log. Target: <= 1 read and 0 writes per managed resource.
A third, per-task pass (`--tags <task>`, one at a time) attributes the reads to the task that made them (the
instance task also reads the SSH keys, volumes, firewalls and scripts it references).

    python benchmarks/ansible_noop_rerun.py [--keep]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from barrack_emulator.testing import start_emulator

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "ansible"
BIN = Path(sys.executable).parent
RESOURCES = {"ssh key": 10, "startup script": 2, "volume": 6, "firewall": 2, "instance": 2}
TAGS = {
    "ssh key": "ssh_keys",
    "startup script": "startup_scripts",
    "volume": "volumes",
    "firewall": "firewalls",
    "instance": "instances",
}
READ_ONLY_POSTS = {"POST /pricing/"}
KIND_OF_ROUTE = (
    ("/ssh-keys/", "ssh key"),
    ("/scripts/", "startup script"),
    ("/volumes/", "volume"),
    ("/firewalls/", "firewall"),
    ("/instances/", "instance"),
)


def ansible_env(api_url: str, api_key: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "BARRACK_"))}
    env.update(
        BARRACK_API_URL=api_url,
        BARRACK_API_KEY=api_key,
        ANSIBLE_COLLECTIONS_PATH=str(ROOT),
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        ANSIBLE_NOCOLOR="1",
    )
    return env


def run_playbook(name: str, env: dict[str, str], *args: str) -> tuple[float, dict[str, int]]:
    started = time.perf_counter()
    proc = subprocess.run(
        [str(BIN / "ansible-playbook"), name, *args],
        cwd=EXAMPLES,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"{name} failed (rc={proc.returncode}):\n{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}")
    recap = re.search(r"localhost\s*:\s*ok=(\d+)\s+changed=(\d+)", proc.stdout)
    if not recap:
        sys.exit(f"no PLAY RECAP in the output of {name}:\n{proc.stdout[-2000:]}")
    return seconds, {"ok": int(recap.group(1)), "changed": int(recap.group(2))}


def kind_of(route: str) -> str:
    for prefix, kind in KIND_OF_ROUTE:
        if route.startswith(prefix):
            return kind
    return "other"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="do not run teardown.yml at the end")
    args = parser.parse_args()
    total = sum(RESOURCES.values())

    with start_emulator(delay_scale=0.0) as emu:
        env = ansible_env(emu.base_url, emu.api_key)
        first_s, first = run_playbook("provision.yml", env)
        first_calls = len(emu.request_log())
        emu.clear_log()
        second_s, second = run_playbook("provision.yml", env)
        log = emu.request_log()
        per_task: dict[str, list[dict[str, str]]] = {}
        for kind, tag in TAGS.items():
            emu.clear_log()
            run_playbook("provision.yml", env, "--tags", tag)
            per_task[kind] = emu.request_log()
        if not args.keep:
            run_playbook("teardown.yml", env)

    def is_read(entry: dict[str, str]) -> bool:
        return entry["method"] == "GET" or f"{entry['method']} {entry['route']}" in READ_ONLY_POSTS

    reads = [e for e in log if is_read(e)]
    writes = [e for e in log if not is_read(e)]
    by_route = Counter(f"{e['method']} {e['route']}" for e in log)

    print(
        f"examples/ansible/provision.yml manages {total} resources: "
        + ", ".join(f"{n} {k}s" for k, n in RESOURCES.items())
    )
    print(f"first run : {first_s:6.2f} s, changed={first['changed']}, {first_calls} API calls")
    print(
        f"second run: {second_s:6.2f} s, changed={second['changed']}, {len(log)} API calls "
        f"({len(reads)} reads, {len(writes)} writes)"
    )
    print(
        f"no-op re-run: {len(reads) / total:.2f} reads/resource, {len(writes) / total:.2f} writes/resource "
        "(target <= 1 read, 0 writes)"
    )
    print("no-op calls per task (third pass, one task at a time):")
    for kind, count in RESOURCES.items():
        entries = per_task[kind]
        task_reads = sum(1 for e in entries if is_read(e))
        own = sum(1 for e in entries if is_read(e) and kind_of(e["route"]) == kind)
        print(
            f"  {kind:15s} x{count:2d}: {task_reads:3d} reads = {task_reads / count:.2f}/resource "
            f"({own} of its own kind, {task_reads - own} for references), "
            f"{len(entries) - task_reads} writes"
        )
    print("requests of the second run by route:")
    for route, count in sorted(by_route.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {count:4d}  {route}")
    ok = second["changed"] == 0 and not writes and len(reads) <= total
    print("RESULT:", "PASS" if ok else "FAIL (target missed)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
