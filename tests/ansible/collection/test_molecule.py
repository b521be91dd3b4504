"""The molecule scenario (delegated driver, no containers) converges the example fleet against the emulator."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from .collection_paths import COLLECTION, ansible_env, tool

pytestmark = [pytest.mark.ansible, pytest.mark.slow]

SCENARIO = COLLECTION / "extensions" / "molecule" / "default"


def test_molecule_scenario_converges_idempotently_and_verifies(emulator: Any, tmp_path: Path) -> None:
    env = ansible_env(
        BARRACK_API_URL=emulator.base_url,
        BARRACK_API_KEY=emulator.api_key,
        ANSIBLE_HOME=str(tmp_path / "ansible-home"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        MOLECULE_NO_LOG="false",
        NO_COLOR="1",
        PY_COLORS="0",
    )
    proc = subprocess.run(
        [tool("molecule"), "test", "--scenario-name", "default"],
        cwd=COLLECTION,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-6000:]
    for action in ("prepare", "converge", "idempotence", "verify", "cleanup", "destroy"):
        assert action in output, f"molecule did not run {action}\n{output[-3000:]}"
    assert emulator.api_key not in output

    counts = emulator.request_counts()
    assert counts["POST /instances/"] == 2, "the fleet's two instances must be created exactly once"
    assert counts["POST /ssh-keys/"] == 10
    assert counts["POST /volumes/"] == 6
    assert counts["POST /firewalls/"] == 2
    state = emulator.state()
    leftovers = {kind: n for kind, n in state["counts"].items() if n}
    assert not leftovers, f"cleanup left resources behind: {leftovers}"
