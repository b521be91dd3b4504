"""ansible-lint's production profile passes on the examples and the collection's integration targets, with no
BARRACK_API_KEY in the environment (``api_key`` is not a required option)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .collection_paths import BIN, COLLECTION, REPO_ROOT, tool

pytestmark = [pytest.mark.ansible, pytest.mark.slow]

LINTED = (
    REPO_ROOT / "examples" / "ansible",
    REPO_ROOT / "examples" / "pulumi-to-ansible" / "playbook.yml",
    COLLECTION / "tests" / "integration" / "targets",
)


# A sitecustomize that makes httpx and pydantic unimportable: the usual CI lint venv lacks the collection's deps.
BLOCK_CLIENT_DEPS = """import sys
class _Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("httpx", "pydantic", "pydantic_core"):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return None
sys.meta_path.insert(0, _Block())
"""


def ansible_lint(
    paths: tuple[Path, ...], cwd: Path, home: Path, extra_env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "BARRACK_"))}
    env.update(extra_env or {})
    env.update(
        {
            "ANSIBLE_COLLECTIONS_PATH": str(REPO_ROOT),
            "ANSIBLE_HOME": str(home),
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "NO_COLOR": "1",
        }
    )
    return subprocess.run(
        [tool("ansible-lint"), "--offline", "--profile", "production", "--nocolor", *map(str, paths)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_production_profile_passes_without_an_api_key(tmp_path: Path) -> None:
    proc = ansible_lint(LINTED, REPO_ROOT, tmp_path / "ansible-home")
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-6000:]
    assert "Profile 'production' was required, and it passed" in output, output[-2000:]


def test_production_profile_passes_without_httpx_and_pydantic(tmp_path: Path) -> None:
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(BLOCK_CLIENT_DEPS, encoding="utf-8")
    env = {"PYTHONPATH": str(blocker)}
    control = subprocess.run(
        [str(BIN / "python"), "-c", "import httpx"], env={**os.environ, **env}, capture_output=True, text=True
    )
    assert control.returncode != 0 and "No module named 'httpx'" in control.stderr, control.stderr
    proc = ansible_lint(LINTED, REPO_ROOT, tmp_path / "ansible-home", env)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-6000:]
    assert "Profile 'production' was required, and it passed" in output, output[-2000:]


def test_the_lint_sees_the_integration_targets(tmp_path: Path) -> None:
    """Control: the same lint fails on a copy of a target with a task that breaks a production rule."""
    target = tmp_path / "targets" / "ssh_key"
    shutil.copytree(COLLECTION / "tests" / "integration" / "targets" / "ssh_key", target)
    tasks = target / "tasks" / "main.yml"
    tasks.write_text(tasks.read_text(encoding="utf-8") + "\n- ssh_key:\n    name: unnamed\n", encoding="utf-8")
    proc = ansible_lint((tmp_path / "targets",), tmp_path, tmp_path / "ansible-home")
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output[-3000:]
    assert "fqcn" in output and "name[missing]" in output, output[-3000:]
