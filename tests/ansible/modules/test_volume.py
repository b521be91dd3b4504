"""barrack.cloud.volume against the emulator, in-process (module_run);
the tests that need ansible-playbook itself use ansible_run."""

from __future__ import annotations

import pytest

MOD = "barrack.cloud.volume"
DATA = {"name": "data", "region": "FINLAND-1", "size_gb": 100, "volume_type": "NVMe", "description": "training"}


def volumes_named(client, name: str) -> list:
    return [v for v in client.volumes.list() if v.name == name]


def test_lifecycle_check_grow_idempotence_delete(module_run, emulator, barrack_client, write_requests):
    grown = dict(DATA, size_gb=200)
    gone = {"name": "data", "region": "FINLAND-1", "state": "absent"}
    run = module_run(
        [
            {"name": "create (check)", MOD: DATA, "check_mode": True, "diff": True},
            {"name": "create", MOD: DATA, "diff": True, "register": "created"},
            {"name": "again", MOD: DATA, "diff": True},
            {"name": "by id", MOD: {"id": "{{ created.barrack_volume.id }}", "size_gb": 100}},
            {"name": "grow (check)", MOD: grown, "check_mode": True, "diff": True},
            {"name": "grow", MOD: grown, "diff": True},
            {"name": "grow again", MOD: grown},
            {"name": "delete (check)", MOD: gone, "check_mode": True, "diff": True},
            {"name": "delete", MOD: gone, "diff": True},
            {"name": "delete again", MOD: gone},
        ]
    )
    check = run["create (check)"]
    assert check.changed and check.diff["before"] == {} and check.diff["after"]["size_gb"] == 100
    created = run["create"]["barrack_volume"]
    assert run["create"].changed and created["status"] == "available" and created["size_gb"] == 100
    assert created["tier"] == "advanced"
    assert not run["again"].changed and not run["by id"].changed
    assert run["grow (check)"].changed and run["grow (check)"].diff["after"]["size_gb"] == 200
    assert run["grow (check)"].diff["before"]["size_gb"] == 100
    assert run["grow"].changed and run["grow"]["barrack_volume"]["size_gb"] == 200
    assert run["grow"]["barrack_volume"]["id"] == created["id"]
    assert not run["grow again"].changed
    assert run["delete (check)"].changed and run["delete (check)"].diff["after"] == {}
    assert run["delete"].changed and not run["delete again"].changed
    assert write_requests() == {"POST /volumes/": 1, "POST /volumes/{id}/resize/": 1, "DELETE /volumes/{id}/": 1}
    assert volumes_named(barrack_client, "data") == []


def test_check_flag_and_rerun_send_no_write(module_run, emulator, writes):
    tasks = [{"name": "vol", MOD: DATA}]
    assert module_run(tasks, check=True, diff=True)[0].changed
    assert writes() == 0
    module_run(tasks)
    emulator.clear_log()
    again = module_run([*tasks, {"name": "check again", MOD: DATA, "check_mode": True}], diff=True)
    assert not again[0].changed and not again[1].changed
    assert writes() == 0


def test_bad_input_and_impossible_changes_fail_before_writing(module_run, emulator, barrack_client, write_requests):
    legacy = {"name": "old", "region": "CANADA-1", "size_gb": 100, "volume_type": "SSD"}
    run = module_run(
        [
            {"name": "too small", MOD: dict(DATA, size_gb=50)},
            {"name": "wrong type", MOD: dict(DATA, volume_type="SSD")},
            {"name": "bad name", MOD: dict(DATA, name="-x")},
            {"name": "bad region", MOD: dict(DATA, region="MARS-1")},
            {"name": "missing size", MOD: {"name": "data", "region": "FINLAND-1", "volume_type": "NVMe"}},
            {"name": "create", MOD: DATA},
            {"name": "shrink", MOD: dict(DATA, size_gb=99)},
            {"name": "shrink valid size", MOD: {"name": "data", "region": "FINLAND-1", "size_gb": 100}},
            {"name": "create legacy", MOD: legacy},
            {"name": "resize legacy", MOD: dict(legacy, size_gb=200)},
            {"name": "create-only change", MOD: dict(DATA, description="other", volume_type="HDD")},
        ],
        allow_failures=True,
    )
    failed = {t.name for t in run if t.failed}
    assert failed == {
        "too small",
        "wrong type",
        "bad name",
        "bad region",
        "missing size",
        "shrink",
        "resize legacy",
        "create-only change",
    }, [(t.name, t.msg) for t in run]
    assert "size_gb" in run["too small"].msg and "100" in run["too small"].msg
    assert "volume_type" in run["wrong type"].msg
    assert "'name'" in run["bad name"].msg
    assert "region" in run["bad region"].msg and "MARS-1" in run["bad region"].msg
    assert "size_gb" in run["missing size"].msg and "required" in run["missing size"].msg
    assert "size_gb" in run["shrink"].msg
    assert "size_gb" in run["resize legacy"].msg and "legacy" in run["resize legacy"].msg
    assert "description" in run["create-only change"].msg and "volume_type" in run["create-only change"].msg
    assert "Traceback" not in " ".join(t.msg for t in run)
    assert not run["shrink valid size"].changed
    assert write_requests() == {"POST /volumes/": 2}
    [vol] = volumes_named(barrack_client, "data")
    assert vol.size_gb == 100 and vol.volume_type == "NVMe" and vol.description == "training"


