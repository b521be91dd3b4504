"""`scripts/ansible-sanity` (ansible-test sanity, no Docker) is clean for the collection."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .collection_paths import REPO_ROOT

pytestmark = [pytest.mark.ansible, pytest.mark.slow]

# The tests that must have run (a subset of ansible-test's list; the script prints what ran).
REQUIRED_TESTS = (
    "ansible-doc",
    "compile",
    "import",
    "pep8",
    "pylint",
    "validate-modules",
    "yamllint",
    "runtime-metadata",
    "changelog",
    "ignores",
)


def test_ansible_test_sanity_is_clean() -> None:
    env = dict(os.environ, VENV=str(Path(sys.executable).parent.parent))
    proc = subprocess.run(
        [str(REPO_ROOT / "scripts" / "ansible-sanity")],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    output = proc.stdout + proc.stderr
    errors = [line for line in output.splitlines() if line.startswith("ERROR:")]
    assert proc.returncode == 0, "ansible-test sanity failed:\n" + "\n".join(errors[:60]) + "\n" + output[-3000:]
    ran = set(re.findall(r"^  ([a-z0-9-]+)", output.split("==> sanity tests that ran", 1)[-1], re.M))
    missing = [t for t in REQUIRED_TESTS if t not in ran]
    assert not missing, f"sanity tests did not run: {missing}\n{output[-3000:]}"
