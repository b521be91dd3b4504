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


def ansible_lint(paths: tuple[Path, ...], cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "BARRACK_"))}
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
