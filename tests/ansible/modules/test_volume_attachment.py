"""barrack.cloud.volume_attachment against the emulator, in-process (module_run);
the tests that need ansible-playbook itself use ansible_run."""

from __future__ import annotations

import pytest

MOD = "barrack.cloud.volume_attachment"


@pytest.fixture
def fleet(emulator):
    """A legacy and an advanced ACTIVE instance, each with a volume in its region."""
    return {
        "leg": emulator.seed("instances", 1, name="leg", region="CANADA-1")[0],
        "adv": emulator.seed("instances", 1, name="adv", region="FINLAND-1")[0],
        "lv": emulator.seed("volumes", 1, name="lv", region="CANADA-1")[0],
        "av": emulator.seed("volumes", 1, name="av", region="FINLAND-1")[0],
    }


def test_attach_detach_with_the_stop_precondition(module_run, emulator, barrack_client, fleet, write_requests):
    lv_leg = {"volume": "lv", "instance": "leg", "stop_if_needed": True}
    av_adv = {"volume": "av", "instance": fleet["adv"], "stop_if_needed": True}
    run = module_run(
        [
            {"name": "attach (check)", MOD: lv_leg, "check_mode": True, "diff": True},
            {"name": "attach", MOD: lv_leg, "diff": True},
            {"name": "attach again", MOD: {"volume": fleet["lv"], "instance": fleet["leg"]}},
            {"name": "advanced, running", MOD: {"volume": "av", "instance": "adv"}},
            {"name": "advanced (check)", MOD: av_adv, "check_mode": True},
            {"name": "advanced, stop_if_needed", MOD: av_adv},
            {"name": "advanced again", MOD: av_adv},
            {"name": "advanced detach", MOD: dict(av_adv, state="absent")},
            {"name": "delete attached volume", "barrack.cloud.volume": {"name": "lv", "state": "absent"}},
            {"name": "detach (check)", MOD: dict(lv_leg, state="absent"), "check_mode": True, "diff": True},
            {"name": "detach", MOD: dict(lv_leg, state="absent")},
            {"name": "detach again", MOD: dict(lv_leg, state="absent")},
            {"name": "unknown volume", MOD: {"volume": "nope", "instance": "leg"}},
            {"name": "unknown instance", MOD: {"volume": "lv", "instance": "nope"}},
            {"name": "volume of another region", MOD: {"volume": "av", "instance": "leg"}},
        ],
        allow_failures=True,
    )
    failed = {t.name for t in run if t.failed}
    assert failed == {
        "advanced, running",
        "delete attached volume",
        "unknown volume",
        "unknown instance",
        "volume of another region",
    }, [(t.name, t.msg) for t in run]

    assert run["attach (check)"].changed
    assert run["attach (check)"].diff == {
        "before": dict(run["attach (check)"].diff["before"], attached=False),
        "after": dict(run["attach (check)"].diff["after"], attached=True),
    }
    assert run["attach (check)"].diff["after"]["stopped_instance"]
    att = run["attach"]["barrack_volume_attachment"]
    assert run["attach"].changed and att["attached"] and att["volume_status"] == "in-use"
    assert att["instance_status"] == "ACTIVE" and att["stopped_instance"]
    assert not run["attach again"].changed

    running = run["advanced, running"]
    assert "stop_if_needed" in running.msg and "SHUTOFF" in running.msg and not running.changed
    assert run["advanced (check)"].changed
    adv = run["advanced, stop_if_needed"]["barrack_volume_attachment"]
    assert adv["attached"] and adv["stopped_instance"] and adv["instance_status"] == "ACTIVE"
    assert not run["advanced again"].changed
    assert run["advanced detach"].changed and not run["advanced detach"]["barrack_volume_attachment"]["attached"]

    deleting = run["delete attached volume"]
    assert "attached" in deleting.msg and "detach" in deleting.msg and not deleting.changed
    assert run["detach (check)"].changed and run["detach"].changed and not run["detach again"].changed
    assert "'volume'" in run["unknown volume"].msg and "'instance'" in run["unknown instance"].msg
    assert "'volume'" in run["volume of another region"].msg

    assert barrack_client.volumes.get(fleet["lv"]).attached_to is None
    assert barrack_client.instances.get(fleet["adv"]).status == "ACTIVE"
    assert write_requests() == {
        "POST /instances/{id}/attach-volumes/": 2,
        "POST /instances/{id}/detach-volumes/": 2,
        "POST /instances/{id}/stop/": 4,
        "POST /instances/{id}/start/": 4,
    }


