"""The examples, run the way a user runs them: ``python -m pulumi_barrack.runner`` (and ``run.sh``) in a subprocess
against the emulator."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from engine_support import Engine, counts, list_all, writes

REPO = Path(__file__).resolve().parents[3]
WORKSTATION = REPO / "examples" / "pulumi" / "gpu-workstation"
P2A = REPO / "examples" / "pulumi-to-ansible"


def runner_env(engine: Engine, emulator: Any, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PULUMI_CONFIG_PASSPHRASE_FILE", None)
    env.update(
        PULUMI_ENGINE_BIN=str(engine.bin_dir),
        PULUMI_HOME=str(engine.home),
        PULUMI_CONFIG_PASSPHRASE=engine.passphrase,
        BARRACK_API_URL=emulator.base_url,
        BARRACK_API_KEY=emulator.api_key,
    )
    env.update(extra)
    return env


def run_runner(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pulumi_barrack.runner", *args, "--color", "never"]
        if args[0] != "outputs"
        else [sys.executable, "-m", "pulumi_barrack.runner", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_gpu_workstation_example(engine: Engine, emulator: Any, tmp_path: Path) -> None:
    env = runner_env(engine, emulator)
    where = [str(WORKSTATION), "--stack", "ex", "--backend-url", f"file://{tmp_path / 'state'}"]

    up = run_runner(env, "up", *where)
    assert up.returncode == 0, up.stdout + up.stderr
    assert counts(emulator) == {
        "instances": 1,
        "volumes": 1,
        "firewalls": 1,
        "ssh-keys": 1,
        "scripts": 0,
        "snapshots": 0,
        "custom-images": 0,
    }
    lists = list_all(emulator)
    (vm,) = lists["instances"]
    assert lists["volumes"][0]["attached_to"] == vm["instance_id"]
    assert [a["instance_id"] for a in lists["firewalls"][0]["attachments"]] == [vm["instance_id"]]

    out = run_runner(env, "outputs", *where)
    assert out.returncode == 0, out.stderr
    outputs = json.loads(out.stdout)
    assert outputs["ip"] == vm["ip_address"]
    assert outputs["hourly_cost"] == vm["billing"]["hourly_rate"] > 0
    assert outputs["private_key"] == "[secret]"
    assert emulator.api_key not in out.stdout + up.stdout + up.stderr

    emulator.clear_log()
    preview = run_runner(env, "preview", *where, "--expect-no-changes")
    assert preview.returncode == 0, preview.stdout + preview.stderr
    assert 'change summary: {"same": 7}' in preview.stdout
    assert emulator.request_counts().total() == 0

    down = run_runner(env, "destroy", *where, "--remove")
    assert down.returncode == 0, down.stdout + down.stderr
    assert sum(counts(emulator).values()) == 0


def test_runner_reports_failures_with_exit_status(engine: Engine, emulator: Any, tmp_path: Path) -> None:
    where = [str(WORKSTATION), "--stack", "bad", "--backend-url", f"file://{tmp_path / 'state'}"]
    no_pass = run_runner(runner_env(engine, emulator, PULUMI_CONFIG_PASSPHRASE=""), "preview", *where)
    assert no_pass.returncode == 2
    assert "PULUMI_CONFIG_PASSPHRASE is not set" in no_pass.stderr
    assert "Traceback" not in no_pass.stderr

    emulator.clear_log()
    bad = run_runner(runner_env(engine, emulator), "up", *where, "-c", "gpuCount=3")
    assert bad.returncode == 1
    assert "gpu_count" in bad.stdout + bad.stderr
    assert "up failed" in bad.stderr
    assert counts(emulator)["instances"] == 0
    assert "POST /instances/" not in writes(emulator.request_log())


@pytest.mark.ansible
def test_pulumi_to_ansible_example(engine: Engine, emulator: Any, tmp_path: Path) -> None:
    playbook = Path(sys.executable).parent / "ansible-playbook"
    if not playbook.exists() and not shutil.which("ansible-playbook"):
        pytest.skip("ansible-playbook is not installed")
    if not (REPO / "ansible_collections/barrack/cloud/plugins/inventory/barrack.py").is_file():
        pytest.skip("the barrack.cloud inventory plugin is not there yet")
    env = runner_env(engine, emulator, WORK_DIR=str(tmp_path), STACK="t", PYTHON=sys.executable)
    env.pop("BARRACK_API_URL")
    run = subprocess.run(
        [str(P2A / "run.sh"), emulator.base_url], env=env, capture_output=True, text=True, timeout=900, check=False
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    assert "failed=0" in run.stdout
    lists = list_all(emulator)
    assert sorted(i["vm_name"] for i in lists["instances"]) == ["p2a-t-node-1", "p2a-t-node-2"]
    assert {i["status"] for i in lists["instances"]} == {"ACTIVE"}
    snapshots = {s["name"]: s["instance_id"] for s in lists["snapshots"]}
    assert snapshots == {f"{i['vm_name']}-backup": i["instance_id"] for i in lists["instances"]}
    report = (tmp_path / "report.txt").read_text().splitlines()
    assert sorted(line.split()[0] for line in report) == ["p2a-t-node-1", "p2a-t-node-2"]
    outputs = json.loads((tmp_path / "stack-outputs.json").read_text())
    assert {n["id"] for n in outputs["nodes"].values()} == {i["instance_id"] for i in lists["instances"]}
    assert emulator.api_key not in (tmp_path / "stack-outputs.json").read_text()

    # Ansible's snapshots are no change for the stack, even after a refresh
    env["BARRACK_API_URL"] = emulator.base_url
    where = [str(P2A / "stack"), "--stack", "t", "--backend-url", f"file://{tmp_path / 'state'}"]
    preview = run_runner(env, "preview", *where, "--refresh", "--expect-no-changes")
    assert preview.returncode == 0, preview.stdout + preview.stderr

    # DESTROY=1: the backups are deleted by Ansible, the stack by Pulumi
    env.update(DESTROY="1")
    run = subprocess.run(
        [str(P2A / "run.sh"), emulator.base_url], env=env, capture_output=True, text=True, timeout=900, check=False
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    assert sum(counts(emulator).values()) == 0
