"""The collection's integration targets name everything after ``resource_prefix``: two runs against one account at
the same time never collide (issue 16 item 11)."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from .built import integration_config
from .collection_paths import BIN, COLLECTION, ansible_env

pytestmark = pytest.mark.ansible

TARGETS = COLLECTION / "tests" / "integration" / "targets"
NAME_VARS = re.compile(r"^\w+_name$")


def target_dirs() -> list[Path]:
    return sorted(p for p in TARGETS.iterdir() if p.is_dir())


def names_given(node: Any) -> list[str]:
    """Every value of a ``name:`` option of a barrack.cloud task, and of every ``*_name`` variable."""
    found: list[str] = []
    if isinstance(node, list):
        for item in node:
            found += names_given(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and key.startswith("barrack.cloud.") and isinstance(value, dict):
                found += [str(value["name"])] if "name" in value else []
            if isinstance(key, str) and NAME_VARS.match(key) and isinstance(value, str):
                found.append(value)
            found += names_given(value)
    return found


@pytest.mark.parametrize("target", target_dirs(), ids=lambda p: p.name)
def test_every_name_starts_with_the_resource_prefix(target: Path) -> None:
    tasks = yaml.safe_load((target / "tasks" / "main.yml").read_text(encoding="utf-8"))
    names = names_given(tasks)
    assert names, f"{target.name}: no names found"
    for name in names:
        assert name.startswith("{{ resource_prefix }}-") or re.fullmatch(r"\{\{ \w+_name \}\}", name), (
            f"{target.name}: a fixed or unprefixed name {name!r}"
        )
    aliases = (target / "aliases").read_text(encoding="utf-8").split()
    assert "context/controller" in aliases


def ansible_test(collection: Path, prefix: str, emulator: Any, targets: list[str]) -> subprocess.Popen[str]:
    config = collection / "tests" / "integration" / "integration_config.yml"
    config.write_text(integration_config(emulator, prefix), encoding="utf-8")
    return subprocess.Popen(
        [str(BIN / "ansible-test"), "integration", "--local", "--python", "3.11", "--color", "no", *targets],
        cwd=collection,
        env=ansible_env(ANSIBLE_COLLECTIONS_PATH=str(collection.parents[2])),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.slow
def test_two_runs_at_once_against_one_account_never_collide(emulator: Any, tmp_path: Path) -> None:
    """The same targets, twice at the same time (two checkouts, two prefixes, one emulator account): both pass and
    leave nothing behind. With fixed names the second run's creates meet the first run's objects."""
    targets = ["ssh_key", "volume"]
    runs = []
    for prefix in ("it-run1", "it-run2"):
        collection = tmp_path / prefix / "ansible_collections" / "barrack" / "cloud"
        shutil.copytree(COLLECTION, collection, ignore=shutil.ignore_patterns("output", "integration_config.yml"))
        runs.append(ansible_test(collection, prefix, emulator, targets))
    started = time.monotonic()
    outputs = [proc.communicate(timeout=600)[0] for proc in runs]
    for proc, output in zip(runs, outputs, strict=True):
        assert proc.returncode == 0, output[-6000:]
        assert set(re.findall(r"^Running (\w+) integration test role", output, re.M)) == set(targets)
    print(f"two parallel runs of {targets}: {time.monotonic() - started:.1f}s")
    assert emulator.request_counts()["POST /ssh-keys/"] >= 2, "each run creates its own key"
    assert not {kind: n for kind, n in emulator.state()["counts"].items() if n}, "the runs left objects behind"
