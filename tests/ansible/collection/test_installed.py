"""The tarball as a user installs it, on every ansible-core release of the support matrix.

Each release gets a clean virtualenv with only ansible-core and the collection's requirements.txt (no shared_client:
the modules can only use the vendored client). There the tarball is installed with ``ansible-galaxy collection
install``, its own integration targets run through ``ansible-test integration`` against the emulator (the core
playbook suite of the matrix), and on the newest release the example provision / re-run / teardown playbooks run.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .built import (
    ANSIBLE_RELEASES,
    CONTROLLER_PYTHON,
    ansible_venv,
    clean_env,
    importable,
    install,
    integration_config,
    run,
)
from .collection_paths import COLLECTION, REPO_ROOT

pytestmark = [pytest.mark.ansible, pytest.mark.slow]

READ_ONLY = {"POST /pricing/"}
TARGETS = sorted(p.name for p in (COLLECTION / "tests" / "integration" / "targets").iterdir() if p.is_dir())


@pytest.fixture(scope="session")
def installed(
    built_tarball: Path, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], tuple[Path, Path, Path]]:
    """``installed(release)`` -> (venv, collections path, collection dir): the tarball installed once per release."""
    cache: dict[str, tuple[Path, Path, Path]] = {}

    def get(release: str) -> tuple[Path, Path, Path]:
        if release not in cache:
            venv = ansible_venv(release)
            dest = tmp_path_factory.mktemp(f"collections-{release}")
            cache[release] = (venv, dest, install(built_tarball, venv, dest))
        return cache[release]

    return get


def leftovers(emulator: Any) -> dict[str, int]:
    return {kind: n for kind, n in emulator.state()["counts"].items() if n}


def writes(emulator: Any) -> dict[str, int]:
    return {k: n for k, n in emulator.request_counts().items() if n and not k.startswith("GET ") and k not in READ_ONLY}


@pytest.mark.parametrize("release", ANSIBLE_RELEASES)
def test_integration_targets_of_the_installed_tarball(
    release: str, installed: Callable[[str], tuple[Path, Path, Path]], emulator: Any, tmp_path: Path
) -> None:
    venv, collections, collection = installed(release)
    version = run([str(venv / "bin" / "ansible"), "--version"], cwd=tmp_path).stdout
    assert re.search(rf"core {re.escape(release)}\.\d+", version), version
    python = CONTROLLER_PYTHON[release]
    assert re.search(rf"python version = {re.escape(python)}\.", version), version
    assert "does not support Ansible version" not in version
    assert not importable(venv, "shared_client", tmp_path), "the clean venv must not see the checkout's client"
    assert importable(venv, "httpx", tmp_path) and importable(venv, "pydantic", tmp_path)

    config = collection / "tests" / "integration" / "integration_config.yml"
    config.write_text(integration_config(emulator), encoding="utf-8")
    started = time.monotonic()
    try:
        proc = run(
            [str(venv / "bin" / "ansible-test"), "integration", "--local", "--python", python, "--color", "no"],
            cwd=collection,
            env=clean_env(venv, collections, tmp_path),
            timeout=900,
        )
    finally:
        config.unlink()
        shutil.rmtree(collection / "tests" / "output", ignore_errors=True)
    output = proc.stdout + proc.stderr
    seconds = time.monotonic() - started
    print(f"ansible-core {release}: ansible-test integration of {len(TARGETS)} targets in {seconds:.1f}s")
    assert proc.returncode == 0, output[-8000:]
    assert "does not support Ansible version" not in output, "meta/runtime.yml's requires_ansible excludes " + release
    ran = set(re.findall(r"^Running (\w+) integration test role", output, re.M))
    assert ran == set(TARGETS), f"targets that did not run: {set(TARGETS) - ran}"
    assert emulator.api_key not in output
    counts = emulator.request_counts()
    for route in ("POST /ssh-keys/", "POST /volumes/", "POST /firewalls/", "POST /instances/", "POST /snapshots/"):
        assert counts[route] >= 1, f"the targets never sent {route}"
    assert not leftovers(emulator), f"the integration targets left resources behind: {leftovers(emulator)}"


def play(venv: Path, collections: Path, workdir: Path, emulator: Any, playbook: str) -> dict[str, int]:
    """Run an example playbook with the clean venv's ansible-playbook; returns the PLAY RECAP of localhost."""
    env = clean_env(venv, collections, workdir, BARRACK_API_URL=emulator.base_url, BARRACK_API_KEY=emulator.api_key)
    proc = run([str(venv / "bin" / "ansible-playbook"), playbook], cwd=workdir, env=env)
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-2000:]
    assert emulator.api_key not in proc.stdout + proc.stderr
    recap = re.search(r"localhost\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", proc.stdout)
    assert recap, proc.stdout[-2000:]
    return dict(zip(("ok", "changed", "unreachable", "failed"), map(int, recap.groups()), strict=True))


def test_provision_rerun_teardown_from_the_tarball(
    installed: Callable[[str], tuple[Path, Path, Path]], emulator: Any, tmp_path: Path
) -> None:
    venv, collections, _ = installed(ANSIBLE_RELEASES[-1])
    examples = tmp_path / "examples" / "ansible"  # a copy: its ansible.cfg must not find the checkout
    shutil.copytree(REPO_ROOT / "examples" / "ansible", examples)

    started = time.monotonic()
    first = play(venv, collections, examples, emulator, "provision.yml")
    assert first["changed"] >= 5 and first["failed"] == 0
    created = leftovers(emulator)
    assert created.get("instances") == 2 and created.get("volumes") == 6, created

    # the inventory plugin of the tarball (controller side, vendored client too)
    env = clean_env(venv, collections, examples, BARRACK_API_URL=emulator.base_url, BARRACK_API_KEY=emulator.api_key)
    inventory = run([str(venv / "bin" / "ansible-inventory"), "-i", "barrack.yml", "--list"], cwd=examples, env=env)
    assert inventory.returncode == 0, inventory.stdout[-3000:] + inventory.stderr[-3000:]
    hosts = set(json.loads(inventory.stdout)["_meta"]["hostvars"])
    assert hosts == {"fleet-train", "fleet-serve"}, hosts

    emulator.clear_log()
    second = play(venv, collections, examples, emulator, "provision.yml")
    assert second["changed"] == 0, second
    assert writes(emulator) == {}, f"the re-run sent write requests: {writes(emulator)}"
    reads = sum(n for k, n in emulator.request_counts().items() if k.startswith("GET ") or k in READ_ONLY)
    print(f"re-run of provision.yml from the tarball: {reads} reads, 0 writes for 22 resources")

    play(venv, collections, examples, emulator, "teardown.yml")
    assert not leftovers(emulator), f"teardown.yml left resources behind: {leftovers(emulator)}"
    print(f"provision / re-run / teardown from the tarball: {time.monotonic() - started:.1f}s")
