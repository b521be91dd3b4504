"""Volumes against the emulator: create, attach/detach preconditions per tier, resize, clone, quotas."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from client_contract_support import UBUNTU

from shared_client import BarrackClient, errors
from shared_client.models import Instance, VolumeCreate


def vol(
    client: BarrackClient,
    name: str = "data-1",
    region: str = "FINLAND-1",
    size: int = 200,
    vtype: str = "NVMe",
    **extra: object,
) -> str:
    v = client.volumes.create(VolumeCreate(name=name, region=region, size_gb=size, volume_type=vtype, **extra))
    return client.volumes.wait_for(v.id, "available", timeout=10).id


def test_create_list_find_delete(client: BarrackClient) -> None:
    vid = vol(client, description="scratch")
    v = client.volumes.get(vid)
    assert (v.name, v.region, v.size_gb, v.volume_type, v.tier, v.description) == (
        "data-1",
        "FINLAND-1",
        200,
        "NVMe",
        "advanced",
        "scratch",
    )
    assert client.volumes.find_by_name("data-1", "FINLAND-1").id == vid  # type: ignore[union-attr]
    assert client.volumes.find_by_name("data-1", "FINLAND-2") is None
    vid2 = vol(client, region="FINLAND-2")  # same name, other region: allowed
    assert {v.id for v in client.volumes.list()} == {vid, vid2}
    with pytest.raises(errors.AmbiguousName):
        client.volumes.find_by_name("data-1")
    with pytest.raises(errors.Conflict):
        vol(client)  # same name, same region
    client.volumes.delete(vid)
    client.volumes.wait_deleted(vid, timeout=10)


def test_status_machine_creating(client: BarrackClient, emulator: object) -> None:
    emulator.configure(delay_scale=0.02)  # type: ignore[attr-defined]
    v = client.volumes.create(VolumeCreate(name="slow-1", region="CANADA-1", size_gb=100, volume_type="SSD"))
    assert v.status == "creating"
    assert client.volumes.wait_for(v.id, "available", timeout=10).status == "available"


def test_legacy_attach_needs_shutoff(client: BarrackClient, make_instance: Callable[..., Instance]) -> None:
    inst = make_instance()
    vid = vol(client, region="CANADA-1", size=100, vtype="SSD")
    with pytest.raises(errors.InvalidState):
        client.instances.attach_volumes(inst.id, [vid])  # ACTIVE: refused on the legacy tier too (D, newest docs)
    client.instances.ensure_power_state(inst.id, "stopped", timeout=10)
    got = client.instances.attach_volumes(inst.id, [vid])
    client.volumes.wait_for(vid, "in-use", timeout=10)
    assert vid in client.instances.get(inst.id).volume_ids and got.id == inst.id
    with pytest.raises(errors.InvalidState):
        client.volumes.delete(vid)  # only when detached
    client.instances.detach_volumes(inst.id, [vid])
    assert client.volumes.wait_for(vid, "available", timeout=10).attached_to is None


def test_advanced_attach_needs_shutoff(client: BarrackClient, make_instance: Callable[..., Instance]) -> None:
    inst = make_instance("ct-adv", region="FINLAND-1", gpu_model="H100-SXM5-80GB")
    vid = vol(client)
    with pytest.raises(errors.InvalidState):
        client.instances.attach_volumes(inst.id, [vid])
    client.instances.ensure_power_state(inst.id, "stopped", timeout=10)
    client.instances.attach_volumes(inst.id, [vid])
    assert client.volumes.wait_for(vid, "in-use", timeout=10).attached_to == inst.id


def test_attach_other_region_rejected(client: BarrackClient, make_instance: Callable[..., Instance]) -> None:
    inst = make_instance()
    vid = vol(client)  # FINLAND-1 volume, CANADA-1 instance
    with pytest.raises(errors.APIError) as ei:
        client.instances.attach_volumes(inst.id, [vid])
    assert ei.value.status == 400


def test_max_ten_volumes_per_instance(
    client: BarrackClient, make_instance: Callable[..., Instance], emulator: object
) -> None:
    inst = client.instances.ensure_power_state(make_instance().id, "stopped", timeout=10).obj
    ids = emulator.seed("volume", 11, region="CANADA-1", volume_type="SSD", size_gb=100)  # type: ignore[attr-defined]
    client.instances.attach_volumes(inst.id, ids[:10])
    with pytest.raises(errors.APIError) as ei:
        client.instances.attach_volumes(inst.id, ids[10:])
    assert ei.value.status in (400, 403)  # quota: the contract gives no status; the emulator answers 403
    assert len(client.instances.get(inst.id).volume_ids) == 10


def test_bootable_volume_cannot_be_detached(client: BarrackClient, make_instance: Callable[..., Instance]) -> None:
    inst = client.instances.ensure_power_state(make_instance().id, "stopped", timeout=10).obj
    vid = vol(client, name="boot-1", region="CANADA-1", size=100, vtype="SSD", bootable=True, image=UBUNTU)
    client.instances.attach_volumes(inst.id, [vid])
    client.volumes.wait_for(vid, "in-use", timeout=10)
    with pytest.raises(errors.InvalidState):
        client.instances.detach_volumes(inst.id, [vid])


def test_delete_instance_detaches_volumes(client: BarrackClient, make_instance: Callable[..., Instance]) -> None:
    inst = client.instances.ensure_power_state(make_instance().id, "stopped", timeout=10).obj
    vid = vol(client, region="CANADA-1", size=100, vtype="SSD")
    client.instances.attach_volumes(inst.id, [vid])
    client.volumes.wait_for(vid, "in-use", timeout=10)
    client.instances.delete(inst.id)
    client.instances.wait_deleted(inst.id, timeout=10)
    assert client.volumes.wait_for(vid, "available", timeout=10).attached_to is None


def test_resize_advanced_grow_only(client: BarrackClient) -> None:
    vid = vol(client, size=200)
    assert (
        client.volumes.wait_for(client.volumes.resize(vid, 300).obj.id, lambda v: v.size_gb == 300, timeout=10).size_gb
        == 300
    )
    with pytest.raises(errors.ValidationError, match="grow"):
        client.volumes.resize(vid, 250)
    legacy = vol(client, name="old-1", region="CANADA-1", size=100, vtype="SSD")
    with pytest.raises(errors.ValidationError, match="legacy"):
        client.volumes.resize(legacy, 200)


def test_clone_advanced(client: BarrackClient) -> None:
    vid = vol(client, size=300)
    clone = client.volumes.clone(vid, "data-1-copy")
    assert clone.status in ("creating", "available") and clone.name == "data-1-copy"
    done = client.volumes.wait_for(clone.id, "available", timeout=10)
    assert (done.region, done.volume_type) == ("FINLAND-1", "NVMe")


def test_min_balance_for_volumes(client: BarrackClient, emulator: object) -> None:
    emulator.configure(balance=0.5)  # type: ignore[attr-defined]
    with pytest.raises(errors.InsufficientBalance):
        vol(client)
    assert list(client.volumes.list()) == []


def test_billing(client: BarrackClient, emulator: object) -> None:
    vid = vol(client, size=1000)
    emulator.advance_clock(3600)  # type: ignore[attr-defined]
    assert any(r.resource_id == vid and (r.amount or 0) > 0 for r in client.volumes.billing())
    assert any(r.resource_id == vid for r in client.billing.volumes())
