"""Info modules that only pass objects on import no pydantic (issue 16.12): each runs, from the source tree, in a
fresh interpreter against the emulator, and reports whether pydantic (or the plan/model machinery) got loaded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
MODULES = ROOT / "ansible_collections" / "barrack" / "cloud" / "plugins" / "modules"

# Runs the module file as Ansible would (arguments file in argv[1]), then prints what it loaded.
RUNNER = r"""
import json, runpy, sys
path, sys.argv = sys.argv[1], [sys.argv[1], sys.argv[2]]
try:
    runpy.run_path(path, run_name="__main__")
except SystemExit:
    pass
heavy = ("pydantic", "shared_client.plan", "shared_client.models", "shared_client.resources.base")
print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""

# the modules whose reads need no model: balance, and the kinds of shared_client.resources.wire.WIRE_EQUALS_MODEL
PLAIN_INFO = ("balance_info", "volume_info", "ssh_key_info", "startup_script_info", "image_info", "firewall_info")


@pytest.mark.parametrize("name", PLAIN_INFO)
def test_info_module_loads_no_pydantic(emulator: Any, tmp_path: Path, name: str) -> None:
    args = tmp_path / "args.json"
    params = {"api_key": emulator.api_key, "api_url": emulator.base_url, "_ansible_tmpdir": str(tmp_path)}
    args.write_text(json.dumps({"ANSIBLE_MODULE_ARGS": params}), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, str(MODULES / f"{name}.py"), str(args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 2, done.stdout + done.stderr
    result = json.loads(lines[0])
    assert not result.get("failed"), result
    assert f"barrack_{name}" in result
    assert json.loads(lines[1]) == []
