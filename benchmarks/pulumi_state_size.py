"""Pulumi state bytes per resource, the pickled provider included (target <= 8 KB per resource).

Runs ``pulumi up`` of a program folder with every ``pulumi_barrack`` resource type (plain CLI, file backend)
against an in-process emulator, then measures each resource of ``pulumi stack export`` (JSON bytes of its state
entry; ``__provider`` is the pickled provider, stored as a secret) and the stack file on disk.

    .venv/bin/python benchmarks/pulumi_state_size.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from _ten_resource_stack import PROGRAM

from barrack_demo.pulumi_cli import Workspace, find_engine

TARGET_BYTES = 8 * 1024


def main() -> int:
    from barrack_emulator.testing import start_emulator

    with tempfile.TemporaryDirectory(prefix="bench-state-") as tmp, start_emulator(delay_scale=0.0) as emu:
        ws = Workspace(find_engine(), Path(tmp), "bench")
        program = ws.new_program("state-size", PROGRAM, stack="bench", api_key=emu.api_key, api_url=emu.base_url)
        program.up()
        deployment = program.export()["deployment"]
        resources = [r for r in deployment["resources"] if r["type"].startswith("pulumi-python:dynamic")]
        print(f"{'resource':<34} {'state bytes':>11} {'__provider':>10}")
        sizes = []
        for r in resources:
            size = len(json.dumps(r, separators=(",", ":")))
            provider = len(json.dumps(r["inputs"].get("__provider"), separators=(",", ":")))
            sizes.append(size)
            print(f"{r['type'].rsplit('/', 1)[-1] + ' ' + r['urn'].rsplit('::', 1)[-1]:<34} {size:>11} {provider:>10}")
        stack_file = next((ws.backend_dir / ".pulumi" / "stacks").rglob("bench.json"))
        disk = stack_file.stat().st_size
        program.destroy()
    worst, mean = max(sizes), sum(sizes) / len(sizes)
    print(f"\n{len(sizes)} resources: mean {mean:.0f} B, max {worst} B per resource (exported JSON, compact)")
    print(f"stack file on disk (encrypted secrets, indented): {disk} B = {disk / len(sizes):.0f} B per resource")
    ok = worst <= TARGET_BYTES
    print(f"target <= {TARGET_BYTES} B per resource: {'PASS' if ok else 'MISS'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
