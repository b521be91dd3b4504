"""The examples, run the way a user runs them: the plain ``pulumi`` CLI in (a copy of) the program folder, and
``run.sh`` of pulumi-to-ansible, against the emulator."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from engine_support import Engine, counts, list_all, writes

from barrack_demo.pulumi_cli import copy_program

REPO = Path(__file__).resolve().parents[3]
WORKSTATION = REPO / "examples" / "pulumi" / "gpu-workstation"
P2A = REPO / "examples" / "pulumi-to-ansible"


def test_gpu_workstation_example(engine: Engine, emulator: Any) -> None:
    proj = engine.example(WORKSTATION, emulator)
    up = proj.up()
    assert up.returncode == 0
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

    outputs = proj.outputs()
    assert outputs["ip"] == vm["ip_address"]
    assert outputs["hourly_cost"] == vm["billing"]["hourly_rate"] > 0
    assert outputs["private_key"] == "[secret]"
    assert "OPENSSH PRIVATE KEY" in proj.outputs(show_secrets=True)["private_key"]
    assert emulator.api_key not in up.output + json.dumps(outputs)

    emulator.clear_log()
    assert proj.preview("--expect-no-changes").returncode == 0
    assert emulator.request_counts().total() == 0
    assert proj.refresh("--expect-no-changes").returncode == 0
    assert emulator.api_key.encode() not in engine.bytes_on_disk()

    proj.destroy()
    proj.run("stack", "rm", "--yes", proj.stack)
    assert sum(counts(emulator).values()) == 0
    assert not list((proj.dir).glob("Pulumi.*.yaml"))


def test_bad_config_fails_before_any_create(engine: Engine, emulator: Any) -> None:
    proj = engine.example(WORKSTATION, emulator, stack="bad")
    proj.run("config", "set", "gpuCount", "3")
    emulator.clear_log()
    failed = proj.up(check=False)
    assert failed.returncode != 0
    assert any("gpu_count" in e for e in failed.errors()), failed.output
    assert counts(emulator)["instances"] == 0
    assert "POST /instances/" not in writes(emulator.request_log())
    proj.destroy()


@pytest.mark.ansible
def test_pulumi_to_ansible_example(engine: Engine, emulator: Any, tmp_path: Path) -> None:
    playbook = Path(sys.executable).parent / "ansible-playbook"
    if not playbook.exists() and not shutil.which("ansible-playbook"):
        pytest.skip("ansible-playbook is not installed")
    example = copy_program(P2A, tmp_path / "pulumi-to-ansible")
    env = engine.workspace.env(
        {
            "BARRACK_API_KEY": emulator.api_key,
            "ANSIBLE_COLLECTIONS_PATH": str(REPO),  # the copy is outside the repo (its ansible.cfg points at ../..)
            "PYTHON": sys.executable,
            "STACK": "t",
            "WORK_DIR": str(tmp_path / "build"),
        }
    )
    run = subprocess.run(
        [str(example / "run.sh"), emulator.base_url], env=env, capture_output=True, text=True, timeout=900, check=False
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    assert "failed=0" in run.stdout
    lists = list_all(emulator)
    assert sorted(i["vm_name"] for i in lists["instances"]) == ["p2a-t-node-1", "p2a-t-node-2"]
    assert {i["status"] for i in lists["instances"]} == {"ACTIVE"}
    snapshots = {s["name"]: s["instance_id"] for s in lists["snapshots"]}
    assert snapshots == {f"{i['vm_name']}-backup": i["instance_id"] for i in lists["instances"]}
    report = (tmp_path / "build" / "report.txt").read_text().splitlines()
    assert sorted(line.split()[0] for line in report) == ["p2a-t-node-1", "p2a-t-node-2"]
    outputs = json.loads((tmp_path / "build" / "stack-outputs.json").read_text())
    assert {n["id"] for n in outputs["nodes"].values()} == {i["instance_id"] for i in lists["instances"]}
    assert emulator.api_key not in (tmp_path / "build" / "stack-outputs.json").read_text()

    # Ansible's snapshots are no change for the stack, even after a refresh
    pulumi = [str(engine.bin_dir / "pulumi"), "--non-interactive", "--color", "never"]
    preview = subprocess.run(
        [*pulumi, "preview", "--refresh", "--expect-no-changes", "--stack", "t"],
        cwd=example / "stack",
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert preview.returncode == 0, preview.stdout + preview.stderr

    # DESTROY=1: the backups are deleted by Ansible, the stack by Pulumi
    run = subprocess.run(
        [str(example / "run.sh"), emulator.base_url],
        env={**env, "DESTROY": "1"},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-3000:]
    assert sum(counts(emulator).values()) == 0
    assert not list((example / "stack").glob("Pulumi.*.yaml"))
