"""Attach / detach with stop_if_needed against the emulator: SHUTOFF on both tiers, volume available, and the
instance's previous power state restored in every outcome (success, API error, timeout)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from shared_client import BarrackClient, errors
from shared_client.models import Instance, VolumeCreate

POWER_STATUS = {"running": "ACTIVE", "stopped": "SHUTOFF", "hibernated": "HIBERNATED"}


def _volume(c: BarrackClient, region: str = "CANADA-1", name: str = "wf-vol", **extra: Any) -> str:
    vtype = "SSD" if region == "CANADA-1" else "NVMe"
    v = c.volumes.create(VolumeCreate(name=name, region=region, size_gb=100, volume_type=vtype, **extra))
    return c.volumes.wait_ready(v.id, timeout=10).id


def _writes(emulator: Any) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.request_log() if r["method"] != "GET"]


@pytest.mark.parametrize("region,gpu", [("CANADA-1", "RTX-A6000"), ("FINLAND-1", "H100-SXM5-80GB")])
@pytest.mark.parametrize("power", ["running", "hibernated", "stopped"])
def test_attach_and_detach_restore_the_power_state(
    client: BarrackClient, make_instance: Callable[..., Instance], region: str, gpu: str, power: str
) -> None:
    inst = make_instance("wf-vm", region=region, gpu_model=gpu)
    if power != "running":
        client.instances.ensure_power_state(inst.id, power, timeout=10)  # type: ignore[arg-type]
    vid = _volume(client, region)
    out = client.instances.attach_volume(inst.id, vid, stop_if_needed=True, timeout=30)
    assert out.changed and out.stopped_instance == (power != "stopped")
    assert out.volume.attached_to == inst.id and out.volume.status == "in-use"
    assert client.instances.get(inst.id).status == POWER_STATUS[power]
    again = client.instances.attach_volume(inst.id, vid, stop_if_needed=True, timeout=30)
    assert not again.changed and not again.stopped_instance  # already attached: nothing sent, nothing stopped
    off = client.instances.detach_volume(inst.id, vid, stop_if_needed=True, timeout=30)
    assert off.changed and off.volume.attached_to is None and off.volume.status == "available"
    assert client.instances.get(inst.id).status == POWER_STATUS[power]


def test_running_instance_without_stop_if_needed_is_refused_before_any_write(
    emulator: Any, client: BarrackClient, make_instance: Callable[..., Instance]
) -> None:
    inst = make_instance("wf-vm")
    vid = _volume(client)
    emulator.clear_log()
    with pytest.raises(errors.InvalidState) as ei:
        client.instances.attach_volume(inst.id, vid)
    assert "stop_if_needed" in ei.value.field_errors and ei.value.status is None
    assert _writes(emulator) == []
    assert client.instances.get(inst.id).status == "ACTIVE"


def test_attached_elsewhere_is_a_conflict_before_any_write(
    emulator: Any, client: BarrackClient, make_instance: Callable[..., Instance]
) -> None:
    a, b = make_instance("wf-a"), make_instance("wf-b")
    vid = _volume(client)
    client.instances.attach_volume(a.id, vid, stop_if_needed=True, timeout=30)
    emulator.clear_log()
    with pytest.raises(errors.Conflict) as ei:
        client.instances.attach_volume(b.id, vid, stop_if_needed=True, timeout=30)
    assert ei.value.existing_id == a.id and "volume_id" in ei.value.field_errors
    assert _writes(emulator) == []


def test_api_error_during_attach_still_restores_the_instance(
    emulator: Any, client: BarrackClient, make_instance: Callable[..., Instance]
) -> None:
    inst = make_instance("wf-vm")
    client.instances.ensure_power_state(inst.id, "hibernated", timeout=10)
    vid = _volume(client)
    emulator.add_fault("POST", "/instances/{id}/attach-volumes/", kind="status", status=403)
    with pytest.raises(errors.PermissionDenied):
        client.instances.attach_volume(inst.id, vid, stop_if_needed=True, timeout=30)
    assert client.instances.get(inst.id).status == "HIBERNATED"
    assert client.volumes.get(vid).attached_to is None


def test_timeout_during_attach_still_restores_the_instance(
    emulator: Any, client: BarrackClient, make_instance: Callable[..., Instance]
) -> None:
    inst = make_instance("wf-vm")
    vid = _volume(client)
    emulator.add_fault("POST", "/instances/{id}/attach-volumes/", kind="status", status=503, times=100)
    with pytest.raises(errors.RetryBudgetExceeded):
        client.instances.attach_volume(inst.id, vid, stop_if_needed=True, timeout=1.0, restore_timeout=20)
    emulator.clear_faults()
    assert client.instances.get(inst.id).status == "ACTIVE"


def test_set_volumes_makes_the_full_set(client: BarrackClient, make_instance: Callable[..., Instance]) -> None:
    inst = make_instance("wf-vm")
    v1, v2 = _volume(client, name="wf-v1"), _volume(client, name="wf-v2")
    out, changed = client.instances.set_volumes(inst.id, [v1, v2], stop_if_needed=True, timeout=30)
    assert changed and sorted(out.volume_ids) == sorted([v1, v2]) and out.status == "ACTIVE"
    out, changed = client.instances.set_volumes(inst.id, [v2], stop_if_needed=True, timeout=30)
    assert changed and out.volume_ids == [v2]
    assert client.instances.set_volumes(inst.id, [v2], timeout=30).changed is False


def test_bootable_volume_is_never_detached(
    emulator: Any, client: BarrackClient, make_instance: Callable[..., Instance]
) -> None:
    inst = make_instance("wf-vm")
    vid = _volume(client, name="wf-boot", bootable=True, image="Ubuntu Server 22.04 LTS R535 CUDA 12.2")
    client.instances.attach_volume(inst.id, vid, stop_if_needed=True, timeout=30)
    emulator.clear_log()
    with pytest.raises(errors.InvalidState) as ei:
        client.instances.detach_volume(inst.id, vid, stop_if_needed=True, timeout=30)
    assert "volume_id" in ei.value.field_errors
    assert _writes(emulator) == []
