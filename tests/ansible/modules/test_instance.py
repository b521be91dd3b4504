"""barrack.cloud.instance against the emulator, in-process (module_run);
the tests that need ansible-playbook itself use ansible_run."""

from __future__ import annotations

import pytest

MOD = "barrack.cloud.instance"
IMAGE = "Ubuntu Server 22.04 LTS R535 CUDA 12.2"
SSH = {"protocol": "tcp", "port_range_min": 22}
ICMP = {"protocol": "icmp"}
BASE = {"name": "t1", "region": "CANADA-1", "gpu_model": "RTX-A6000", "gpu_count": 1, "image": IMAGE, "ssh_keys": ["k"]}


@pytest.fixture
def key(emulator) -> str:
    return emulator.seed("ssh_keys", 1, name="k")[0]


def instances_named(client, name: str) -> list:
    return [i for i in client.instances.list() if i.name == name]


def test_lifecycle_updates_and_power_states(module_run, emulator, barrack_client, key, write_requests):
    t1 = dict(BASE, security_rules=[SSH])
    gone = {"name": "t1", "state": "absent"}
    run = module_run(
        [
            {"name": "create (check)", MOD: t1, "check_mode": True, "diff": True},
            {"name": "create", MOD: t1, "diff": True},
            {"name": "again", MOD: dict(t1, ssh_keys=[key])},
            {"name": "no public ip (check)", MOD: {"name": "t1", "public_ip": False}, "check_mode": True, "diff": True},
            {"name": "no public ip", MOD: {"name": "t1", "public_ip": False}},
            {"name": "rules add", MOD: {"name": "t1", "security_rules": [ICMP, SSH]}},
            {"name": "rules remove", MOD: {"name": "t1", "security_rules": [ICMP]}, "diff": True},
            {"name": "rules again", MOD: {"name": "t1", "security_rules": [{"protocol": "ICMP"}]}},
            {"name": "stop (check)", MOD: {"name": "t1", "state": "stopped"}, "check_mode": True, "diff": True},
            {"name": "stop", MOD: {"name": "t1", "state": "stopped"}},
            {"name": "stop again", MOD: {"name": "t1", "state": "stopped"}},
            {"name": "start", MOD: {"name": "t1", "state": "started"}},
            {"name": "hibernate", MOD: {"name": "t1", "state": "hibernated"}},
            {"name": "restore", MOD: {"name": "t1", "state": "started"}},
            {"name": "restart", MOD: {"name": "t1", "state": "restarted"}},
            {"name": "delete (check)", MOD: gone, "check_mode": True, "diff": True},
            {"name": "delete", MOD: gone},
            {"name": "delete again", MOD: gone},
        ]
    )
    check = run["create (check)"]
    assert check.changed and check.diff["before"] == {}
    assert check.diff["after"]["vm_name"] == "t1" and check.diff["after"]["status"] == "ACTIVE"
    assert check["hourly_cost"] == pytest.approx(0.69) and check["currency"] == "USD"

    created = run["create"]
    inst = created["barrack_instance"]
    assert created.changed and inst["status"] == "ACTIVE" and inst["vm_name"] == "t1"
    assert created["hourly_cost"] == pytest.approx(0.69)
    assert [k["id"] for k in inst["ssh_keys"]] == [key]
    assert not run["again"].changed and "hourly_cost" not in run["again"].result

    ip_check = run["no public ip (check)"]
    assert ip_check.changed and ip_check.diff["before"]["ip_address"] and ip_check.diff["after"]["ip_address"] is None
    assert run["no public ip"].changed and run["no public ip"]["barrack_instance"]["ip_address"] is None

    assert run["rules add"].changed and len(run["rules add"]["barrack_instance"]["security_rules"]) == 2
    removed = run["rules remove"]
    assert removed.changed and [r["protocol"] for r in removed["barrack_instance"]["security_rules"]] == ["icmp"]
    assert not run["rules again"].changed

    assert run["stop (check)"].changed and run["stop (check)"].diff["after"]["status"] == "SHUTOFF"
    assert run["stop"]["barrack_instance"]["status"] == "SHUTOFF" and not run["stop again"].changed
    assert run["start"].changed and run["start"]["barrack_instance"]["status"] == "ACTIVE"
    assert run["hibernate"]["barrack_instance"]["status"] == "HIBERNATED"
    assert run["restore"].changed and run["restore"]["barrack_instance"]["status"] == "ACTIVE"
    assert run["restart"].changed and run["restart"]["barrack_instance"]["status"] == "ACTIVE"

    assert run["delete (check)"].changed and run["delete (check)"].diff["after"] == {}
    assert run["delete"].changed and not run["delete again"].changed
    assert instances_named(barrack_client, "t1") == []
    assert write_requests() == {
        "POST /instances/": 1,
        "POST /instances/{id}/toggle-public-ip/": 1,
        "POST /instances/{id}/security-rules/": 1,
        "DELETE /instances/{id}/security-rules/{rule_id}/": 1,
        "POST /instances/{id}/stop/": 1,
        "POST /instances/{id}/start/": 1,
        "POST /instances/{id}/hibernate/": 1,
        "POST /instances/{id}/restore/": 1,
        "POST /instances/{id}/reboot/": 1,
        "DELETE /instances/{id}/": 1,
    }


