"""The native ``barrack`` plugin under the plain ``pulumi`` CLI with a YAML program: ``up`` of 20 vs 2 volumes with
~1 s volume creates (target: ratio <= 1.3), API calls of a ``preview`` of an unchanged stack (target: 0), Pulumi
state bytes per resource, and the time of schema + SDK generation.

    .venv/bin/python benchmarks/pulumi_native.py [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from barrack_demo.pulumi_cli import Program, Workspace, find_engine

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 1.3
VOLUME_CREATE_SECONDS = 10.0  # the emulator's base duration of volume.creating (barrack_emulator/catalogue.py)
PARALLEL = "32"
PLUGIN_DIR = Path(sys.executable).parent


def stack_of(ws: Workspace, emu: Any, count: int) -> Program:
    """A YAML program of ``count`` volumes through the plugin of this venv, with an initialised stack."""
    name = f"native{count}-{time.monotonic_ns()}"
    folder = ws.root / "work" / name
    folder.mkdir(parents=True)
    volumes = {
        f"v{i}": {
            "type": "barrack:index:Volume",
            "properties": {"region": "CANADA-1", "sizeGb": 100, "volumeType": "SSD"},
        }
        for i in range(count)
    }
    doc = {"name": name, "runtime": "yaml", "plugins": {"providers": [{"name": "barrack", "path": str(PLUGIN_DIR)}]},
           "resources": volumes}  # fmt: skip
    (folder / "Pulumi.yaml").write_text(yaml.safe_dump(doc))
    program = Program(ws, folder, "bench")
    program.init(api_key=emu.api_key, api_url=emu.base_url)
    return program


def timed_up(ws: Workspace, emu: Any, count: int) -> float:
    program = stack_of(ws, emu, count)
    t0 = time.perf_counter()
    program.up("--skip-preview", "--parallel", PARALLEL)
    up = time.perf_counter() - t0
    program.destroy("--parallel", PARALLEL)
    return up


def preview_calls_and_state(ws: Workspace, emu: Any, count: int) -> tuple[int, float]:
    """(API calls of a preview of an unchanged stack of ``count`` volumes, state bytes per resource)."""
    program = stack_of(ws, emu, count)
    program.up("--skip-preview", "--parallel", PARALLEL)
    emu.clear_log()
    program.preview("--expect-no-changes")
    calls = len(emu.request_log())
    deployment = program.export()["deployment"]
    resources = [r for r in deployment["resources"] if r["type"] == "barrack:index:Volume"]
    per_resource = sum(len(json.dumps(r)) for r in resources) / len(resources)
    program.destroy("--parallel", PARALLEL)
    return calls, per_resource


def sdk_generation_seconds() -> float:
    t0 = time.perf_counter()
    subprocess.run([str(ROOT / "scripts" / "gen-sdk"), "--check"], check=True, capture_output=True)
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (the best is kept)")
    args = parser.parse_args()
    from barrack_emulator.testing import start_emulator

    scale = 1.0 / VOLUME_CREATE_SECONDS
    with tempfile.TemporaryDirectory(prefix="bench-native-") as tmp, start_emulator(delay_scale=scale) as emu:
        ws = Workspace(find_engine(), Path(tmp), "bench")
        timed_up(ws, emu, 1)  # warm-up: first engine and plugin start
        results = {count: min(timed_up(ws, emu, count) for _ in range(args.repeat)) for count in (2, 20)}
        for count, seconds in results.items():
            print(f"{count:>2} volumes: up {seconds:5.1f} s")
        emu.configure(delay_scale=0.0)
        calls, per_resource = preview_calls_and_state(ws, emu, 5)
    ratio = results[20] / results[2]
    gen = sdk_generation_seconds()
    print(f"\nvolume create ~1 s (delay scale {scale}); 20 volumes one after another would need >= 20 s")
    print(f"ratio up(20)/up(2) = {ratio:.2f}; target <= {TARGET_RATIO}: {'PASS' if ratio <= TARGET_RATIO else 'MISS'}")
    print(f"API calls of a preview of an unchanged 5-volume stack: {calls} (target 0)")
    print(f"state bytes per volume resource: {per_resource:.0f}")
    print(f"schema + TypeScript/Go SDK + reference generation (scripts/gen-sdk --check): {gen:.1f} s")
    return 0 if ratio <= TARGET_RATIO and calls == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
