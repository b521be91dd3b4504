"""barrack.cloud.firewall against the emulator, in-process (module_run);
the tests that need ansible-playbook itself use ansible_run."""

from __future__ import annotations

MOD = "barrack.cloud.firewall"
SSH = {"protocol": "tcp", "port_range_min": 22}
HTTPS_NET = {"protocol": "tcp", "port_range_min": 443, "port_range_max": 443, "remote_ip_prefix": "10.1.2.3/8"}
# the same two rules, another order and spelling
SAME = [
    {"protocol": "TCP", "port_range_min": 443, "remote_ip_prefix": "10.0.0.0/8", "direction": "ingress"},
    {"protocol": "tcp", "port_range_min": 22, "port_range_max": 22, "remote_ip_prefix": "0.0.0.0/0"},
]
ICMP = {"protocol": "icmp"}


def firewalls_named(client, name: str) -> list:
    return [f for f in client.firewalls.list() if f.name == name]


def test_rules_and_attachments_lifecycle(module_run, emulator, barrack_client, write_requests):
    w1, w2 = (emulator.seed("instances", 1, name=n, region="FINLAND-1")[0] for n in ("w1", "w2"))
    base = {"name": "web", "region": "FINLAND-1", "description": "public"}
    run = module_run(
        [
            {
                "name": "create (check)",
                MOD: dict(base, rules=[SSH, HTTPS_NET], instances=["w1"]),
                "check_mode": True,
                "diff": True,
            },
            {"name": "create", MOD: dict(base, rules=[SSH, HTTPS_NET], instances=["w1"]), "diff": True},
            {"name": "same set", MOD: dict(base, rules=SAME, instances=[w1])},
            {
                "name": "add icmp (check)",
                MOD: {"name": "web", "rules": [ICMP], "purge_rules": False},
                "check_mode": True,
                "diff": True,
            },
            {"name": "add icmp", MOD: {"name": "web", "rules": [ICMP], "purge_rules": False}},
            {"name": "add icmp again", MOD: {"name": "web", "rules": [ICMP, SSH], "purge_rules": False}},
            {
                "name": "purge (check)",
                MOD: {"name": "web", "rules": SAME, "instances": ["w1", "w2"]},
                "check_mode": True,
                "diff": True,
            },
            {"name": "purge", MOD: {"name": "web", "rules": SAME, "instances": ["w1", "w2"]}, "diff": True},
            {"name": "purge again", MOD: {"name": "web", "rules": SAME, "instances": [w2, "w1"]}},
            {"name": "add nothing", MOD: {"name": "web", "instances": []}},
            {"name": "keep w1, w2 stays", MOD: {"name": "web", "instances": ["w1"]}},
            {"name": "detach all", MOD: {"name": "web", "instances": [], "purge_instances": True}},
            {"name": "attach w2", MOD: {"name": "web", "instances": ["w2"]}},
            {"name": "delete (check)", MOD: {"name": "web", "state": "absent"}, "check_mode": True, "diff": True},
            {"name": "delete", MOD: {"name": "web", "state": "absent"}},
            {"name": "delete again", MOD: {"name": "web", "state": "absent"}},
        ]
    )
    check = run["create (check)"]
    assert check.changed and check.diff["before"] == {}
    assert len(check.diff["after"]["rules"]) == 2 and check.diff["after"]["attachments"] == [{"instance_id": w1}]

    fw = run["create"]["barrack_firewall"]
    assert run["create"].changed and fw["status"] == "SUCCESS"
    assert {(r["port_range_min"], r["remote_ip_prefix"], r["status"]) for r in fw["rules"]} == {
        (22, "0.0.0.0/0", "SUCCESS"),
        (443, "10.0.0.0/8", "SUCCESS"),
    }
    assert [(a["instance_id"], a["status"]) for a in fw["attachments"]] == [(w1, "SUCCESS")]
    assert not run["same set"].changed

    assert run["add icmp (check)"].changed and len(run["add icmp (check)"].diff["after"]["rules"]) == 3
    assert run["add icmp"].changed and len(run["add icmp"]["barrack_firewall"]["rules"]) == 3
    assert not run["add icmp again"].changed

    purge_check = run["purge (check)"]
    assert purge_check.changed and len(purge_check.diff["after"]["rules"]) == 2
    assert len(purge_check.diff["before"]["rules"]) == 3
    after = run["purge"]["barrack_firewall"]
    assert len(after["rules"]) == 2 and {a["instance_id"] for a in after["attachments"]} == {w1, w2}
    assert not run["purge again"].changed
    assert not run["add nothing"].changed and not run["keep w1, w2 stays"].changed  # instances is additive
    assert run["detach all"].changed and run["detach all"]["barrack_firewall"]["attachments"] == []
    assert run["attach w2"].changed
    assert run["delete (check)"].changed and run["delete (check)"].diff["after"] == {}
    assert run["delete"].changed and not run["delete again"].changed
    assert firewalls_named(barrack_client, "web") == []

    writes = write_requests()
    assert writes.pop("POST /firewalls/") == 1
    assert writes.pop("POST /firewalls/{id}/rules/") == 3  # two at create, icmp once
    assert writes.pop("DELETE /firewalls/{id}/rules/{rule_id}/") == 1  # the purge of icmp
    assert writes.pop("POST /firewalls/{id}/attach/") == 5  # create, purge, detach all, attach w2, before delete
    assert writes.pop("DELETE /firewalls/{id}/") == 1
    assert writes == {}