def test_check_mode_playbook_then_idempotent_rerun(module_run, emulator, writes):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    public_key = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.OpenSSH, PublicFormat.OpenSSH)
    tasks = [
        {"name": "key", "barrack.cloud.ssh_key": {"name": "k2", "public_key": public_key.decode()}},
        {"name": "vm", MOD: dict(BASE, name="t2", ssh_keys=["k2"], state="stopped")},
    ]
    predicted = module_run(tasks, check=True, diff=True)
    assert predicted["key"].changed and predicted["vm"].changed
    assert predicted["vm"].diff["after"]["status"] == "SHUTOFF"
    assert any("k2" in w for w in predicted["vm"].warnings)  # the key does not exist yet
    assert writes() == 0
    real = module_run(tasks)
    assert real["vm"]["barrack_instance"]["status"] == "SHUTOFF"
    emulator.clear_log()
    rerun = module_run(tasks, diff=True)
    assert not rerun["key"].changed and not rerun["vm"].changed
    assert writes() == 0


def test_create_only_change_fails_unless_recreate_replaces_the_instance(module_run, emulator, barrack_client, key):
    run = module_run(
        [
            {"name": "create", MOD: BASE},
            {"name": "create-only change", MOD: dict(BASE, gpu_count=2)},
            {"name": "recreate (check)", MOD: dict(BASE, gpu_count=2, recreate=True), "check_mode": True, "diff": True},
            {"name": "recreate", MOD: dict(BASE, gpu_count=2, recreate=True), "diff": True},
            {"name": "recreate again", MOD: dict(BASE, gpu_count=2, recreate=True)},
        ],
        allow_failures=True,
    )
    refused = run["create-only change"]
    assert [t.name for t in run if t.failed] == ["create-only change"], [(t.name, t.msg) for t in run]
    assert "gpu_count" in refused.msg and "recreate=true" in refused.msg and not refused.changed
    old = run["create"]["barrack_instance"]
    assert run["recreate (check)"].changed
    assert run["recreate (check)"].diff["after"]["specs"]["gpu_count"] == 2
    new = run["recreate"]["barrack_instance"]
    assert run["recreate"].changed and new["instance_id"] != old["instance_id"]
    assert new["specs"]["gpu_count"] == 2 and run["recreate"].diff["before"]["instance_id"] == old["instance_id"]
    assert not run["recreate again"].changed
    [only] = instances_named(barrack_client, "t1")
    assert only.id == new["instance_id"]


def test_error_status_fails_again_unless_stopped_or_recreated(module_run, emulator, barrack_client, key):
    (broken,) = emulator.seed("instances", 1, name="t1", region="CANADA-1", status="ERROR")
    run = module_run(
        [
            {"name": "again", MOD: BASE},
            {"name": "started", MOD: dict(BASE, state="started")},
            {"name": "stop it", MOD: {"name": "t1", "state": "stopped"}},
        ],
        allow_failures=True,
    )
    assert [t.name for t in run if t.failed] == ["again", "started"], [(t.name, t.msg) for t in run]
    assert all("ERROR" in run[n].msg and "recreate" in run[n].msg for n in ("again", "started"))
    assert run["stop it"].changed and barrack_client.instances.get(broken).status == "SHUTOFF"
    emulator.set_status("instances", broken, "ERROR")
    replaced = module_run([{"name": "recreate", MOD: dict(BASE, recreate=True)}])["recreate"]
    assert replaced.changed and replaced["barrack_instance"]["status"] == "ACTIVE"
    [only] = instances_named(barrack_client, "t1")
    assert only.id != broken


