"""`ansible-galaxy collection build` makes a tarball; the changelog fragments and generated changelog are valid."""

from __future__ import annotations

import json
import subprocess
import tarfile
from pathlib import Path

import pytest
import yaml

from .collection_paths import COLLECTION, action_group_modules, ansible_env, tool

pytestmark = pytest.mark.ansible


def test_galaxy_metadata() -> None:
    galaxy = yaml.safe_load((COLLECTION / "galaxy.yml").read_text(encoding="utf-8"))
    assert (galaxy["namespace"], galaxy["name"], galaxy["version"]) == ("barrack", "cloud", "0.1.0")
    runtime = yaml.safe_load((COLLECTION / "meta" / "runtime.yml").read_text(encoding="utf-8"))
    assert runtime["requires_ansible"] == ">=2.17.0"


def test_collection_build_produces_a_tarball(tmp_path: Path) -> None:
    proc = subprocess.run(
        [tool("ansible-galaxy"), "collection", "build", str(COLLECTION), "--output-path", str(tmp_path)],
        env=ansible_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    tarball = tmp_path / "barrack-cloud-0.1.0.tar.gz"
    assert tarball.is_file(), proc.stdout

    with tarfile.open(tarball) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile("MANIFEST.json"))  # type: ignore[arg-type]
    assert manifest["collection_info"]["namespace"] == "barrack"
    assert manifest["collection_info"]["version"] == "0.1.0"
    for required in (
        "meta/runtime.yml",
        "README.md",
        "plugins/inventory/barrack.py",
        "changelogs/changelog.yaml",
        "plugins/module_utils/barrack.py",
        "plugins/doc_fragments/barrack.py",
    ):
        assert required in names, f"{required} missing from the tarball"
    for module in action_group_modules():
        assert f"plugins/modules/{module}.py" in names, f"module {module} missing from the tarball"
    leaked = [n for n in names if n.startswith("tests/output") or "__pycache__" in n or n.endswith(".pyc")]
    assert not leaked, f"build_ignore lets through {leaked[:5]}"


def test_changelog_lints_clean() -> None:
    proc = subprocess.run(
        [tool("antsibull-changelog"), "lint"], cwd=COLLECTION, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def test_generated_changelog_has_the_release() -> None:
    changelog = yaml.safe_load((COLLECTION / "changelogs" / "changelog.yaml").read_text(encoding="utf-8"))
    release = changelog["releases"]["0.1.0"]
    assert release["changes"]["release_summary"]
    new_modules = {m["name"] for m in release.get("modules", [])}
    assert new_modules == set(action_group_modules()), "regenerate: antsibull-changelog release --version 0.1.0"
    assert {p["name"] for p in release["plugins"]["inventory"]} == {"barrack"}
    assert "v0.1.0" in (COLLECTION / "CHANGELOG.rst").read_text(encoding="utf-8")
