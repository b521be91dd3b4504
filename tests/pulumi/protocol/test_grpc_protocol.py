"""Drive ``python -m pulumi.dynamic`` over gRPC like the engine: Configure, Check, Diff, Create, Read, Update,
Delete, against the emulator (numbers arrive as doubles, unknowns as the engine's sentinel)."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from grpc_engine import UNKNOWN_VALUE, Engine
from pulumi.runtime.proto import provider_pb2

import pulumi_barrack as barrack

PUBKEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl test@example"
RULE = {
    "direction": "ingress",
    "ethertype": "IPv4",
    "protocol": "tcp",
    "port_range_min": 22,
    "port_range_max": 22,
    "remote_ip_prefix": "0.0.0.0/0",
}
SOME, NONE = provider_pb2.DiffResponse.DIFF_SOME, provider_pb2.DiffResponse.DIFF_NONE


def test_volume_full_cycle(engine: Engine, barrack_client: Any, emulator: Any) -> None:
    p = barrack.VolumeProvider()
    program = {"name": "grpc-vol", "region": "FINLAND-1", "size_gb": 100, "volume_type": "NVMe", "schema_version": 1}
    # preview with an unknown name: no failure, and no API call
    emulator.clear_log()
    _, failures = engine.check(p, {**program, "name": UNKNOWN_VALUE})
    assert failures == []
    inputs, failures = engine.check(p, program)
    assert failures == [] and inputs["size_gb"] == 100
    assert emulator.request_log() == []

    rid, outs = engine.create(p, inputs)
    assert outs["status"] == "available" and outs["size_gb"] == 100
    assert barrack_client.volumes.get(rid).name == "grpc-vol"

    emulator.clear_log()
    unchanged = engine.diff(p, rid, outs, inputs)
    assert unchanged.changes == NONE
    assert emulator.request_log() == []  # preview of an unchanged program: zero API calls

    read_id, read_outs, read_inputs = engine.read(p, rid, outs)
    assert (read_id, read_outs) == (rid, outs)
    assert read_inputs == inputs

    grow = {**inputs, "size_gb": 200}
    d = engine.diff(p, rid, outs, grow)
    assert (d.changes, list(d.replaces)) == (SOME, [])
    updated = engine.update(p, rid, outs, grow)
    assert updated["size_gb"] == 200 and set(updated) == set(outs)

    d = engine.diff(p, rid, updated, {**grow, "volume_type": "HDD"})
    assert (d.changes, list(d.replaces), d.deleteBeforeReplace) == (SOME, ["volume_type"], True)

    engine.delete(p, rid, updated)
    assert list(barrack_client.volumes.list()) == []
    gone_id, gone_outs, _ = engine.read(p, rid, updated)
    assert (gone_id, gone_outs) == ("", {})  # dropped from state
    engine.delete(p, rid, updated)  # idempotent


def test_check_failures_name_the_property(engine: Engine) -> None:
    p = barrack.VolumeProvider()
    _, failures = engine.check(p, {"name": "x", "region": "MARS-1", "size_gb": 100.5, "volume_type": "NVMe"})
    assert {prop for prop, _ in failures} == {"name", "region", "size_gb"}
    assert all(reason for _, reason in failures)


def test_ssh_key_generated_private_key_is_an_output(engine: Engine, barrack_client: Any) -> None:
    p = barrack.SshKeyProvider()
    inputs, failures = engine.check(p, {"name": "grpc-gen", "generate": True})
    assert failures == []
    rid, outs = engine.create(p, inputs)
    assert outs["private_key"].startswith("-----BEGIN OPENSSH PRIVATE KEY-----")
    assert barrack_client.ssh_keys.get(rid).public_key.split()[:2] == outs["public_key"].split()[:2]
    _, read_outs, read_inputs = engine.read(p, rid, outs)
    assert read_outs == outs and read_inputs == inputs
    given, _ = engine.check(p, {"name": "grpc-given", "public_key": PUBKEY})
    gid, gouts = engine.create(p, given)
    assert engine.diff(p, gid, gouts, given).changes == NONE
    for key_id, key_outs in ((rid, outs), (gid, gouts)):
        engine.delete(p, key_id, key_outs)
    assert list(barrack_client.ssh_keys.list()) == []


def test_firewall_rules_are_a_set_and_change_in_place(engine: Engine, barrack_client: Any) -> None:
    p = barrack.FirewallProvider()
    web = {**RULE, "port_range_min": 443, "port_range_max": 443}
    inputs, failures = engine.check(p, {"name": "grpc-fw", "region": "CANADA-1", "rules": [RULE, web]})
    assert failures == []
    rid, outs = engine.create(p, inputs)
    assert len(outs["rules"]) == 2
    assert engine.diff(p, rid, outs, {**inputs, "rules": [web, RULE]}).changes == NONE
    nested_unknown = {**inputs, "rules": [RULE, {**web, "remote_ip_prefix": UNKNOWN_VALUE}]}
    _, failures = engine.check(p, nested_unknown)
    assert failures == []
    assert engine.diff(p, rid, outs, nested_unknown).changes == SOME
    d = engine.diff(p, rid, outs, {**inputs, "rules": [web]})
    assert (d.changes, list(d.replaces)) == (SOME, [])
    updated = engine.update(p, rid, outs, {**inputs, "rules": [web]})
    assert [r["port_range_min"] for r in updated["rules"]] == [443]
    assert [r.port_range_min for r in barrack_client.firewalls.get(rid).rules] == [443]
    engine.delete(p, rid, updated)
    assert list(barrack_client.firewalls.list()) == []


def test_instance_power_state_in_place_and_replace_on_gpu_count(engine: Engine, barrack_client: Any) -> None:
    from shared_client.models import SshKeyCreate

    key = barrack_client.ssh_keys.create(SshKeyCreate(name="grpc-key", public_key=PUBKEY))
    p = barrack.InstanceProvider()
    program = {
        "name": "grpc-vm",
        "region": "CANADA-1",
        "gpu_model": "RTX-A6000",
        "gpu_count": 1,
        "image": "Ubuntu Server 22.04 LTS R535 CUDA 12.2",
        "ssh_key_ids": [key.id],
        "power_state": "running",
    }
    inputs, failures = engine.check(p, program)
    assert failures == []
    rid, outs = engine.create(p, inputs)
    assert outs["status"] == "ACTIVE" and outs["gpu_count"] == 1
    stop = {**inputs, "power_state": "stopped"}
    assert (engine.diff(p, rid, outs, stop).changes, list(engine.diff(p, rid, outs, stop).replaces)) == (SOME, [])
    stopped = engine.update(p, rid, outs, stop)
    assert stopped["status"] == "SHUTOFF" and barrack_client.instances.get(rid).status == "SHUTOFF"
    d = engine.diff(p, rid, stopped, {**stop, "gpu_count": 2})
    assert (d.changes, list(d.replaces), d.deleteBeforeReplace) == (SOME, ["gpu_count"], True)
    _, read_outs, _ = engine.read(p, rid, stopped)
    assert read_outs == stopped
    engine.delete(p, rid, stopped)
    assert list(barrack_client.instances.list()) == []


def test_provider_errors_reach_the_engine_without_the_key(engine: Engine, emulator: Any) -> None:
    emulator.add_fault("POST", "/volumes/", "error_state")
    p = barrack.VolumeProvider()
    inputs, _ = engine.check(p, {"name": "grpc-err", "region": "FINLAND-1", "size_gb": 100, "volume_type": "NVMe"})
    with pytest.raises(grpc.RpcError) as err:
        engine.create(p, inputs)
    assert "It was deleted again" in str(err.value.details())
    assert emulator.api_key not in str(err.value.details())


def test_conventions_over_grpc(engine: Engine, barrack_client: Any, emulator: Any) -> None:
    """Auto-name, coerced numbers, rule order, shrink refusal and a read without inputs, as the engine sends them."""
    p = barrack.VolumeProvider()
    emulator.clear_log()
    inputs, failures = engine.check(
        p, {"auto_name": "data", "region": "FINLAND-1", "size_gb": "100", "volume_type": "NVMe", "schema_version": 1}
    )
    assert failures == [] and inputs["name"].startswith("data-") and inputs["size_gb"] == 100
    kept, _ = engine.check(p, {k: v for k, v in inputs.items() if k != "name"}, olds=inputs)
    assert kept["name"] == inputs["name"]
    assert emulator.request_log() == []
    rid, outs = engine.create(p, inputs)
    d = engine.diff(p, rid, outs, {**inputs, "volume_type": "HDD"})
    assert (list(d.replaces), d.deleteBeforeReplace) == (["volume_type"], False)  # auto-named: create first
    _, failures = engine.check(p, {**inputs, "size_gb": 200}, olds={**inputs, "size_gb": 300})
    assert [prop for prop, _ in failures] == ["size_gb"]
    read_id, read_outs, read_inputs = engine.read(p, rid, {"schema_version": 1})  # what Volume.get sends
    assert read_id == rid and read_outs["name"] == inputs["name"] and read_inputs["size_gb"] == 100
    engine.delete(p, rid, outs)

    fw = barrack.FirewallProvider()
    web = {**RULE, "port_range_min": 443, "port_range_max": 443}
    dns = {**RULE, "protocol": "udp", "port_range_min": 53, "port_range_max": 53}
    old, _ = engine.check(fw, {"name": "fw-order", "region": "CANADA-1", "rules": [RULE, web]})
    new, _ = engine.check(fw, {"name": "fw-order", "region": "CANADA-1", "rules": [dns, web, RULE]}, olds=old)
    assert new["rules"] == [RULE, web, dns]