def test_a_create_that_times_out_in_build_reports_changed(module_run, emulator, barrack_client, key):
    emulator.configure(delay_scale=1.0)  # an instance takes seconds to leave BUILD
    task = module_run([{"name": "create", MOD: dict(BASE, wait_timeout=1)}], allow_failures=True)["create"]
    assert task.failed and task.changed is True and "time" in task.msg.lower(), task.result
    assert len(instances_named(barrack_client, "t1")) == 1


def test_cloud_init_is_never_logged_and_user_data_is_its_alias(ansible_run, emulator, key, tmp_path):
    secret = "#cloud-config\nwrite_files: [{path: /etc/token, content: s3cr3t-cloud-init-token}]\n"
    tasks = [
        {"name": "create", MOD: dict(BASE, user_data=secret)},
        {"name": "again", MOD: dict(BASE, cloud_init=secret)},
    ]
    verbose = ansible_run(tasks, verbosity=3, diff=True)
    debug = ansible_run(
        [{"name": "check", MOD: dict(BASE, name="t9", cloud_init=secret), "check_mode": True}],
        env={"ANSIBLE_DEBUG": "1"},
        diff=True,
    )
    assert verbose["create"].changed and not verbose["again"].changed
    token = "s3cr3t-cloud-init-token"
    for run in (verbose, debug):
        results = repr([t.result for t in run])
        assert token not in results
        # the module never returns or logs it; ANSIBLE_DEBUG's controller echo of the task's own arguments
        # ("done with _execute_module (<module>, <args>)") is ansible-core's, for every option alike
        leaked = [line for line in (run.stdout + run.stderr).splitlines() if token in line]
        assert all("_execute_module (" in line for line in leaked), leaked[:3]
    assert token not in verbose.stdout + verbose.stderr
    args = verbose["create"]["invocation"]["module_args"]
    assert args["cloud_init"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


def test_string_options_refuse_booleans_and_dicts(module_run, emulator, key, writes):
    run = module_run(
        [
            {"name": "bool name", MOD: dict(BASE, name=True)},
            {"name": "dict region", MOD: dict(BASE, region={"a": 1})},
            {"name": "bool ssh key", MOD: dict(BASE, ssh_keys=[True])},
            {"name": "bool rule protocol", MOD: dict(BASE, security_rules=[{"protocol": True}])},
            {"name": "quoted yes is a name", "barrack.cloud.ssh_key_info": {"name": "yes"}},
        ],
        allow_failures=True,
    )
    assert [t.name for t in run if t.failed] == ["bool name", "dict region", "bool ssh key", "bool rule protocol"]
    assert "option 'name' must be a string, got a boolean" in run["bool name"].msg
    assert "option 'region' must be a string, got a dictionary" in run["dict region"].msg
    assert (
        "'ssh_keys[0]'" in run["bool ssh key"].msg and "'security_rules[0].protocol'" in run["bool rule protocol"].msg
    )
    assert writes() == 0


def test_bad_input_stock_and_balance_fail_before_writing(module_run, emulator, key, writes):
    emulator.emulator.store.stock["CANADA-1"]["RTX-A6000"]["2x"] = 0  # no admin route sets stock (yet)
    run = module_run(
        [
            {"name": "gpu count", MOD: dict(BASE, gpu_count=3)},
            {"name": "gpu model tier", MOD: dict(BASE, gpu_model="H100-SXM5-80GB")},
            {"name": "ssh key", MOD: dict(BASE, ssh_keys=["nope"])},
            {"name": "image and boot source", MOD: dict(BASE, boot_source="os_image", boot_source_id=IMAGE)},
            {"name": "no image", MOD: {k: v for k, v in BASE.items() if k != "image"}},
            {"name": "cloud init", MOD: dict(BASE, cloud_init="x" * 17000)},
            {"name": "rule", MOD: dict(BASE, security_rules=[{"protocol": "tcp", "remote_ip_prefix": "nope"}])},
            {"name": "no stock", MOD: dict(BASE, gpu_count=2)},
        ],
        allow_failures=True,
    )
    assert all(t.failed for t in run), [(t.name, t.msg) for t in run]
    assert "gpu_count" in run["gpu count"].msg
    assert "gpu_model" in run["gpu model tier"].msg
    assert "'ssh_keys'" in run["ssh key"].msg and "nope" in run["ssh key"].msg
    assert "image" in run["image and boot source"].msg and "boot_source" in run["image and boot source"].msg
    assert "'image'" in run["no image"].msg
    assert "'cloud_init'" in run["cloud init"].msg
    assert "security_rules[0].remote_ip_prefix" in run["rule"].msg
    stock = run["no stock"]
    assert "gpu_count" in stock.msg and "1x RTX-A6000 in CANADA-1" in stock.msg
    assert {"region": "CANADA-1", "gpu_model": "RTX-A6000", "gpu_count": 1, "available": 20} in stock["alternatives"]
    assert writes() == 0

    emulator.configure(balance=0.5)
    poor = module_run(
        [{"name": "poor", MOD: BASE}, {"name": "poor (check)", MOD: BASE, "check_mode": True}], allow_failures=True
    )
    for task in poor:
        assert task.failed and "balance" in task.msg and "0.50 USD" in task.msg and "1.00 USD" in task.msg
        assert task["hourly_cost"] == pytest.approx(0.69)
    assert writes() == 0


def test_faults_end_with_exactly_one_instance(module_run, emulator, barrack_client, key):
    emulator.add_fault("GET", "/instances/", "status", status=429, retry_after=0)
    emulator.add_fault("POST", "/instances/", "status", status=503)
    emulator.add_fault("POST", "/instances/", "drop_after_commit")
    emulator.add_fault("GET", "/instances/{id}/", "status", status=502)
    emulator.add_fault("POST", "/instances/{id}/toggle-public-ip/", "status", status=502)
    run = module_run(
        [
            {"name": "create", MOD: BASE},
            {"name": "again", MOD: BASE},
            {"name": "no public ip", MOD: {"name": "t1", "public_ip": False}},
        ]
    )
    assert run["create"].changed and not run["again"].changed and run["no public ip"].changed
    [only] = instances_named(barrack_client, "t1")
    assert only.status == "ACTIVE" and only.public_ip is False


def test_volumes_and_firewalls_change_in_place(module_run, emulator, barrack_client, key, write_requests):
    v1, v2, v3 = (emulator.seed("volumes", 1, name=n, region="CANADA-1")[0] for n in ("v1", "v2", "v3"))
    f1, f2 = (emulator.seed("firewalls", 1, name=n, region="CANADA-1")[0] for n in ("f1", "f2"))
    emulator.seed("instances", 1, name="busy", region="FINLAND-1")
    emulator.seed("volumes", 1, name="av", region="FINLAND-1")
    t1 = {"name": "t1", "region": "CANADA-1", "stop_if_needed": True}
    run = module_run(
        [
            {"name": "create", MOD: dict(BASE, volumes=["v1"], firewalls=["f1"])},
            {"name": "attach v3 elsewhere", "barrack.cloud.volume_attachment": {"volume": "v3", "instance": "t1",
                                                                               "stop_if_needed": True}},
            {"name": "change (check)", MOD: dict(t1, volumes=["v1", v2], firewalls=["f2"]), "check_mode": True,
             "diff": True},
            {"name": "change", MOD: dict(t1, volumes=["v1", v2], firewalls=["f2"])},
            {"name": "again", MOD: dict(t1, volumes=[v2, v1], firewalls=[f2])},
            {"name": "purge (check)", MOD: dict(t1, volumes=["v2"], purge_volumes=True), "check_mode": True,
             "diff": True},
            {"name": "purge", MOD: dict(t1, volumes=["v2"], purge_volumes=True)},
            {"name": "purge firewalls (check)", MOD: dict(t1, firewalls=["f2"], purge_firewalls=True),
             "check_mode": True, "diff": True},
            {"name": "purge firewalls", MOD: dict(t1, firewalls=["f2"], purge_firewalls=True)},
            {"name": "advanced running", MOD: {"name": "busy", "region": "FINLAND-1", "volumes": ["av"]}},
        ],
        allow_failures=True,
    )  # fmt: skip
    assert [t.name for t in run if t.failed] == ["advanced running"], [(t.name, t.msg) for t in run]
    refused = run["advanced running"]
    assert "stop_if_needed" in refused.msg and "SHUTOFF" in refused.msg and not refused.changed
    created = run["create"]["barrack_instance"]
    assert [a["volume_id"] for a in created["volume_attachments"]] == [v1]
    assert [f["id"] for f in created["firewalls"]] == [f1]
    assert run["change (check)"].changed  # v2 is added, v3 (attached by volume_attachment) stays
    assert {a["volume_id"] for a in run["change (check)"].diff["after"]["volume_attachments"]} == {v1, v2, v3}
    changed = run["change"]["barrack_instance"]
    assert run["change"].changed and {a["volume_id"] for a in changed["volume_attachments"]} == {v1, v2, v3}
    # firewalls are additive like volumes: f2 is added, f1 stays until purge_firewalls
    assert {f["id"] for f in changed["firewalls"]} == {f1, f2} and changed["status"] == "ACTIVE"
    assert not run["again"].changed
    assert {a["volume_id"] for a in run["purge (check)"].diff["after"]["volume_attachments"]} == {v2}
    assert {a["volume_id"] for a in run["purge"]["barrack_instance"]["volume_attachments"]} == {v2}
    assert {f["id"] for f in run["purge"]["barrack_instance"]["firewalls"]} == {f1, f2}
    assert run["purge firewalls (check)"].changed
    assert [f["id"] for f in run["purge firewalls (check)"].diff["after"]["firewalls"]] == [f2]
    assert [f["id"] for f in run["purge firewalls"]["barrack_instance"]["firewalls"]] == [f2]
    assert barrack_client.firewalls.get(f1).instance_ids == []
    assert barrack_client.firewalls.get(f2).instance_ids == [created["instance_id"]]
    assert barrack_client.volumes.get(v3).attached_to is None and barrack_client.volumes.get(v1).attached_to is None


def test_references_by_name_script_cloud_init_and_custom_image(module_run, emulator, key):
    script = emulator.seed("scripts", 1, name="s1")[0]
    image = emulator.seed("images", 1, name="img1")[0]
    with_script = dict(BASE, startup_script="s1", cloud_init="#cloud-config\npackages: [htop]\n")
    from_image = {k: v for k, v in BASE.items() if k != "image"} | {
        "name": "t3",
        "boot_source": "custom_image",
        "boot_source_id": "img1",
    }
    run = module_run(
        [
            {"name": "script (check)", MOD: with_script, "check_mode": True, "diff": True},
            {"name": "script", MOD: with_script},
            {"name": "script by id, other cloud-init", MOD: dict(with_script, startup_script=script, cloud_init="x")},
            {"name": "image", MOD: from_image},
            {"name": "image by id", MOD: dict(from_image, boot_source_id=image)},
        ]
    )
    assert run["script (check)"].changed and "cloud_init" not in str(run["script (check)"].diff["after"])
    assert run["script"]["barrack_instance"]["startup_script_id"] == script
    assert not run["script by id, other cloud-init"].changed  # cloud_init cannot be read back: not compared
    created = run["image"]["barrack_instance"]
    assert created["boot_source"] == "custom_image" and created["boot_source_id"] == image
    assert not run["image by id"].changed


def test_noop_rerun_with_references_by_name_reads_once(module_run, emulator, key, writes):
    emulator.seed("volumes", 1, name="v1", region="CANADA-1")
    emulator.seed("firewalls", 1, name="f1", region="CANADA-1")
    script = emulator.seed("scripts", 1, name="s1")[0]
    by_name = dict(BASE, volumes=["v1"], firewalls=["f1"], startup_script="s1", state="started")
    by_id_script = dict(by_name, startup_script=script)
    assert module_run([{"name": "create", MOD: by_name}])["create"].changed
    for task in (by_name, by_id_script):
        emulator.clear_log()
        rerun = module_run([{"name": "again", MOD: task}], diff=True)
        assert not rerun["again"].changed
        # only the instance lookup: the references are matched against what the instance returns
        assert [(e["method"], e["route"]) for e in emulator.request_log()] == [("GET", "/instances/")]
    other = emulator.seed("scripts", 1, name="s2")[0]
    emulator.clear_log()
    differ = module_run(
        [
            {"name": "other volume", MOD: dict(by_name, volumes=["v1", "v2"])},
            {"name": "other script id", MOD: dict(by_name, startup_script=other)},
            {
                "name": "other script (check)",
                MOD: dict(by_name, startup_script="s2", recreate=True),
                "check_mode": True,
            },
        ],
        allow_failures=True,
    )
    assert differ["other volume"].failed and "'volumes'" in differ["other volume"].msg, differ["other volume"].result
    assert any(e["route"] == "/volumes/" for e in emulator.request_log())
    assert not differ["other script id"].changed
    assert not differ["other script id"].warnings  # a value other than the script's id is not looked up
    assert differ["other script (check)"].changed  # with recreate the name is looked up and differs
    assert writes() == 0