def test_faults_end_with_exactly_one_volume(module_run, emulator, barrack_client):
    emulator.add_fault("GET", "/volumes/", "status", status=429, retry_after=0)
    emulator.add_fault("POST", "/volumes/", "status", status=503)
    emulator.add_fault("POST", "/volumes/", "drop_after_commit")
    emulator.add_fault("GET", "/volumes/{id}/", "status", status=502)
    run = module_run([{"name": "create", MOD: DATA}, {"name": "again", MOD: DATA}])
    assert run["create"].changed and not run["again"].changed
    assert run["create"]["barrack_volume"]["status"] == "available"
    assert len(volumes_named(barrack_client, "data")) == 1


@pytest.mark.slow  # real waiting: retry backoff or emulator transitions
def test_server_error_on_create_is_reported(module_run, emulator, barrack_client):
    emulator.add_fault("POST", "/volumes/", "status", status=500, times=20)
    run = module_run([{"name": "create", MOD: DATA}], allow_failures=True)
    task = run[0]
    assert task.failed and task["status"] == 500 and task.get("request_id")
    assert len(volumes_named(barrack_client, "data")) <= 1


def test_delete_detaches_with_detach_and_stop_if_needed(module_run, emulator, barrack_client, write_requests):
    (inst,) = emulator.seed("instances", 1, name="vm", region="FINLAND-1", status="HIBERNATED")
    vol = barrack_client.volumes.create(name="data", region="FINLAND-1", size_gb=100, volume_type="NVMe")
    emulator.set_status("instances", inst, "SHUTOFF")
    barrack_client.instances.attach_volumes(inst, [vol.id])
    emulator.set_status("instances", inst, "HIBERNATED")
    emulator.clear_log()
    gone = {"name": "data", "region": "FINLAND-1", "state": "absent"}
    run = module_run(
        [
            {"name": "attached", MOD: gone},
            {"name": "attached (check)", MOD: gone, "check_mode": True},
            {"name": "detach, running", MOD: dict(gone, detach=True)},
            {"name": "detach (check)", MOD: dict(gone, detach=True, stop_if_needed=True), "check_mode": True},
            {"name": "detach", MOD: dict(gone, detach=True, stop_if_needed=True)},
            {"name": "again", MOD: dict(gone, detach=True, stop_if_needed=True)},
        ],
        allow_failures=True,
    )
    assert [t.name for t in run if t.failed] == ["attached", "detach, running"], [(t.name, t.msg) for t in run]
    assert "detach=true" in run["attached"].msg and not run["attached"].changed
    assert run["attached (check)"].changed and any("detach=true" in w for w in run["attached (check)"].warnings)
    assert "stop_if_needed" in run["detach, running"].msg and not run["detach, running"].changed
    assert run["detach (check)"].changed and run["detach"].changed and not run["again"].changed
    assert volumes_named(barrack_client, "data") == []
    assert barrack_client.instances.get(inst).status == "HIBERNATED"  # brought back to its power state
    assert write_requests()["POST /instances/{id}/detach-volumes/"] == 1
    assert write_requests()["DELETE /volumes/{id}/"] == 1


