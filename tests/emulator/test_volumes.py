"""Volume rules per tier and type, resize/clone, attach/detach preconditions, quotas and delete rules."""

from __future__ import annotations

import pytest

from .conftest import UBUNTU, Api


@pytest.mark.parametrize(
    "region,vtype,size,ok",
    [
        ("CANADA-1", "SSD", 100, True),
        ("CANADA-1", "SSD", 102_400, True),
        ("CANADA-1", "SSD", 99, False),
        ("CANADA-1", "SSD", 102_401, False),
        ("FINLAND-1", "NVMe", 10_000, True),
        ("FINLAND-1", "NVMe", 10_001, False),
        ("ICELAND-1", "HDD", 16_000, True),
        ("ICELAND-1", "HDD", 16_001, False),
        ("FINLAND-2", "HDD", 50, False),
        ("CANADA-1", "NVMe", 100, False),
        ("FINLAND-1", "SSD", 100, False),
        ("FINLAND-1", "Floppy", 100, False),
    ],
)
def test_size_bounds_per_tier_and_type(api: Api, region: str, vtype: str, size: int, ok: bool) -> None:
    body = {"name": "vol-1", "region": region, "size_gb": size, "volume_type": vtype}
    if ok:
        data = api.data("POST", "/volumes/", body, expect=201)
        assert data["status"] == "available" and data["size_gb"] == size
    else:
        err = api.error("POST", "/volumes/", body, code="VALIDATION_ERROR")
        assert set(err["errors"]) & {"size_gb", "volume_type"}


@pytest.mark.parametrize(
    "name,ok",
    [
        ("abc", True),
        ("a" * 30, True),
        ("data_1-x", True),
        ("ab", False),
        ("a" * 31, False),
        ("-abc", False),
        ("abc_", False),
        ("has space", False),
        ("dot.name", False),
    ],
)
def test_volume_name_rules(api: Api, name: str, ok: bool) -> None:
    body = {"name": name, "region": "CANADA-1", "size_gb": 100, "volume_type": "SSD"}
    api.call("POST", "/volumes/", body, expect=201 if ok else 400)


def test_name_unique_per_region(api: Api) -> None:
    api.volume("shared", region="FINLAND-1")
    api.volume("shared", region="FINLAND-2")
    api.error(
        "POST",
        "/volumes/",
        {"name": "shared", "region": "FINLAND-1", "size_gb": 100, "volume_type": "HDD"},
        expect=409,
        code="CONFLICT",
    )


def test_bootable_rules(api: Api) -> None:
    ok = api.volume("boot-1", bootable=True, image=UBUNTU)
    assert ok["bootable"] is True and ok["image"] == UBUNTU
    base = {"region": "CANADA-1", "size_gb": 100, "volume_type": "SSD"}
    assert "image" in api.error("POST", "/volumes/", {"name": "b2", **base, "bootable": True})["errors"]
    assert (
        "image"
        in api.error("POST", "/volumes/", {"name": "b3x", **base, "bootable": True, "image": "Debian 12"})["errors"]
    )
    assert "image" in api.error("POST", "/volumes/", {"name": "b4x", **base, "image": UBUNTU})["errors"]
    err = api.error(
        "POST",
        "/volumes/",
        {
            "name": "b5x",
            "region": "FINLAND-1",
            "size_gb": 100,
            "volume_type": "NVMe",
            "bootable": True,
            "image": UBUNTU,
        },
    )
    assert "bootable" in err["errors"]


def test_creating_status_advances(api: Api) -> None:
    api.emu.configure(delay_scale=1.0)
    vol = api.volume()
    assert vol["status"] == "creating"
    api.error("DELETE", f"/volumes/{vol['id']}/", code="INVALID_STATE")
    api.emu.advance_clock(11)
    assert api.status(f"/volumes/{vol['id']}/") == "available"


def test_resize_grow_only_and_advanced_only(api: Api) -> None:
    adv = api.volume("adv-1", region="FINLAND-1", size_gb=200)
    assert api.data("POST", f"/volumes/{adv['id']}/resize/", {"size_gb": 300})["size_gb"] == 300
    assert "size_gb" in api.error("POST", f"/volumes/{adv['id']}/resize/", {"size_gb": 300})["errors"]
    assert "size_gb" in api.error("POST", f"/volumes/{adv['id']}/resize/", {"size_gb": 10_001})["errors"]
    legacy = api.volume("leg-1")
    assert "tier" in api.error("POST", f"/volumes/{legacy['id']}/resize/", {"size_gb": 500})["errors"]
    assert api.data("GET", f"/volumes/{legacy['id']}/")["size_gb"] == 100


