"""Python 3.10 controllers (ansible-core 2.17): the client imports there, and a client that cannot be imported is
reported with its real cause, not only Ansible's generic "Failed to import the required Python library"."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from .built import ansible_venv, run
from .collection_paths import REPO_ROOT, ansible_env, tool

pytestmark = pytest.mark.ansible

IMPORT_EVERY_MODULE = """
import importlib, pkgutil, sys
assert sys.version_info[:2] == (3, 10), sys.version
import shared_client
names = [m.name for m in pkgutil.walk_packages(shared_client.__path__, "shared_client.")]
for name in names:
    importlib.import_module(name)
from shared_client import BarrackClient
from shared_client.outcome import Outcome
from shared_client.fields import FieldMode
assert Outcome(1, True).changed and str(FieldMode.UPDATABLE) == "updatable"
with BarrackClient(api_key="k", base_url="http://127.0.0.1:9") as client:
    pass
print(len(names))
"""


def test_the_client_imports_on_python_310(tmp_path: Path) -> None:
    """Every submodule of the checkout's shared_client imports on Python 3.10 (ansible-core 2.17's venv: httpx,
    pydantic and typing_extensions only)."""
    venv = ansible_venv("2.17")
    proc = run(
        [str(venv / "bin" / "python"), "-c", IMPORT_EVERY_MODULE],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO_ROOT), "PYTHONNOUSERSITE": "1"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert int(proc.stdout.strip()) > 30


def test_a_failed_client_import_shows_its_real_cause(tmp_path: Path) -> None:
    """A module whose client import fails names the underlying error in its message, with and without -vvv (the
    traceback goes in the result's ``exception``: ansible-core 2.19+ prints it with ANSIBLE_DISPLAY_TRACEBACK)."""
    broken = tmp_path / "broken"
    for package in ("httpx", "pydantic"):  # balance_info reads without pydantic: httpx is what it imports first
        (broken / package).mkdir(parents=True)
        (broken / package / "__init__.py").write_text(
            "raise ImportError(\"cannot import name 'Self' from 'typing' (simulated)\")\n", encoding="utf-8"
        )
    playbook = tmp_path / "play.yml"
    playbook.write_text(
        textwrap.dedent(
            """\
            - hosts: localhost
              connection: local
              gather_facts: false
              tasks:
                - barrack.cloud.balance_info:
                    api_key: not-used
                    api_url: http://127.0.0.1:9
            """
        ),
        encoding="utf-8",
    )
    env = ansible_env(PYTHONPATH=f"{broken}:{REPO_ROOT}")
    for verbosity in ([], ["-vvv"]):
        proc = run([tool("ansible-playbook"), *verbosity, str(playbook)], cwd=tmp_path, env=env, timeout=180)
        assert proc.returncode == 2, proc.stdout + proc.stderr
        failed = proc.stdout[proc.stdout.index("FAILED! => ") + len("FAILED! => ") :]
        result = json.loads(failed[: failed.index("\n}") + 2] if failed.startswith("{\n") else failed.split("\n")[0])
        assert "Failed to import the required Python library" in result["msg"], result
        assert (
            "The import failed with: ImportError: cannot import name 'Self' from 'typing' (simulated)" in result["msg"]
        ), result["msg"]