def test_teardown_preview_after_a_predicted_instance_delete(module_run, emulator, barrack_client, writes):
    (inst,) = emulator.seed("instances", 1, name="vm", region="FINLAND-1", status="SHUTOFF")
    vol = barrack_client.volumes.create(name="data", region="FINLAND-1", size_gb=100, volume_type="NVMe")
    barrack_client.instances.attach_volumes(inst, [vol.id])
    emulator.clear_log()
    teardown = [
        {"name": "instance", "barrack.cloud.instance": {"name": "vm", "state": "absent"}},
        {"name": "volume", MOD: {"name": "data", "region": "FINLAND-1", "state": "absent"}},
    ]
    preview = module_run(teardown, check=True, diff=True)
    assert [t.changed for t in preview] == [True, True] and writes() == 0
    assert preview["volume"].diff["after"] == {}
    real = module_run(teardown)  # deleting the instance releases the volume
    assert [t.changed for t in real] == [True, True] and volumes_named(barrack_client, "data") == []


def test_clone_from_and_description_recreate(module_run, emulator, barrack_client, write_requests):
    emulator.seed("volumes", 1, name="src", region="FINLAND-1", size_gb=300, volume_type="HDD")
    clone = {"name": "copy", "region": "FINLAND-1", "clone_from": "src"}
    run = module_run(
        [
            {"name": "clone (check)", MOD: clone, "check_mode": True, "diff": True},
            {"name": "clone", MOD: clone},
            {"name": "clone again", MOD: clone},
            {"name": "other type", MOD: dict(clone, name="copy2", volume_type="NVMe")},
            {
                "name": "predicted source (check)",
                MOD: dict(clone, name="copy3", clone_from="later"),
                "check_mode": True,
            },
            {"name": "missing source", MOD: dict(clone, name="copy3", clone_from="later")},
            {"name": "other description", MOD: dict(clone, description="new")},
            {"name": "recreate (check)", MOD: dict(clone, description="new", recreate=True), "check_mode": True},
            {"name": "recreate", MOD: dict(clone, description="new", recreate=True)},
        ],
        allow_failures=True,
    )
    failed = [t.name for t in run if t.failed]
    assert failed == ["other type", "missing source", "other description"], [(t.name, t.msg) for t in run]
    assert (
        run["clone (check)"].diff["after"]["size_gb"] == 300
        and run["clone (check)"].diff["after"]["volume_type"] == "HDD"
    )
    made = run["clone"]["barrack_volume"]
    assert run["clone"].changed and (made["size_gb"], made["volume_type"]) == (300, "HDD")
    assert not run["clone again"].changed
    assert "volume_type" in run["other type"].msg and "HDD" in run["other type"].msg
    assert run["predicted source (check)"].changed and any(
        "later" in w for w in run["predicted source (check)"].warnings
    )
    assert "'clone_from'" in run["missing source"].msg
    assert "description" in run["other description"].msg and "recreate=true" in run["other description"].msg
    assert run["recreate (check)"].changed and run["recreate"].changed
    [copy] = volumes_named(barrack_client, "copy")
    assert copy.description == "new" and copy.id != made["id"]
    assert write_requests()["POST /volumes/{id}/clone/"] == 1 and write_requests()["DELETE /volumes/{id}/"] == 1


def test_error_status_fails_again_or_is_recreated(module_run, emulator, barrack_client):
    vol = barrack_client.volumes.create(**DATA)
    emulator.set_status("volumes", vol.id, "error")
    run = module_run(
        [
            {"name": "again", MOD: DATA},
            {"name": "again 2", MOD: DATA},
            {"name": "recreate", MOD: dict(DATA, recreate=True)},
        ],
        allow_failures=True,
    )
    for name in ("again", "again 2"):
        assert run[name].failed and "error" in run[name].msg and "recreate" in run[name].msg and not run[name].changed
    assert run["recreate"].changed and run["recreate"]["barrack_volume"]["status"] == "available"
    [only] = volumes_named(barrack_client, "data")
    assert only.id != vol.id


def test_a_create_that_times_out_reports_changed(module_run, emulator, barrack_client):
    emulator.configure(delay_scale=1.0)  # a volume takes seconds to become available
    run = module_run([{"name": "create", MOD: dict(DATA, wait_timeout=1)}], allow_failures=True)
    task = run["create"]
    assert task.failed and task.changed, task.result
    assert len(volumes_named(barrack_client, "data")) == 1
