"""The example playbooks of examples/ansible/ against the emulator: check mode, lifecycle, idempotent re-run."""

from __future__ import annotations

import re
import subprocess
from typing import Any

import pytest

from .collection_paths import REPO_ROOT, ansible_env, tool

pytestmark = [pytest.mark.ansible, pytest.mark.slow]

EXAMPLES = REPO_ROOT / "examples" / "ansible"
READ_ONLY = {"POST /pricing/"}


def play(emulator: Any, playbook: str, *args: str) -> dict[str, int]:
    """Run an example playbook from its directory; returns the PLAY RECAP counters of localhost."""
    env = ansible_env(BARRACK_API_URL=emulator.base_url, BARRACK_API_KEY=emulator.api_key)
    env.pop("ANSIBLE_COLLECTIONS_PATH")  # examples/ansible/ansible.cfg must find the collection on its own
    proc = subprocess.run(
        [tool("ansible-playbook"), playbook, *args],
        cwd=EXAMPLES,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-2000:]
    assert emulator.api_key not in proc.stdout + proc.stderr
    recap = re.search(r"localhost\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", proc.stdout)
    assert recap, proc.stdout[-2000:]
    return dict(zip(("ok", "changed", "unreachable", "failed"), map(int, recap.groups()), strict=True))


def writes(emulator: Any) -> dict[str, int]:
    return {k: n for k, n in emulator.request_counts().items() if n and not k.startswith("GET ") and k not in READ_ONLY}


def test_site_check_mode_sends_no_write(emulator: Any) -> None:
    recap = play(emulator, "site.yml", "--check", "--diff")
    assert recap["changed"] == 4, "check mode must predict the SSH key, volume, firewall and instance"
    assert writes(emulator) == {}


def test_site_provisions_hibernates_restores_and_removes_everything(emulator: Any) -> None:
    play(emulator, "site.yml")
    counts = emulator.request_counts()
    for route in (
        "POST /ssh-keys/",
        "POST /volumes/",
        "POST /firewalls/",
        "POST /instances/",
        "POST /instances/{id}/hibernate/",
        "POST /instances/{id}/restore/",
        "DELETE /instances/{id}/",
        "DELETE /firewalls/{id}/",
        "DELETE /volumes/{id}/",
        "DELETE /ssh-keys/{id}/",
    ):
        assert counts[route] == 1, f"{route}: {counts[route]} requests"
    leftovers = {kind: n for kind, n in emulator.state()["counts"].items() if n}
    assert not leftovers, f"site.yml left resources behind: {leftovers}"


def test_provision_rerun_is_a_no_op_and_teardown_cleans_up(emulator: Any) -> None:
    first = play(emulator, "provision.yml")
    assert first["changed"] == 5
    emulator.clear_log()
    second = play(emulator, "provision.yml")
    assert second["changed"] == 0
    assert writes(emulator) == {}, "the re-run of provision.yml sent write requests"
    play(emulator, "teardown.yml")
    leftovers = {kind: n for kind, n in emulator.state()["counts"].items() if n}
    assert not leftovers, f"teardown.yml left resources behind: {leftovers}"
