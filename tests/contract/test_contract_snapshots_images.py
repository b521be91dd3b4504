"""Snapshots (legacy tier) and custom images against the emulator."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from shared_client import BarrackClient, errors
from shared_client.models import CustomImageCreate, Instance, SnapshotCreate


def test_snapshot_restore_image(
    client: BarrackClient, make_instance: Callable[..., Instance], emulator: object
) -> None:
    inst = make_instance()
    snap = client.snapshots.create(SnapshotCreate(instance_id=inst.id, name="snap-1", description="before"))
    assert snap.id.startswith("BRK-") and snap.id.endswith("S")
    snap = client.snapshots.wait_for(snap.id, {"SUCCESS", "available"}, timeout=10)
    assert [s.id for s in client.snapshots.list(search="snap")] == [snap.id]
    restored = client.snapshots.restore(snap.id, "from-snap")
    assert restored.boot_source == "snapshot" and restored.name == "from-snap"
    assert restored.snapshot is not None and restored.snapshot.id == snap.id
    assert client.instances.wait_for(restored.id, "ACTIVE", timeout=10).status == "ACTIVE"
    img = client.images.create(CustomImageCreate(snapshot_id=snap.id, name="img-1"))
    img = client.images.wait_for(img.id, "available", timeout=10)
    assert img.type == "Snapshot" and img.snapshot_name == "snap-1" and img.id.isdigit()
    assert client.images.find_by_name("img-1").id == img.id  # type: ignore[union-attr]
    emulator.advance_clock(3600)  # type: ignore[attr-defined]
    assert any(r.resource_id == snap.id for r in client.snapshots.billing())
    client.snapshots.delete(snap.id)
    client.snapshots.wait_deleted(snap.id, timeout=10)
    assert client.instances.get(restored.id).status == "ACTIVE"  # restored instance untouched


def test_snapshot_only_on_legacy_tier(client: BarrackClient, make_instance: Callable[..., Instance]) -> None:
    inst = make_instance("adv", region="FINLAND-1", gpu_model="B300-262GB")
    with pytest.raises(errors.APIError) as ei:
        client.snapshots.create(SnapshotCreate(instance_id=inst.id, name="nope"))
    assert ei.value.status == 400
    assert list(client.snapshots.list()) == []


def test_snapshot_needs_active_or_shutoff(client: BarrackClient, make_instance: Callable[..., Instance]) -> None:
    inst = make_instance()
    client.instances.ensure_power_state(inst.id, "hibernated", timeout=10)
    with pytest.raises(errors.InvalidState):
        client.snapshots.create(SnapshotCreate(instance_id=inst.id, name="nope"))


def test_restore_needs_success_and_image_needs_success(
    client: BarrackClient, make_instance: Callable[..., Instance], emulator: object
) -> None:
    inst = make_instance()
    snap = client.snapshots.create(SnapshotCreate(instance_id=inst.id, name="snap-1"))
    emulator.set_status("snapshot", snap.id, "CREATING")  # type: ignore[attr-defined]
    with pytest.raises(errors.APIError):
        client.snapshots.restore(snap.id, "too-early")
    with pytest.raises(errors.APIError):
        client.images.create(CustomImageCreate(snapshot_id=snap.id, name="img-early"))
    assert client.instances.find_by_name("too-early") is None
