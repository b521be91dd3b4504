"""barrack.cloud.ssh_key against the emulator, in-process (module_run);
the tests that need ansible-playbook itself use ansible_run."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

MOD = "barrack.cloud.ssh_key"


def new_key(comment: str = "me@laptop") -> str:
    raw = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.OpenSSH, PublicFormat.OpenSSH).decode()
    return f"{raw} {comment}"


def fingerprint(key: str) -> str:
    blob = base64.b64decode(key.split()[1])
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def keys_named(client, name: str) -> list:
    return [k for k in client.ssh_keys.list() if k.name == name]


def test_lifecycle_check_diff_idempotence(module_run, emulator, barrack_client, write_requests):
    key = new_key()
    same_key_other_comment = key.rsplit(" ", 1)[0] + " other@host"
    task = {"name": "k1", "public_key": key}
    run = module_run(
        [
            {"name": "create (check)", MOD: task, "check_mode": True, "diff": True},
            {"name": "create", MOD: task, "diff": True},
            {"name": "again, other comment", MOD: {"name": "k1", "public_key": same_key_other_comment}, "diff": True},
            {"name": "delete (check)", MOD: {"name": "k1", "state": "absent"}, "check_mode": True, "diff": True},
            {"name": "delete", MOD: {"name": "k1", "state": "absent"}, "diff": True},
            {"name": "delete again", MOD: {"name": "k1", "state": "absent"}},
        ]
    )
    check, create, again, del_check, delete, del_again = run.tasks
    assert check.changed and check.diff["before"] == {}
    assert check.diff["after"]["name"] == "k1"
    assert check["barrack_ssh_key"]["fingerprint"] == fingerprint(key)

    assert create.changed
    created = create["barrack_ssh_key"]
    assert created["id"] and created["fingerprint"] == fingerprint(key)
    assert create.diff["before"] == {} and create.diff["after"]["id"] == created["id"]

    assert not again.changed and "diff" not in again.result
    assert again["barrack_ssh_key"]["id"] == created["id"]

    assert del_check.changed and del_check.diff["before"]["id"] == created["id"] and del_check.diff["after"] == {}
    assert delete.changed and delete["barrack_ssh_key"] == {}
    assert not del_again.changed
    # one create and one delete: the check-mode and idempotent tasks wrote nothing
    assert write_requests() == {"POST /ssh-keys/": 1, "DELETE /ssh-keys/{id}/": 1}
    assert keys_named(barrack_client, "k1") == []


def test_check_flag_and_idempotent_rerun_send_no_write(module_run, emulator, writes):
    key = new_key()
    tasks = [{"name": "key", MOD: {"name": "k2", "public_key": key}}]
    predicted = module_run(tasks, check=True, diff=True)
    assert predicted[0].changed and predicted[0].diff["after"]["fingerprint"] == fingerprint(key)
    assert writes() == 0
    module_run(tasks)
    emulator.clear_log()
    rerun = module_run(tasks, diff=True)
    assert not rerun[0].changed
    assert writes() == 0


def test_bad_input_fails_naming_the_option(module_run, emulator, writes):
    good = new_key()
    run = module_run(
        [
            {"name": "bad key", MOD: {"name": "k3", "public_key": "ssh-ed25519 not-base64!"}},
            {"name": "bad type", MOD: {"name": "k3", "public_key": "ssh-dss AAAAB3NzaC1kc3M= x"}},
            {"name": "bad name", MOD: {"name": "has space", "public_key": good}},
            {"name": "no key", MOD: {"name": "k3"}},
            {"name": "unknown id", MOD: {"id": "999999", "public_key": good}},
            {"name": "no name or id", MOD: {"public_key": good}},
        ],
        allow_failures=True,
    )
    assert all(t.failed for t in run), [t.msg for t in run]
    assert "public_key" in run["bad key"].msg
    assert "public_key" in run["bad type"].msg
    assert "'name'" in run["bad name"].msg and "no spaces" in run["bad name"].msg
    assert "public_key" in run["no key"].msg and "required" in run["no key"].msg
    assert "999999" in run["unknown id"].msg
    assert "id" in run["no name or id"].msg and "name" in run["no name or id"].msg
    assert "Traceback" not in "".join(t.msg for t in run)
    assert writes() == 0


def test_changed_key_fails_naming_the_option_unless_recreate(module_run, emulator, barrack_client, writes):
    first, second = new_key(), new_key()
    run = module_run(
        [
            {"name": "create", MOD: {"name": "k4", "public_key": first}},
            {"name": "other key", MOD: {"name": "k4", "public_key": second}, "diff": True},
            {
                "name": "recreate (check)",
                MOD: {"name": "k4", "public_key": second, "recreate": True},
                "check_mode": True,
                "diff": True,
            },
            {"name": "recreate", MOD: {"name": "k4", "public_key": second, "recreate": True}, "diff": True},
            {"name": "recreate again", MOD: {"name": "k4", "public_key": second, "recreate": True}},
        ],
        allow_failures=True,
    )
    other = run["other key"]
    assert other.failed and not other.changed and "public_key" in other.msg and "recreate" in other.msg
    assert [t.name for t in run if t.failed] == ["other key"]
    assert run["recreate (check)"].changed
    assert run["recreate (check)"].diff["after"]["fingerprint"] == fingerprint(second)
    rec = run["recreate"]
    assert rec.changed and rec.diff["before"]["fingerprint"] == fingerprint(first)
    assert rec["barrack_ssh_key"]["fingerprint"] == fingerprint(second)
    assert not run["recreate again"].changed
    [only] = keys_named(barrack_client, "k4")
    assert only.fingerprint == fingerprint(second)


def test_faults_end_with_exactly_one_key(module_run, emulator, barrack_client):
    emulator.add_fault("GET", "/ssh-keys/", "status", status=429, retry_after=0)
    emulator.add_fault("POST", "/ssh-keys/", "status", status=503)
    emulator.add_fault("POST", "/ssh-keys/", "drop_after_commit")
    emulator.add_fault("GET", "/ssh-keys/", "status", status=502)
    run = module_run([{"name": "create", MOD: {"name": "k5", "public_key": new_key()}}])
    assert run[0].changed
    assert len(keys_named(barrack_client, "k5")) == 1


@pytest.mark.slow  # real waiting: retry backoff or emulator transitions
def test_api_error_is_reported_with_status_code_and_request_id(module_run, emulator):
    emulator.add_fault("GET", "/ssh-keys/", "status", status=500, times=20)
    run = module_run([{"name": "create", MOD: {"name": "k6", "public_key": new_key()}}], allow_failures=True)
    task = run[0]
    assert task.failed
    assert task["status"] == 500
    assert task.get("error_code")
    assert task.get("request_id") and task["request_id"] in task.msg
    assert "500" in task.msg and "Traceback" not in task.msg


def test_wrong_api_key_fails_without_leaking_it(ansible_run, emulator):
    run = ansible_run(
        [{"name": "create", MOD: {"name": "k7", "public_key": new_key()}}],
        api_key="super-secret-wrong-key",
        allow_failures=True,
        verbosity=3,
    )
    assert run[0].failed and run[0]["status"] == 401
    assert "super-secret-wrong-key" not in run.stdout + run.stderr + run[0].msg
