"""Paths and environment shared by the collection quality tests (sanity, docs, build, inventory, molecule)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[3]
COLLECTION = REPO_ROOT / "ansible_collections" / "barrack" / "cloud"
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """Path of a console script of the test virtualenv (ansible-doc, ansible-galaxy, molecule, ...)."""
    return str(BIN / name)


def ansible_env(**extra: str) -> dict[str, str]:
    """A clean environment for ansible-* commands: the repo's collection, the venv first on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "BARRACK_", "MOLECULE_"))}
    env.update(
        {
            "ANSIBLE_COLLECTIONS_PATH": str(REPO_ROOT),
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_DEPRECATION_WARNINGS": "false",
        }
    )
    env.update(extra)
    return env


def action_group_modules() -> list[str]:
    """Short names of the modules in meta/runtime.yml's action group ``all``."""
    runtime = yaml.safe_load((COLLECTION / "meta" / "runtime.yml").read_text(encoding="utf-8"))
    return list(runtime["action_groups"]["all"])


def module_files() -> list[Path]:
    return sorted((COLLECTION / "plugins" / "modules").glob("*.py"))
