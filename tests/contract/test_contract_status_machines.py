"""Every status machine with real (scaled-down) transition times: each call answers the transitional status at
once, and waiting reaches the final one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from shared_client import BarrackClient
from shared_client.models import (
    CustomImageCreate,
    FirewallCreate,
    Instance,
    RuleSpec,
    SnapshotCreate,
    VolumeCreate,
)

RULE = RuleSpec(
    direction="ingress",
    ethertype="IPv4",
    protocol="udp",
    port_range_min=53,
    port_range_max=53,
    remote_ip_prefix="0.0.0.0/0",
)


@pytest.fixture
def slow(emulator: Any) -> Any:
    emulator.configure(delay_scale=0.01)  # 10 s steps take 0.1 s
    return emulator


def test_instance_machine(slow: Any, client: BarrackClient, make_instance: Callable[..., Instance]) -> None:
    c = client.instances
    inst = make_instance(wait=False)
    assert inst.status == "CREATING"
    c.wait_for(inst.id, "ACTIVE", timeout=10)
    steps = [
        ("stop", "STOPPING", "SHUTOFF"),
        ("start", "STARTING", "ACTIVE"),
        ("reboot", "REBOOTING", "ACTIVE"),
        ("hibernate", "HIBERNATING", "HIBERNATED"),
        ("restore", "RESTORING", "ACTIVE"),
    ]
    for action, transitional, final in steps:
        assert getattr(c, action)(inst.id).status == transitional, action
        assert c.wait_for(inst.id, final, timeout=10).status == final
    c.delete(inst.id)
    assert c.get(inst.id).status == "DELETING"
    c.wait_deleted(inst.id, timeout=10)


def test_volume_firewall_rule_attachment_machines(
    slow: Any, client: BarrackClient, make_instance: Callable[..., Instance]
) -> None:
    inst = make_instance()
    v = client.volumes.create(VolumeCreate(name="sm-vol", region="CANADA-1", size_gb=100, volume_type="SSD"))
    assert v.status == "creating"
    assert client.volumes.wait_for(v.id, "available", timeout=10).status == "available"
    client.instances.ensure_power_state(inst.id, "stopped", timeout=10)
    client.instances.attach_volumes(inst.id, [v.id])
    assert client.volumes.wait_for(v.id, "in-use", timeout=10).attached_to == inst.id
    fw = client.firewalls.create(FirewallCreate(name="sm-fw", region="CANADA-1"))
    assert fw.status == "CREATING"
    client.firewalls.wait_for(fw.id, "SUCCESS", timeout=10)
    rule = client.firewalls.add_rule(fw.id, RULE)
    assert rule.status == "pending"
    client.firewalls.wait_for(fw.id, lambda f: [r.status for r in f.rules] == ["SUCCESS"], timeout=10)
    att = client.firewalls.attach(fw.id, [inst.id])
    assert [a.status for a in att.attachments] == ["ATTACHING"]
    client.firewalls.wait_for(fw.id, lambda f: [a.status for a in f.attachments] == ["SUCCESS"], timeout=10)


def test_snapshot_and_image_machines(slow: Any, client: BarrackClient, make_instance: Callable[..., Instance]) -> None:
    inst = make_instance()
    snap = client.snapshots.create(SnapshotCreate(instance_id=inst.id, name="sm-snap"))
    assert snap.status == "CREATING"
    client.snapshots.wait_for(snap.id, {"SUCCESS", "available"}, timeout=10)
    img = client.images.create(CustomImageCreate(snapshot_id=snap.id, name="sm-img"))
    assert img.status == "creating"
    assert client.images.wait_for(img.id, "available", timeout=10).status == "available"
    restored = client.snapshots.restore(snap.id, "sm-restored")
    assert restored.status in ("CREATING", "BUILD", "ACTIVE")  # the docs show ACTIVE at once; both are accepted
    assert client.instances.wait_for(restored.id, "ACTIVE", timeout=10).status == "ACTIVE"
