"""create/read/update/delete of every provider against the emulator over real HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi_inputs import PUBKEY, RULE

import pulumi_barrack as barrack


def clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def roundtrip(provider: Any, inputs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """check + create, then assert a read returns the same outputs and the given inputs."""
    checked = provider.check({}, {**inputs, "__provider": "blob"})
    assert checked.failures == []
    created = provider.create({**checked.inputs, "__provider": "blob"})
    assert created.id
    read = provider.read(created.id, {**created.outs, "__provider": "blob"})
    assert read.id == created.id
    assert read.outs == created.outs
    assert read.inputs == {k: created.outs[k] for k in checked.inputs}
    # refresh then preview: the read inputs against the same program are no change
    assert provider.diff(created.id, read.outs, checked.inputs).changes is False
    return created.id, created.outs


def assert_gone(provider: Any, rid: str, outs: dict[str, Any]) -> None:
    result = provider.read(rid, outs)
    assert (result.id, result.outs) == (None, {})
    provider.delete(rid, outs)  # idempotent


def test_volume_create_update_drift_delete(credentials: Any, barrack_client: Any) -> None:
    p = barrack.VolumeProvider()
    inputs = {"name": "data-1", "region": "FINLAND-1", "size_gb": 100.0, "volume_type": "NVMe", "schema_version": 1}
    rid, outs = roundtrip(p, inputs)
    assert outs["status"] == "available" and outs["size_gb"] == 100 and outs["tier"] == "advanced"
    new = {**inputs, "size_gb": 150}
    updated = p.update(rid, outs, new).outs
    assert updated["size_gb"] == 150 and set(updated) == set(outs)  # full outputs
    assert barrack_client.volumes.get(rid).size_gb == 150
    # an outside resize shows up as drift on refresh, and the program then plans a change
    barrack_client.volumes.resize(rid, 300)
    barrack_client.volumes.wait_for(rid, lambda v: v.size_gb == 300, timeout=10)
    refreshed = p.read(rid, updated)
    assert refreshed.outs["size_gb"] == 300 and refreshed.inputs["size_gb"] == 300
    # shrinking back is never a replace (data loss): check and diff fail and say what to do
    failures = p.check(refreshed.inputs, new).failures
    assert [f.property for f in failures] == ["size_gb"] and "ignore_changes" in failures[0].reason
    assert "at least 300" in failures[0].reason
    d = p.diff(rid, refreshed.outs, new)
    assert (d.changes, d.replaces) == (True, [])
    with pytest.raises(Exception, match="size_gb"):
        p.update(rid, refreshed.outs, new)  # the shared client refuses the shrink before sending it
    assert barrack_client.volumes.get(rid).size_gb == 300
    p.delete(rid, refreshed.outs)
    assert list(barrack_client.volumes.list()) == []
    assert_gone(p, rid, refreshed.outs)


def test_instance_power_state_public_ip_and_rules_in_place(credentials: Any, world: dict[str, str]) -> None:
    p = barrack.InstanceProvider()
    inputs = {
        "name": "gpu-1",
        "region": "CANADA-1",
        "gpu_model": "RTX-A6000",
        "gpu_count": 1.0,
        "image": "Ubuntu Server 22.04 LTS R535 CUDA 12.2",
        "ssh_key_ids": [world["key"]],
        "cloud_init": "#cloud-config\n",
        "power_state": "running",
    }
    rid, outs = roundtrip(p, inputs)
    assert outs["instance_id"] == rid and outs["status"] == "ACTIVE" and outs["power_state"] == "running"
    assert outs["cloud_init"] == "#cloud-config\n" and outs["hourly_rate"] > 0
    new = {**inputs, "power_state": "stopped", "public_ip": False, "security_rules": [RULE]}
    d = p.diff(rid, outs, new)
    assert (d.changes, d.replaces) == (True, [])
    updated = p.update(rid, outs, new).outs
    assert updated["status"] == "SHUTOFF" and updated["power_state"] == "stopped"
    assert updated["public_ip"] is False and updated["security_rules"] == [RULE]
    assert p.diff(rid, updated, new).changes is False
    read = p.read(rid, updated)
    assert read.outs == updated
    # started outside: drift on power_state, and the program puts it back
    credentials.set_status("instances", rid, "ACTIVE")
    drift = p.read(rid, updated)
    assert drift.outs["power_state"] == "running"
    assert p.diff(rid, drift.outs, new).changes is True
    assert p.update(rid, drift.outs, new).outs["status"] == "SHUTOFF"
    p.delete(rid, updated)
    assert_gone(p, rid, updated)


def test_instance_created_stopped(credentials: Any, world: dict[str, str]) -> None:
    p = barrack.InstanceProvider()
    inputs = {
        "name": "gpu-2",
        "region": "CANADA-1",
        "gpu_model": "RTX-A6000",
        "gpu_count": 1,
        "image": "Ubuntu Server 22.04 LTS R535 CUDA 12.2",
        "ssh_key_ids": [world["key"]],
        "power_state": "hibernated",
    }
    rid, outs = roundtrip(p, inputs)
    assert outs["status"] == "HIBERNATED"
    p.delete(rid, outs)


def test_firewall_rules_in_place_and_attachment(credentials: Any, world: dict[str, str], barrack_client: Any) -> None:
    fw = barrack.FirewallProvider()
    rule2 = {**RULE, "port_range_min": 443, "port_range_max": 443, "remote_ip_prefix": "10.1.2.3/8"}
    inputs = {"name": "web", "region": "CANADA-1", "description": "web", "rules": [RULE]}
    fid, outs = roundtrip(fw, inputs)
    assert outs["status"] == "SUCCESS" and outs["rules"] == [RULE]
    new = {**inputs, "rules": [rule2]}
    updated = fw.update(fid, outs, new).outs
    assert [r["port_range_min"] for r in updated["rules"]] == [443]
    # the server canonicalises the CIDR; the outputs keep the program's spelling while equivalent
    assert barrack_client.firewalls.get(fid).rules[0].remote_ip_prefix == "10.0.0.0/8"
    assert updated["rules"] == [rule2]
    assert fw.diff(fid, updated, new).changes is False
    refreshed = fw.read(fid, updated)
    assert refreshed.outs == updated and refreshed.inputs == new

    att = barrack.FirewallAttachmentProvider()
    aid, aouts = roundtrip(att, {"firewall_id": fid, "instance_ids": [world["legacy"]]})
    assert aid == fid and aouts["instance_ids"] == [world["legacy"]]
    assert [a["status"] for a in aouts["attachments"]] == ["SUCCESS"]
    emptied = att.update(aid, aouts, {"firewall_id": fid, "instance_ids": []}).outs
    assert emptied["instance_ids"] == []
    att.update(aid, emptied, {"firewall_id": fid, "instance_ids": [world["legacy"]]})
    att.delete(aid, aouts)
    assert barrack_client.firewalls.get(fid).attachments == []
    fw.delete(fid, updated)
    assert_gone(fw, fid, updated)
    assert_gone(att, aid, aouts)


def test_volume_attachment_legacy(credentials: Any, world: dict[str, str], barrack_client: Any) -> None:
    vol = barrack.VolumeProvider()
    vid, vouts = roundtrip(vol, {"name": "scratch", "region": "CANADA-1", "size_gb": 100, "volume_type": "SSD"})
    att = barrack.VolumeAttachmentProvider()
    aid, aouts = roundtrip(att, {"instance_id": world["legacy"], "volume_id": vid, "stop_if_needed": True})
    assert aid == f"{world['legacy']}/{vid}" and aouts["status"] == "in-use"
    assert barrack_client.volumes.get(vid).attached_to == world["legacy"]
    att.delete(aid, aouts)
    assert barrack_client.volumes.get(vid).status == "available"
    assert_gone(att, aid, aouts)
    vol.delete(vid, vouts)


def test_volume_attachment_advanced_needs_stop_if_needed(credentials: Any, world: dict[str, str]) -> None:
    vol = barrack.VolumeProvider()
    vid, _ = roundtrip(vol, {"name": "fast", "region": "FINLAND-1", "size_gb": 100, "volume_type": "NVMe"})
    att = barrack.VolumeAttachmentProvider()
    inputs = {"instance_id": world["advanced"], "volume_id": vid}
    with pytest.raises(barrack.BarrackProviderError, match="stop_if_needed"):
        att.create(inputs)
    aid, aouts = roundtrip(att, {**inputs, "stop_if_needed": True})
    from shared_client import BarrackClient

    with BarrackClient(api_key=credentials.api_key, base_url=credentials.base_url) as c:
        assert c.instances.get(world["advanced"]).status == "ACTIVE"  # restarted afterwards
    att.delete(aid, aouts)
    assert_gone(att, aid, aouts)


def test_ssh_key_given_and_generated(credentials: Any) -> None:
    p = barrack.SshKeyProvider()
    kid, outs = roundtrip(p, {"name": "laptop", "public_key": PUBKEY})
    assert outs["fingerprint"].startswith("SHA256:") and outs["private_key"] is None
    gid, gouts = roundtrip(p, {"name": "generated", "generate": True})
    assert gouts["private_key"].startswith("-----BEGIN OPENSSH PRIVATE KEY-----")
    assert gouts["public_key"].startswith("ssh-ed25519 ")
    assert p.read(gid, gouts).outs["private_key"] == gouts["private_key"]  # kept across refresh
    for rid, o in ((kid, outs), (gid, gouts)):
        p.delete(rid, o)
        assert_gone(p, rid, o)


def test_startup_script_updates_in_place(credentials: Any, barrack_client: Any) -> None:
    p = barrack.StartupScriptProvider()
    inputs = {"name": "setup", "content": "#!/bin/sh\necho one\n"}
    sid, outs = roundtrip(p, inputs)
    new = {**inputs, "content": "#!/bin/sh\necho two\n", "description": "v2"}
    assert p.diff(sid, outs, new).replaces == []
    updated = p.update(sid, outs, new).outs
    assert updated["content"].endswith("two\n") and updated["description"] == "v2"
    assert barrack_client.scripts.get(sid).content.endswith("two\n")
    p.delete(sid, updated)
    assert_gone(p, sid, updated)


def test_snapshot_and_custom_image(credentials: Any, world: dict[str, str]) -> None:
    snap = barrack.SnapshotProvider()
    sid, souts = roundtrip(snap, {"name": "snap-1", "instance_id": world["legacy"], "description": "first"})
    assert souts["status"] in ("SUCCESS", "available")
    img = barrack.CustomImageProvider()
    iid, iouts = roundtrip(img, {"name": "image-1", "snapshot_id": sid})
    assert iouts["status"] == "available"
    img.delete(iid, iouts)
    assert_gone(img, iid, iouts)
    snap.delete(sid, souts)
    assert_gone(snap, sid, souts)


def test_instance_security_rule(credentials: Any, world: dict[str, str], barrack_client: Any) -> None:
    p = barrack.InstanceSecurityRuleProvider()
    rid, outs = roundtrip(p, {"instance_id": world["legacy"], **RULE})
    iid, _, rule_id = rid.partition("/")
    assert iid == world["legacy"] and outs["rule_id"] == rule_id and outs["status"] == "SUCCESS"
    assert [r.id for r in barrack_client.instances.get(iid).security_rules] == [rule_id]
    p.delete(rid, outs)
    assert barrack_client.instances.get(iid).security_rules == []
    assert_gone(p, rid, outs)


def test_read_of_a_resource_deleted_outside_drops_it(credentials: Any, barrack_client: Any) -> None:
    p = barrack.VolumeProvider()
    rid, outs = roundtrip(p, {"name": "gone-1", "region": "FINLAND-1", "size_gb": 100, "volume_type": "NVMe"})
    barrack_client.volumes.delete(rid)
    barrack_client.volumes.wait_deleted(rid, timeout=10)
    assert_gone(p, rid, outs)


def test_create_and_update_take_engine_shaped_props(credentials: Any) -> None:
    """The engine sends floats for ints and drops None-valued keys; create/update must cope with both."""
    p = barrack.VolumeProvider()
    props = {"name": "floaty", "region": "FINLAND-1", "size_gb": 100.0, "volume_type": "NVMe", "description": None}
    created = p.create({**props, "schema_version": 1.0, "__provider": "blob"})
    assert created.outs["size_gb"] == 100 and "description" not in created.outs
    updated = p.update(created.id, created.outs, {**props, "size_gb": 120.0, "__provider": "blob"}).outs
    assert updated["size_gb"] == 120 and type(updated["size_gb"]) is int
    p.delete(created.id, updated)