def test_clone_keeps_region_type_and_size(api: Api) -> None:
    src = api.volume("src-1", region="ICELAND-1", volume_type="HDD", size_gb=500)
    clone = api.data("POST", f"/volumes/{src['id']}/clone/", {"name": "copy-1"}, expect=201)
    assert (clone["region"], clone["volume_type"], clone["size_gb"]) == ("ICELAND-1", "HDD", 500)
    assert clone["id"] != src["id"]
    api.error("POST", f"/volumes/{src['id']}/clone/", {"name": "copy-1"}, expect=409)
    legacy = api.volume("leg-2")
    api.error("POST", f"/volumes/{legacy['id']}/clone/", {"name": "copy-2"}, code="VALIDATION_ERROR")


def test_attach_preconditions_legacy_and_advanced(api: Api) -> None:
    key = api.ssh_key()
    legacy = api.instance("leg-vm", key=key)
    v1 = api.volume("leg-data")
    url = f"/instances/{legacy['instance_id']}/attach-volumes/"
    api.error("POST", url, {"volume_ids": [v1["id"]]}, code="INVALID_STATE")  # SHUTOFF on both tiers (D, newest)
    api.data("POST", f"/instances/{legacy['instance_id']}/stop/")
    data = api.data("POST", f"/instances/{legacy['instance_id']}/attach-volumes/", {"volume_ids": [v1["id"]]})
    assert [a["volume_id"] for a in data["volume_attachments"]] == [v1["id"]]
    vol = api.data("GET", f"/volumes/{v1['id']}/")
    assert (vol["status"], vol["attached_to"]) == ("in-use", legacy["instance_id"])
    api.error("DELETE", f"/volumes/{v1['id']}/", code="INVALID_STATE")

    adv = api.instance("adv-vm", region="FINLAND-1", gpu_model="H100-SXM5-80GB", key=key)
    v2 = api.volume("adv-data", region="FINLAND-1")
    url = f"/instances/{adv['instance_id']}/attach-volumes/"
    api.error("POST", url, {"volume_ids": [v2["id"]]}, code="INVALID_STATE")  # advanced: SHUTOFF only
    api.data("POST", f"/instances/{adv['instance_id']}/stop/")
    api.data("POST", url, {"volume_ids": [v2["id"]]})
    api.error("POST", url, {"volume_ids": [v1["id"]]}, code="VALIDATION_ERROR")  # other region
    api.error("POST", url, {"volume_ids": ["987654"]}, code="VALIDATION_ERROR")

    api.data("POST", f"/instances/{adv['instance_id']}/detach-volumes/", {"volume_ids": [v2["id"]]})
    assert api.status(f"/volumes/{v2['id']}/") == "available"
    api.error(
        "POST", f"/instances/{adv['instance_id']}/detach-volumes/", {"volume_ids": [v2["id"]]}, code="VALIDATION_ERROR"
    )
    api.call("DELETE", f"/volumes/{v2['id']}/", expect=200)


def test_attach_in_use_volume_is_invalid_state(api: Api) -> None:
    key = api.ssh_key()
    a = api.instance("vm-a", key=key)
    b = api.instance("vm-b", key=key)
    for inst in (a, b):
        api.data("POST", f"/instances/{inst['instance_id']}/stop/")
    vol = api.volume()
    api.data("POST", f"/instances/{a['instance_id']}/attach-volumes/", {"volume_ids": [vol["id"]]})
    api.error(
        "POST", f"/instances/{b['instance_id']}/attach-volumes/", {"volume_ids": [vol["id"]]}, code="INVALID_STATE"
    )


def test_ten_volumes_per_instance(api: Api) -> None:
    inst = api.instance()
    api.data("POST", f"/instances/{inst['instance_id']}/stop/")
    ids = api.emu.seed("volumes", 11, region="CANADA-1")
    url = f"/instances/{inst['instance_id']}/attach-volumes/"
    api.data("POST", url, {"volume_ids": ids[:10]})
    api.error("POST", url, {"volume_ids": ids[10:]}, expect=403, code="PERMISSION_DENIED")
    assert api.status(f"/volumes/{ids[10]}/") == "available"


def test_min_balance_for_volumes_is_402(api: Api) -> None:
    api.emu.configure(balance=0.99)
    api.error(
        "POST",
        "/volumes/",
        {"name": "vol-1", "region": "CANADA-1", "size_gb": 100, "volume_type": "SSD"},
        expect=402,
        code="INSUFFICIENT_BALANCE",
    )
    api.emu.configure(balance=1.0)
    api.volume()


def test_volume_types(api: Api) -> None:
    types = {t["name"]: t for t in api.data("GET", "/volumes/types/")["volume_types"]}
    assert (types["SSD"]["tier"], types["SSD"]["max_gb"]) == ("legacy", 102_400)
    assert (types["NVMe"]["tier"], types["NVMe"]["max_gb"]) == ("advanced", 10_000)
    assert (types["HDD"]["tier"], types["HDD"]["min_gb"], types["HDD"]["max_gb"]) == ("advanced", 100, 16_000)
