"""Inventory of 500 instances with barrack.cloud.barrack: wall time and API calls, cold and with a warm cache.

python benchmarks/ansible_inventory.py [--instances 500] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from barrack_emulator.testing import start_emulator

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
REGIONS = ("CANADA-1", "FINLAND-1", "FINLAND-2", "FINLAND-3", "ICELAND-1")


def inventory(source: Path, api_url: str, api_key: str, work: Path) -> tuple[float, int]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "BARRACK_"))}
    env.update(
        BARRACK_API_URL=api_url,
        BARRACK_API_KEY=api_key,
        ANSIBLE_COLLECTIONS_PATH=str(ROOT),
        ANSIBLE_HOME=str(work / "ansible-home"),
        ANSIBLE_INVENTORY_UNPARSED_FAILED="true",
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    started = time.perf_counter()
    proc = subprocess.run(
        [str(BIN / "ansible-inventory"), "-i", str(source), "--list"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"ansible-inventory failed:\n{proc.stderr[-3000:]}")
    return seconds, len(json.loads(proc.stdout)["_meta"]["hostvars"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with start_emulator(delay_scale=0.0) as emu, tempfile.TemporaryDirectory(prefix="barrack-inv-") as tmp:
        work = Path(tmp)
        per_region, extra = divmod(args.instances, len(REGIONS))
        for i, region in enumerate(REGIONS):
            count = per_region + (1 if i < extra else 0)
            if count:
                emu.seed("instances", count, name_prefix=f"node-{region.lower()}", region=region)

        plain = work / "plain.barrack.yml"
        plain.write_text(
            yaml.safe_dump(
                {
                    "plugin": "barrack.cloud.barrack",
                    "keyed_groups": [{"key": "barrack_gpu_count | string", "prefix": "gpus"}],
                }
            )
        )
        cached = work / "cached.barrack.yml"
        cached.write_text(
            yaml.safe_dump(
                {
                    "plugin": "barrack.cloud.barrack",
                    "cache": True,
                    "cache_plugin": "ansible.builtin.jsonfile",
                    "cache_connection": str(work / "cache"),
                    "cache_timeout": 3600,
                }
            )
        )

        print(f"ansible-inventory --list over {args.instances} instances in {len(REGIONS)} regions")
        cold_times, calls = [], []
        for _ in range(args.runs):
            emu.clear_log()
            seconds, hosts = inventory(plain, emu.base_url, emu.api_key, work)
            cold_times.append(seconds)
            calls.append(len(emu.request_log()))
            assert hosts == args.instances, f"expected {args.instances} hosts, got {hosts}"
        print(
            f"no cache : {statistics.median(cold_times):5.2f} s median of {args.runs} "
            f"(min {min(cold_times):.2f}), {calls[0]} API calls per run "
            f"({calls[0]} list pages of up to 100), {hosts} hosts"
        )

        emu.clear_log()
        fill_s, _ = inventory(cached, emu.base_url, emu.api_key, work)
        fill_calls = len(emu.request_log())
        emu.clear_log()
        warm = [inventory(cached, emu.base_url, emu.api_key, work)[0] for _ in range(args.runs)]
        warm_calls = len(emu.request_log())
        print(f"cache cold: {fill_s:5.2f} s, {fill_calls} API calls")
        print(
            f"cache warm: {statistics.median(warm):5.2f} s median of {args.runs}, {warm_calls} API calls in "
            f"{args.runs} runs"
        )

        emu.clear_log()
        started = time.perf_counter()
        subprocess.run([str(BIN / "ansible-inventory"), "--version"], capture_output=True, check=True)
        print(f"(baseline: `ansible-inventory --version` takes {time.perf_counter() - started:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
