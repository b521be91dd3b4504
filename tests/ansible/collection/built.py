"""The built collection: tarball (scripts/build-collection), clean ansible-core virtualenvs (scripts/ansible-venv),
installation with ``ansible-galaxy collection install`` and an environment that sees only the installed copy."""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .collection_paths import BIN, REPO_ROOT

# The support matrix, ansible-core release -> controller Python (scripts/ansible-venv picks the same interpreters):
# meta/runtime.yml's requires_ansible, pyproject's ansible extra and the README say the same.
CONTROLLER_PYTHON = {"2.17": "3.10", "2.18": "3.11", "2.19": "3.11", "2.20": "3.12", "2.21": "3.13"}
ANSIBLE_RELEASES = tuple(CONTROLLER_PYTHON)
VENDOR = Path("plugins/module_utils/vendor/shared_client")


def run(cmd: Sequence[str], timeout: float = 600, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(cmd), capture_output=True, text=True, timeout=timeout, check=False, **kwargs)


def last_line(proc: subprocess.CompletedProcess[str], what: str) -> Path:
    assert proc.returncode == 0, f"{what} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return Path(proc.stdout.strip().splitlines()[-1])


def build_tarball(output: Path) -> Path:
    """``scripts/build-collection --output-path output`` -> the tarball."""
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    proc = run(
        [str(BIN / "python"), str(REPO_ROOT / "scripts" / "build-collection"), "--output-path", str(output)], env=env
    )
    return last_line(proc, "scripts/build-collection")


def ansible_venv(release: str) -> Path:
    """The clean virtualenv of one ansible-core release (created or reused by scripts/ansible-venv)."""
    return last_line(run([str(REPO_ROOT / "scripts" / "ansible-venv"), release], timeout=900), "scripts/ansible-venv")


def clean_env(venv: Path, collections: Path, home: Path, **extra: str) -> dict[str, str]:
    """Environment of a user who installed the tarball: the venv first on PATH, only ``collections`` searched,
    nothing of the checkout importable."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ANSIBLE_", "BARRACK_", "MOLECULE_", "PYTHON", "VIRTUAL_ENV"))
    }
    env.update(
        {
            "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
            "ANSIBLE_COLLECTIONS_PATH": str(collections),
            "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false",
            "ANSIBLE_HOME": str(home / "ansible-home"),
            "ANSIBLE_LOCAL_TEMP": str(home / "ansible-tmp"),
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_DEPRECATION_WARNINGS": "false",
            "PYTHONNOUSERSITE": "1",
        }
    )
    env.update(extra)
    return env


def install(tarball: Path, venv: Path, dest: Path) -> Path:
    """``ansible-galaxy collection install`` of the tarball into ``dest`` with the venv's ansible-core; returns
    the installed collection's directory."""
    proc = run(
        [str(venv / "bin" / "ansible-galaxy"), "collection", "install", str(tarball), "-p", str(dest), "--force"],
        env=clean_env(venv, dest, dest.parent),
        cwd=dest.parent,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    collection = dest / "ansible_collections" / "barrack" / "cloud"
    assert (collection / "MANIFEST.json").is_file(), proc.stdout
    return collection


def importable(venv: Path, module: str, cwd: Path) -> bool:
    """Whether ``module`` imports in the venv's interpreter (run from ``cwd``, not from the checkout)."""
    return (
        run([str(venv / "bin" / "python"), "-c", f"import {module}"], cwd=cwd, env={"PATH": "/usr/bin:/bin"}).returncode
        == 0
    )


def integration_config(emulator: Any, prefix: str | None = None) -> str:
    """tests/integration/integration_config.yml of a run against the emulator: the API and a ``resource_prefix``
    unique to the run (at most 16 characters: the targets' volume names must stay within 30)."""
    prefix = prefix or f"it-{secrets.token_hex(4)}"
    return f"barrack_api_url: {emulator.base_url}\nbarrack_api_key: {emulator.api_key}\nresource_prefix: {prefix}\n"
