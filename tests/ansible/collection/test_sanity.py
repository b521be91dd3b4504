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


# The tests that look at the vendored client's code (the rest are the same as for the source tree).
BUILT_TESTS = ("compile", "empty-init", "ignores", "import", "pep8", "pylint")


def test_ansible_test_sanity_of_the_built_collection() -> None:
    """The collection as the tarball ships it, shared_client vendored into plugins/module_utils/vendor/."""
    env = dict(os.environ, VENV=str(Path(sys.executable).parent.parent))
    args = [arg for test in BUILT_TESTS for arg in ("--test", test)]
    proc = subprocess.run(
        [str(REPO_ROOT / "scripts" / "ansible-sanity"), "--built", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    output = proc.stdout + proc.stderr
    errors = [line for line in output.splitlines() if line.startswith("ERROR:")]
    assert proc.returncode == 0, "sanity of the built collection failed:\n" + "\n".join(errors[:60]) + output[-2000:]
    ran = set(re.findall(r"^  ([a-z0-9-]+)", output.split("==> sanity tests that ran", 1)[-1], re.M))
    assert set(BUILT_TESTS) <= ran, f"sanity tests did not run: {set(BUILT_TESTS) - ran}\n{output[-3000:]}"


@pytest.mark.parametrize("release", ["2.17", "2.18", "2.19"])
def test_every_plugin_has_its_license_ignore(release: str) -> None:
    """The collection is Apache-2.0: each module and the inventory plugin need their missing-gplv3-license entry in
    every ignore file (a quick check of what the slow sanity run would report)."""
    collection = REPO_ROOT / "ansible_collections" / "barrack" / "cloud"
    ignores = (collection / "tests" / "sanity" / f"ignore-{release}.txt").read_text(encoding="utf-8").splitlines()
    entries = {line.split()[0] for line in ignores if "validate-modules:missing-gplv3-license" in line}
    plugins = {f"plugins/modules/{p.name}" for p in (collection / "plugins" / "modules").glob("*.py")}
    plugins |= {f"plugins/inventory/{p.name}" for p in (collection / "plugins" / "inventory").glob("*.py")}
    assert entries == plugins, f"ignore-{release}.txt: add {plugins - entries}, remove {entries - plugins}"