def test_stopped_instance_needs_no_stop(module_run, emulator, barrack_client, fleet, write_requests):
    emulator.set_status("instances", fleet["adv"], "SHUTOFF")
    run = module_run([{"name": "attach", MOD: {"volume": "av", "instance": "adv"}}])
    assert run[0].changed and not run[0]["barrack_volume_attachment"]["stopped_instance"]
    assert barrack_client.instances.get(fleet["adv"]).status == "SHUTOFF"
    assert write_requests() == {"POST /instances/{id}/attach-volumes/": 1}


def test_hibernated_instance_is_stopped_and_hibernated_again(module_run, emulator, barrack_client, fleet):
    emulator.set_status("instances", fleet["adv"], "HIBERNATED")
    task = {"volume": "av", "instance": "adv", "stop_if_needed": True}
    run = module_run(
        [
            {"name": "without stop", MOD: dict(task, stop_if_needed=False)},
            {"name": "attach", MOD: task},
            {"name": "detach", MOD: dict(task, state="absent")},
        ],
        allow_failures=True,
    )
    assert run["without stop"].failed and "stop_if_needed" in run["without stop"].msg
    for name in ("attach", "detach"):
        result = run[name]["barrack_volume_attachment"]
        assert run[name].changed and result["stopped_instance"] and result["instance_status"] == "HIBERNATED", name
    assert barrack_client.instances.get(fleet["adv"]).status == "HIBERNATED"
    assert barrack_client.volumes.get(fleet["av"]).attached_to is None


def test_teardown_twice_when_the_instance_or_volume_is_gone(module_run, emulator, barrack_client, fleet, writes):
    emulator.set_status("instances", fleet["leg"], "SHUTOFF")
    barrack_client.instances.attach_volumes(fleet["leg"], [fleet["lv"]])
    teardown = [
        {"name": "detach", MOD: {"volume": "lv", "instance": "leg", "state": "absent"}},
        {"name": "instance", "barrack.cloud.instance": {"name": "leg", "state": "absent"}},
        {"name": "volume", "barrack.cloud.volume": {"name": "lv", "region": "CANADA-1", "state": "absent"}},
    ]
    first = module_run(teardown)
    assert [t.changed for t in first] == [True, True, True]
    emulator.clear_log()
    second = module_run(teardown)
    assert [t.changed for t in second] == [False, False, False]
    assert second["detach"]["barrack_volume_attachment"]["attached"] is False
    only_volume = module_run([{"name": "detach", MOD: {"volume": "gone", "instance": "adv", "state": "absent"}}])
    assert not only_volume["detach"].changed
    assert writes() == 0


def test_check_mode_of_a_new_environment_warns_about_predicted_instances(module_run, emulator, fleet, writes):
    key = emulator.seed("ssh_keys", 1, name="k")[0]
    vm = {"name": "new-vm", "region": "CANADA-1", "gpu_model": "RTX-A6000", "gpu_count": 1, "ssh_keys": [key],
          "image": "Ubuntu Server 22.04 LTS R535 CUDA 12.2"}  # fmt: skip
    tasks = [
        {
            "name": "volume",
            "barrack.cloud.volume": {"name": "newvol", "region": "CANADA-1", "size_gb": 100, "volume_type": "SSD"},
        },
        {"name": "instance", "barrack.cloud.instance": vm},
        {"name": "attach", MOD: {"volume": "newvol", "instance": "new-vm", "stop_if_needed": True}},
    ]
    run = module_run(tasks, check=True, diff=True)
    assert all(t.changed and not t.failed for t in run)
    warned = " ".join(run["attach"].warnings)
    assert "new-vm" in warned and "check mode" in warned
    assert writes() == 0


def test_faults_end_attached_once(module_run, emulator, barrack_client, fleet):
    emulator.add_fault("GET", "/volumes/", "status", status=429, retry_after=0)
    emulator.add_fault("POST", "/instances/{id}/attach-volumes/", "status", status=502)
    emulator.add_fault("POST", "/instances/{id}/attach-volumes/", "drop_after_commit")
    run = module_run(
        [
            {"name": "attach", MOD: {"volume": "lv", "instance": "leg", "stop_if_needed": True}},
            {"name": "again", MOD: {"volume": "lv", "instance": "leg"}},
        ]
    )
    assert run["attach"].changed and not run["again"].changed
    inst = barrack_client.instances.get(fleet["leg"])
    assert inst.volume_ids == [fleet["lv"]]