def test_check_flag_then_idempotent_rerun(module_run, emulator, writes):
    tasks = [{"name": "fw", MOD: {"name": "fw2", "region": "CANADA-1", "rules": [SSH, ICMP]}}]
    assert module_run(tasks, check=True, diff=True)[0].changed
    assert writes() == 0
    module_run(tasks)
    emulator.clear_log()
    rerun = module_run(tasks, diff=True)
    assert not rerun[0].changed and writes() == 0


def test_bad_input_fails_naming_the_option(module_run, emulator, writes):
    base = {"name": "bad", "region": "FINLAND-1"}
    run = module_run(
        [
            {"name": "cidr", MOD: dict(base, rules=[SSH, {"protocol": "tcp", "remote_ip_prefix": "10.0.0.300/8"}])},
            {"name": "icmp ports", MOD: dict(base, rules=[{"protocol": "icmp", "port_range_min": 8}])},
            {"name": "protocol", MOD: dict(base, rules=[{"protocol": "carrier-pigeon"}])},
            {"name": "port range", MOD: dict(base, rules=[{"protocol": "tcp", "port_range_min": 70000}])},
            {
                "name": "ethertype mismatch",
                MOD: dict(base, rules=[{"protocol": "tcp", "ethertype": "IPv6", "remote_ip_prefix": "10.0.0.0/8"}]),
            },
            {"name": "instance", MOD: dict(base, instances=["nope"])},
            {"name": "region", MOD: dict(base, region="MARS-1")},
            {"name": "description", MOD: dict(base, description="x" * 300)},
        ],
        allow_failures=True,
    )
    assert all(t.failed for t in run), [(t.name, t.msg) for t in run]
    assert "rules[1].remote_ip_prefix" in run["cidr"].msg
    assert "rules[0].port_range_min" in run["icmp ports"].msg
    assert "rules[0].protocol" in run["protocol"].msg
    assert "rules[0].port_range_min" in run["port range"].msg
    assert "rules[0].remote_ip_prefix" in run["ethertype mismatch"].msg
    assert "'instances'" in run["instance"].msg and "nope" in run["instance"].msg
    assert "'region'" in run["region"].msg
    assert "'description'" in run["description"].msg and "255" in run["description"].msg
    assert writes() == 0


def test_create_only_difference_fails_unless_recreate(module_run, emulator, barrack_client, write_requests):
    one = {"name": "fw3", "region": "CANADA-1", "description": "one", "rules": [SSH]}
    two = dict(one, description="two")
    run = module_run(
        [
            {"name": "create", MOD: one},
            {"name": "other description", MOD: two},
            {"name": "recreate (check)", MOD: dict(two, recreate=True), "check_mode": True, "diff": True},
            {"name": "recreate", MOD: dict(two, recreate=True)},
            {"name": "again", MOD: dict(two, recreate=True)},
        ],
        allow_failures=True,
    )
    other = run["other description"]
    assert [t.name for t in run if t.failed] == ["other description"], [(t.name, t.msg) for t in run]
    assert not other.changed and "description" in other.msg and "recreate=true" in other.msg
    assert run["recreate (check)"].changed and run["recreate (check)"].diff["after"]["description"] == "two"
    new = run["recreate"]["barrack_firewall"]
    assert run["recreate"].changed and new["id"] != run["create"]["barrack_firewall"]["id"]
    assert new["description"] == "two" and len(new["rules"]) == 1 and not run["again"].changed
    [fw] = firewalls_named(barrack_client, "fw3")
    assert fw.id == new["id"]
    assert write_requests()["DELETE /firewalls/{id}/"] == 1 and write_requests()["POST /firewalls/"] == 2


def test_faults_end_with_one_firewall_and_its_rules(module_run, emulator, barrack_client):
    emulator.add_fault("GET", "/firewalls/", "status", status=429, retry_after=0)
    emulator.add_fault("POST", "/firewalls/", "status", status=503)
    emulator.add_fault("POST", "/firewalls/", "drop_after_commit")
    emulator.add_fault("POST", "/firewalls/{id}/rules/", "drop_after_commit")
    emulator.add_fault("GET", "/firewalls/{id}/", "status", status=504)
    task = {"name": "fw4", "region": "CANADA-1", "rules": [SSH, ICMP]}
    run = module_run([{"name": "create", MOD: task}, {"name": "again", MOD: task}])
    assert run["create"].changed and not run["again"].changed
    [fw] = firewalls_named(barrack_client, "fw4")
    assert len(fw.rules) == 2
