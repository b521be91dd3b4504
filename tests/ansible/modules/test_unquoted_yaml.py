"""Unquoted YAML scalars that YAML turns into numbers are refused on options that name things (issue 15.12),
through ansible-playbook with a hand-written YAML task file (the test helper writes its playbook as JSON)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from playbook import CALLBACK_DIR, REPO_ROOT, TaskResult

pytestmark = pytest.mark.ansible

PLAYBOOK = """\
- name: unquoted values
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - ansible.builtin.include_tasks: unquoted.yml
"""
TASKS = """\
- name: name 12:30
  barrack.cloud.ssh_key:
    name: 12:30
    public_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGXmM0YQbdEwGbQ4JjkVQ0T0r0iQm2xHqvYpS1vD6nX8 a@host
  ignore_errors: true
- name: name 01000
  barrack.cloud.volume:
    name: 01000
    region: CANADA-1
    size_gb: 100
  ignore_errors: true
- name: instance 0x1F4
  barrack.cloud.volume_attachment:
    volume: data
    instance: 0x1F4
  ignore_errors: true
- name: name .inf
  barrack.cloud.startup_script:
    name: .inf
    content: "#!/bin/sh"
  ignore_errors: true
- name: quoted
  barrack.cloud.ssh_key:
    name: "12:30"
    state: absent
"""


def run_yaml_playbook(workdir: Path, emulator) -> dict[str, TaskResult]:
    """ansible-playbook on the hand-written YAML files of `workdir`; the results by task name."""
    results = workdir / "results.jsonl"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "BARRACK_"))}
    env.update(
        ANSIBLE_COLLECTIONS_PATH=str(REPO_ROOT),
        ANSIBLE_CALLBACK_PLUGINS=str(CALLBACK_DIR),
        ANSIBLE_CALLBACKS_ENABLED="barrack_results",
        BARRACK_RESULTS_FILE=str(results),
        ANSIBLE_HOME=str(workdir / "ansible-home"),
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        BARRACK_API_URL=emulator.base_url,
        BARRACK_API_KEY=emulator.api_key,
    )
    command = [str(Path(sys.executable).with_name("ansible-playbook")), "-i", "localhost,", "playbook.yml"]
    proc = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert results.exists(), proc.stdout + proc.stderr
    items = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {i["task"]: TaskResult(i["task"], i["action"], i["status"], i["result"]) for i in items}


def test_unquoted_numbers_fail_naming_the_option(emulator, tmp_path: Path, writes) -> None:
    (tmp_path / "playbook.yml").write_text(PLAYBOOK, encoding="utf-8")
    (tmp_path / "unquoted.yml").write_text(TASKS, encoding="utf-8")
    run = run_yaml_playbook(tmp_path, emulator)
    expected = {"name 12:30": ("name", "750"), "name 01000": ("name", "512"), "instance 0x1F4": ("instance", "500")}
    for task, (option, number) in expected.items():
        result = run[task]
        assert result.failed and f"option '{option}' must be a string" in result.msg, result.msg
        assert number in result.msg and "quote" in result.msg, result.msg
    assert run["name .inf"].failed and "inf" in run["name .inf"].msg and "quote" in run["name .inf"].msg
    assert not run["quoted"].failed
    assert writes() == 0
