"""The providers act through the shared client's workflows: faults after a write landed, preflight, rule defaults,
stop-if-needed with the previous power state restored."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi_inputs import VALID

import pulumi_barrack as barrack

VOLUME = {"name": "vol-w", "region": "FINLAND-1", "size_gb": 100, "volume_type": "NVMe"}
IMAGE = "Ubuntu Server 22.04 LTS R535 CUDA 12.2"

FAULTS = [
    ("drop_after_commit", {}),
    ("status", {"status": 500}),
    ("status", {"status": 502}),
    ("status", {"status": 504}),
    ("status", {"status": 503}),
    ("status", {"status": 429, "retry_after": 0}),
]


@pytest.mark.parametrize(("kind", "params"), FAULTS, ids=lambda v: str(v))
def test_resize_under_faults_succeeds_exactly_once(
    credentials: Any, barrack_client: Any, kind: str, params: dict[str, Any]
) -> None:
    p = barrack.VolumeProvider()
    created = p.create(VOLUME)
    credentials.add_fault("POST", "/volumes/{id}/resize/", kind, **params)
    updated = p.update(created.id, created.outs, {**VOLUME, "size_gb": 200}).outs
    assert credentials.faults() == []
    assert updated["size_gb"] == 200
    assert barrack_client.volumes.get(created.id).size_gb == 200
    assert [v.id for v in barrack_client.volumes.list()] == [created.id]


@pytest.mark.parametrize("action", ["stop", "start"])
def test_power_change_whose_answer_is_lost_converges(credentials: Any, world: dict[str, str], action: str) -> None:
    p = barrack.InstanceProvider()
    inputs = {
        "name": "pw-1",
        "region": "CANADA-1",
        "gpu_model": "RTX-A6000",
        "gpu_count": 1,
        "image": IMAGE,
        "ssh_key_ids": [world["key"]],
        "power_state": "running" if action == "stop" else "stopped",
    }
    created = p.create(inputs)
    credentials.add_fault("POST", f"/instances/{{id}}/{action}/", "drop_after_commit")
    target = "stopped" if action == "stop" else "running"
    outs = p.update(created.id, created.outs, {**inputs, "power_state": target}).outs
    assert outs["power_state"] == target
    assert credentials.request_counts()[f"POST /instances/{{id}}/{action}/"] == 1


def test_instance_create_runs_the_preflight_before_any_post(credentials: Any, world: dict[str, str]) -> None:
    credentials.configure(balance=0.0)
    inputs = {**VALID["InstanceProvider"], "ssh_key_ids": [world["key"]], "name": "no-money"}
    credentials.clear_log()
    with pytest.raises(Exception, match=r"(?i)balance"):
        barrack.InstanceProvider().create(inputs)
    assert credentials.request_counts()["POST /instances/"] == 0


def test_partial_rules_take_the_shared_client_defaults(credentials: Any, barrack_client: Any) -> None:
    p = barrack.FirewallProvider()
    checked = p.check(
        {}, {"name": "fw-defaults", "region": "CANADA-1", "rules": [{"protocol": "tcp", "port_range_min": 22}]}
    )
    assert checked.failures == []
    rule = checked.inputs["rules"][0]
    assert rule == {
        "protocol": "tcp",
        "port_range_min": 22,
        "port_range_max": 22,
        "direction": "ingress",
        "ethertype": "IPv4",
        "remote_ip_prefix": "0.0.0.0/0",
    }
    created = p.create(checked.inputs)
    assert p.diff(created.id, created.outs, checked.inputs).changes is False
    assert [r.remote_ip_prefix for r in barrack_client.firewalls.get(created.id).rules] == ["0.0.0.0/0"]
    rule_p = barrack.InstanceSecurityRuleProvider()
    one = rule_p.check({}, {"instance_id": "BRK-1", "protocol": "icmp"})
    assert one.failures == [] and one.inputs["direction"] == "ingress" and one.inputs["remote_ip_prefix"] == "0.0.0.0/0"
    missing = rule_p.check({}, {"instance_id": "BRK-1", "direction": "ingress"})
    assert [f.property for f in missing.failures] == ["protocol"]


@pytest.mark.parametrize("power", ["running", "hibernated"])
def test_volume_ids_in_place_restore_the_previous_power_state(
    credentials: Any, barrack_client: Any, world: dict[str, str], power: str
) -> None:
    from shared_client.models import VolumeCreate

    vol = barrack_client.volumes.create(VolumeCreate(name="wf-vol", region="CANADA-1", size_gb=100, volume_type="SSD"))
    barrack_client.volumes.wait_for(vol.id, "available", timeout=10)
    p = barrack.InstanceProvider()
    inputs = {**VALID["InstanceProvider"], "ssh_key_ids": [world["key"]], "name": "wf-vm", "power_state": power}
    created = p.create(inputs)
    new = {**inputs, "volume_ids": [vol.id]}
    outs = p.update(created.id, created.outs, new).outs
    assert outs["volume_ids"] == [vol.id] and outs["power_state"] == power
    assert barrack_client.volumes.get(vol.id).attached_to == created.id
    assert p.diff(created.id, outs, new).changes is False


CREATES = [
    (barrack.VolumeProvider, "/volumes/", "volumes", VOLUME),
    (barrack.FirewallProvider, "/firewalls/", "firewalls", VALID["FirewallProvider"]),
    (barrack.SshKeyProvider, "/ssh-keys/", "ssh_keys", VALID["SshKeyProvider"]),
    (barrack.StartupScriptProvider, "/scripts/", "scripts", VALID["StartupScriptProvider"]),
]


@pytest.mark.parametrize(("kind", "params"), FAULTS[:4], ids=lambda v: str(v))
@pytest.mark.parametrize(("provider", "route", "sub", "inputs"), CREATES, ids=lambda v: getattr(v, "__name__", None))
def test_create_and_delete_under_faults_leave_exactly_the_right_objects(
    credentials: Any,
    barrack_client: Any,
    provider: Any,
    route: str,
    sub: str,
    inputs: dict[str, Any],
    kind: str,
    params: dict[str, Any],
) -> None:
    p = provider()
    checked = p.check({}, inputs).inputs
    credentials.add_fault("POST", route, kind, **params)
    created = p.create(checked)
    assert credentials.faults() == []  # the fault did hit the create
    assert [o.id for o in getattr(barrack_client, sub).list()] == [created.id]
    credentials.add_fault("DELETE", route + "{id}/", kind, **params)
    p.delete(created.id, created.outs)
    assert credentials.faults() == []
    assert list(getattr(barrack_client, sub).list()) == []
