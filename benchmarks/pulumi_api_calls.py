"""API calls of ``pulumi preview`` (target 0) and ``pulumi refresh`` (target 1 per resource) on an unchanged stack.

Runs ``pulumi up`` of a program folder with every ``pulumi_barrack`` resource type (plain CLI, file backend)
against an in-process emulator, then counts the requests the emulator serves during ``preview`` and during
``refresh --skip-preview``, by route (``refresh --yes`` without ``--skip-preview`` reads everything twice: once
for its preview, once for the refresh).

    .venv/bin/python benchmarks/pulumi_api_calls.py
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _ten_resource_stack import PROGRAM

from barrack_demo.pulumi_cli import Workspace, find_engine


def counted(emu: Any, action: Callable[[], Any]) -> dict[str, int]:
    emu.clear_log()
    action()
    return {route: n for route, n in sorted(emu.request_counts().items()) if n}


def main() -> int:
    from barrack_emulator.testing import start_emulator

    with tempfile.TemporaryDirectory(prefix="bench-calls-") as tmp, start_emulator(delay_scale=0.0) as emu:
        ws = Workspace(find_engine(), Path(tmp), "bench")
        program = ws.new_program("api-calls", PROGRAM, stack="bench", api_key=emu.api_key, api_url=emu.base_url)
        program.up()
        resources = program.export()["deployment"]["resources"]
        n = sum(1 for r in resources if r["type"].startswith("pulumi-python:dynamic"))
        preview = counted(emu, lambda: program.preview("--expect-no-changes"))
        refreshed: list[dict[str, int]] = []
        refresh = counted(emu, lambda: refreshed.append(program.refresh("--skip-preview", "--json").changes()))
        refresh_previewed = counted(emu, lambda: program.refresh())  # `refresh --yes` previews first: 2 reads
        preview_again = counted(emu, lambda: program.preview("--json").changes())
        program.destroy()
    print(f"stack of {n} resources (every resource type)")
    print(f"preview : {sum(preview.values())} API calls {preview or ''}")
    print(f"refresh --skip-preview: {sum(refresh.values())} API calls = {sum(refresh.values()) / n:.2f} per resource")
    for route, count in refresh.items():
        print(f"    {count:>3}  {route}")
    print(f"refresh changes: {refreshed[0]} (anything but 'same' is a false diff)")
    calls = sum(refresh_previewed.values())
    print(f"refresh --yes (previews first): {calls} API calls = {calls / n:.2f} per resource")
    print(f"preview after refresh: {sum(preview_again.values())} API calls")
    ok_preview = sum(preview.values()) == 0 and sum(preview_again.values()) == 0
    ok_refresh = sum(refresh.values()) <= n
    print(f"target preview = 0: {'PASS' if ok_preview else 'MISS'}")
    print(f"target refresh <= 1 per resource: {'PASS' if ok_refresh else 'MISS'}")
    return 0 if ok_preview and ok_refresh else 1


if __name__ == "__main__":
    sys.exit(main())
