"""barrack.cloud.volume_attachment against the emulator, through ansible-playbook."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ansible

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


def test_attach_detach_with_tier_preconditions(ansible_run, emulator, barrack_client, fleet, write_requests):
    lv_leg = {"volume": "lv", "instance": "leg"}
    av_adv = {"volume": "av", "instance": fleet["adv"], "stop_if_needed": True}
    run = ansible_run(
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
    att = run["attach"]["barrack_volume_attachment"]
    assert run["attach"].changed and att["attached"] and att["volume_status"] == "in-use"
    assert att["instance_status"] == "ACTIVE" and not att["stopped_instance"]
    assert not run["attach again"].changed

    assert "stop_if_needed" in run["advanced, running"].msg and "SHUTOFF" in run["advanced, running"].msg
    assert run["advanced (check)"].changed
    adv = run["advanced, stop_if_needed"]["barrack_volume_attachment"]
    assert adv["attached"] and adv["stopped_instance"] and adv["instance_status"] == "ACTIVE"
    assert not run["advanced again"].changed
    assert run["advanced detach"].changed and not run["advanced detach"]["barrack_volume_attachment"]["attached"]

    assert "attached" in run["delete attached volume"].msg and "detach" in run["delete attached volume"].msg
    assert run["detach (check)"].changed and run["detach"].changed and not run["detach again"].changed
    assert "'volume'" in run["unknown volume"].msg and "'instance'" in run["unknown instance"].msg
    assert "'volume'" in run["volume of another region"].msg

    assert barrack_client.volumes.get(fleet["lv"]).attached_to is None
    assert barrack_client.instances.get(fleet["adv"]).status == "ACTIVE"
    assert write_requests() == {
        "POST /instances/{id}/attach-volumes/": 2,
        "POST /instances/{id}/detach-volumes/": 2,
        "POST /instances/{id}/stop/": 2,
        "POST /instances/{id}/start/": 2,
    }


def test_stopped_advanced_instance_needs_no_stop(ansible_run, emulator, barrack_client, fleet, write_requests):
    emulator.set_status("instances", fleet["adv"], "SHUTOFF")
    run = ansible_run([{"name": "attach", MOD: {"volume": "av", "instance": "adv"}}])
    assert run[0].changed and not run[0]["barrack_volume_attachment"]["stopped_instance"]
    assert barrack_client.instances.get(fleet["adv"]).status == "SHUTOFF"
    assert write_requests() == {"POST /instances/{id}/attach-volumes/": 1}


def test_faults_end_attached_once(ansible_run, emulator, barrack_client, fleet):
    emulator.add_fault("GET", "/volumes/", "status", status=429, retry_after=0)
    emulator.add_fault("POST", "/instances/{id}/attach-volumes/", "status", status=502)
    emulator.add_fault("POST", "/instances/{id}/attach-volumes/", "drop_after_commit")
    run = ansible_run(
        [
            {"name": "attach", MOD: {"volume": "lv", "instance": "leg"}},
            {"name": "again", MOD: {"volume": "lv", "instance": "leg"}},
        ]
    )
    assert run["attach"].changed and not run["again"].changed
    inst = barrack_client.instances.get(fleet["leg"])
    assert inst.volume_ids == [fleet["lv"]]
