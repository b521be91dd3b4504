"""Snapshots (legacy only, ACTIVE/SHUTOFF, restore from SUCCESS) and custom images."""

from __future__ import annotations

import pytest

from .conftest import Api


def test_snapshot_lifecycle_and_restore_shape(api: Api) -> None:
    inst = api.instance("src-vm")
    api.emu.configure(delay_scale=1.0)
    snap = api.data(
        "POST",
        "/snapshots/",
        {"instance_id": inst["instance_id"], "name": "snap-1", "description": "nightly"},
        expect=201,
    )
    assert snap["status"] == "CREATING" and snap["instance_id"] == inst["instance_id"]
    assert snap["size_gb"] == 100 and snap["region"] == "CANADA-1"
    api.error("POST", f"/snapshots/{snap['id']}/restore/", {"new_vm_name": "copy"}, code="INVALID_STATE")
    api.error("DELETE", f"/snapshots/{snap['id']}/", code="INVALID_STATE")
    api.emu.advance_clock(61)
    assert api.status(f"/snapshots/{snap['id']}/") == "SUCCESS"
    api.emu.configure(delay_scale=0.0)
    # documented example: 200, `snapshot{id, name}` and `tier` beside `data`
    resp = api.call("POST", f"/snapshots/{snap['id']}/restore/", {"new_vm_name": "copy"}, expect=200).json()
    data = resp["data"]
    assert resp["tier"] == "legacy" and resp["success"] is True
    assert resp["snapshot"] == {"id": snap["id"], "name": "snap-1"} and "snapshot" not in data
    assert data["boot_source"] == "snapshot" and data["vm_name"] == "copy" and data["ip_status"] == "assigned"
    assert data["status"] == "ACTIVE"
    assert set(data) >= {"instance_id", "ip_address", "ip_status", "billing", "specs", "created_at"}
    api.error("POST", f"/snapshots/{snap['id']}/restore/", {"new_vm_name": "copy"}, expect=409)
    api.call("DELETE", f"/snapshots/{snap['id']}/", expect=200)
    assert api.status(f"/instances/{data['instance_id']}/") == "ACTIVE"


def test_snapshot_preconditions(api: Api) -> None:
    key = api.ssh_key()
    adv = api.instance("adv", region="FINLAND-1", gpu_model="H100-SXM5-80GB", key=key)
    err = api.error("POST", "/snapshots/", {"instance_id": adv["instance_id"], "name": "s"}, code="VALIDATION_ERROR")
    assert "instance_id" in err["errors"]
    leg = api.instance("leg", key=key)
    api.data("POST", f"/instances/{leg['instance_id']}/hibernate/")
    api.error("POST", "/snapshots/", {"instance_id": leg["instance_id"], "name": "s"}, code="INVALID_STATE")
    api.data("POST", f"/instances/{leg['instance_id']}/restore/")
    api.data("POST", f"/instances/{leg['instance_id']}/stop/")
    api.data("POST", "/snapshots/", {"instance_id": leg["instance_id"], "name": "s"}, expect=201)
    api.error("POST", "/snapshots/", {"instance_id": leg["instance_id"], "name": "s"}, expect=409)
    api.error("POST", "/snapshots/", {"instance_id": "BRK-000000D", "name": "t"}, code="VALIDATION_ERROR")


def test_custom_image_from_snapshot(api: Api) -> None:
    inst = api.instance()
    snap = api.data("POST", "/snapshots/", {"instance_id": inst["instance_id"], "name": "base"}, expect=201)
    api.emu.configure(delay_scale=1.0)
    img = api.data(
        "POST", "/custom-images/", {"snapshot_id": snap["id"], "name": "golden", "description": "d"}, expect=201
    )
    assert img["id"].isdigit()
    assert (img["type"], img["status"], img["size"], img["snapshot_name"]) == (
        "Snapshot",
        "creating",
        "100.0 GB",
        "base",
    )
    assert set(img) >= {"created", "description", "snapshot_id", "region"}
    api.error("DELETE", f"/custom-images/{img['id']}/", code="INVALID_STATE")
    api.emu.advance_clock(121)
    assert api.status(f"/custom-images/{img['id']}/") == "available"
    api.emu.configure(delay_scale=0.0)
    booted = api.instance("from-image", boot_source="custom_image", boot_source_id=img["id"])
    assert booted["boot_source"] == "custom_image" and booted["image"] == "golden"
    api.error("POST", "/custom-images/", {"snapshot_id": snap["id"], "name": "golden"}, expect=409)
    api.call("DELETE", f"/custom-images/{img['id']}/", expect=200)


@pytest.mark.parametrize("status", ["CREATING", "ERROR"])
def test_custom_image_needs_success_snapshot(api: Api, status: str) -> None:
    sid = api.emu.seed("snapshots", 1, status=status)[0]
    api.error("POST", "/custom-images/", {"snapshot_id": sid, "name": "img"}, code="INVALID_STATE")
