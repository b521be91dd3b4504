"""``pulumi up`` of 20 volumes vs 2 volumes with a ~1 s volume create (target: ratio <= 1.5), and the peak number
of creates in flight at the emulator during an ``up`` of 20 volumes whose create requests take 1 s each.

The plain ``pulumi`` CLI in a program folder (file backend) against an in-process emulator. The engine runs up to
``--parallel`` operations at once (default: 4 per CPU core, so 8 on 2 cores: passed as 32 here); the dynamic-provider
process serves them with the pool ``pulumi_barrack`` raises (``BARRACK_PROVIDER_WORKERS``, default 64; Pulumi's own
default is 4 workers).

    .venv/bin/python benchmarks/pulumi_parallelism.py [--repeat 1] [--workers N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from barrack_demo.pulumi_cli import Program, Workspace, find_engine

TARGET_RATIO = 1.5
VOLUME_CREATE_SECONDS = 10.0  # the emulator's base duration of volume.creating (barrack_emulator/catalogue.py)
PARALLEL = "32"
PROGRAM = """import pulumi_barrack as barrack

for i in range({count}):
    barrack.Volume(f"v{{i}}", name=f"{prefix}-{{i}}", region="CANADA-1", size_gb=100, volume_type="SSD")
"""


def stack_of(ws: Workspace, emu: Any, count: int, workers: str | None) -> Program:
    """A program folder declaring ``count`` volumes, with an initialised stack bound to ``emu``."""
    name = f"par{count}-{time.monotonic_ns()}"
    program = ws.new_program(name, PROGRAM.format(count=count, prefix=name), stack="bench", api_key=emu.api_key,
                             api_url=emu.base_url)  # fmt: skip
    if workers:
        program.env["BARRACK_PROVIDER_WORKERS"] = workers
    return program


def timed_up(ws: Workspace, emu: Any, count: int, workers: str | None) -> tuple[float, float]:
    """Seconds of ``up`` and of ``destroy`` of a stack of ``count`` volumes."""
    program = stack_of(ws, emu, count, workers)
    t0 = time.perf_counter()
    program.up("--skip-preview", "--parallel", PARALLEL)
    up = time.perf_counter() - t0
    t0 = time.perf_counter()
    program.destroy("--parallel", PARALLEL)
    return up, time.perf_counter() - t0


def peak_creates(ws: Workspace, emu: Any, workers: str | None) -> int:
    """Peak number of ``POST /volumes/`` served at once during an ``up`` of 20 volumes with 1 s create requests."""
    emu.add_fault("POST", "/volumes/", "slow", times=20, seconds=1)
    program = stack_of(ws, emu, 20, workers)
    emu.clear_log()
    program.up("--skip-preview", "--parallel", PARALLEL)
    peak = httpx.get(emu.admin_url + "/requests/in-flight", timeout=30).json()["peak"].get("POST /volumes/", 0)
    program.destroy("--parallel", PARALLEL)
    return int(peak)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (the best is kept)")
    parser.add_argument("--workers", help="BARRACK_PROVIDER_WORKERS for the provider process (4 = Pulumi's default)")
    args = parser.parse_args()
    from barrack_emulator.testing import start_emulator

    scale = 1.0 / VOLUME_CREATE_SECONDS
    with tempfile.TemporaryDirectory(prefix="bench-par-") as tmp, start_emulator(delay_scale=scale) as emu:
        ws = Workspace(find_engine(), Path(tmp), "bench")
        timed_up(ws, emu, 1, args.workers)  # warm-up: first engine start, plugin discovery
        results: dict[int, tuple[float, float]] = {}
        for count in (2, 20):
            runs = [timed_up(ws, emu, count, args.workers) for _ in range(args.repeat)]
            results[count] = min(runs)
            print(f"{count:>2} volumes: up {results[count][0]:5.1f} s, destroy {results[count][1]:5.1f} s")
        emu.configure(delay_scale=0.0)
        peak = peak_creates(ws, emu, args.workers)
    ratio = results[20][0] / results[2][0]
    print(f"\nvolume create ~1 s (delay scale {scale}); 20 volumes one after another would need >= 20 s")
    print(f"ratio up(20)/up(2) = {ratio:.2f}; target <= {TARGET_RATIO}: {'PASS' if ratio <= TARGET_RATIO else 'MISS'}")
    print(f"peak creates in flight during up(20) with 1 s create requests: {peak} (target >= 16)")
    return 0 if ratio <= TARGET_RATIO and peak >= 16 else 1


if __name__ == "__main__":
    sys.exit(main())
