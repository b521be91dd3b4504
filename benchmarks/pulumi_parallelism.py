"""``pulumi up`` of 20 volumes vs 2 volumes with a ~1 s volume create in the emulator (target: ratio <= 2.5).

The engine runs resource operations in parallel, but the Python dynamic-provider process serves them from a pool
of 4 worker threads, so the provider must not serialise them further (no global lock around API calls or waits).
Runs each ``up`` (and ``destroy``) through the local engine against an in-process emulator whose delay scale makes a
volume take about 1 s to become available.

    .venv/bin/python benchmarks/pulumi_parallelism.py [--repeat 1]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TARGET_RATIO = 2.5
VOLUME_CREATE_SECONDS = 10.0  # the emulator's base duration of volume.creating (barrack_emulator/catalogue.py)


def make_stack(program: Callable[[], None], emu: Any, root: Path, project: str) -> Any:
    """A stack of an inline program on the local engine (file backend under ``root``) bound to ``emu``."""
    from pulumi_barrack.runner import engine_bin_dir, engine_env, file_backend_url, open_stack

    bin_dir = engine_bin_dir(build=False)
    home = root / "pulumi-home"
    home.mkdir(exist_ok=True)
    return open_stack(
        project=project,
        stack="bench",
        program=program,
        backend_url=file_backend_url(root / "state"),
        bin_dir=bin_dir,
        env=engine_env(bin_dir, passphrase="bench", pulumi_home=home),
        work_dir=root / "work" / project,
        pulumi_home=home,
        api_key=emu.api_key,
        api_url=emu.base_url,
    )


def volumes(count: int) -> Callable[[], None]:
    def program() -> None:
        import pulumi_barrack as barrack

        for i in range(count):
            barrack.Volume(f"v{i}", name=f"par-{count}-{i}", region="CANADA-1", size_gb=100, volume_type="SSD")

    return program


def timed_up(emu: Any, root: Path, count: int) -> tuple[float, float]:
    """Seconds of ``up`` and of ``destroy`` of a stack of ``count`` volumes."""
    stack = make_stack(volumes(count), emu, root, f"par{count}-{time.monotonic_ns()}")
    t0 = time.perf_counter()
    stack.up(on_output=lambda _line: None)
    up = time.perf_counter() - t0
    t0 = time.perf_counter()
    stack.destroy(on_output=lambda _line: None)
    return up, time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (the best is kept)")
    args = parser.parse_args()
    from barrack_emulator.testing import start_emulator

    scale = 1.0 / VOLUME_CREATE_SECONDS
    with tempfile.TemporaryDirectory(prefix="bench-par-") as tmp, start_emulator(delay_scale=scale) as emu:
        root = Path(tmp)
        timed_up(emu, root, 1)  # warm-up: first engine start, plugin discovery
        results: dict[int, tuple[float, float]] = {}
        for count in (2, 20):
            runs = [timed_up(emu, root, count) for _ in range(args.repeat)]
            results[count] = min(runs)
            print(f"{count:>2} volumes: up {results[count][0]:5.1f} s, destroy {results[count][1]:5.1f} s")
    ratio = results[20][0] / results[2][0]
    serial = 20 * 1.0
    print(f"\nvolume create ~1 s (delay scale {scale}); 20 volumes one after another would need >= {serial:.0f} s")
    print(f"ratio up(20)/up(2) = {ratio:.2f}; target <= {TARGET_RATIO}: {'PASS' if ratio <= TARGET_RATIO else 'MISS'}")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
