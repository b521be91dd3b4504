"""The endpoints added for issue 8 besides AI Chat: hibernated count, snapshot -> image relationship, GET /pricing/,
and the documented details (volume prices, snapshot details, firewall environment)."""

from __future__ import annotations

import pytest

from .conftest import Api


def test_hibernated_count_recent_and_billing_metrics(api: Api) -> None:
    key = api.ssh_key()
    a = api.instance("sleepy-a", key=key)
    b = api.instance("sleepy-b", key=key, gpu_count=2)
    api.instance("awake", key=key)
    empty = api.data("GET", "/instances/hibernated/")
    assert empty["count"] == 0 and empty["recent_hibernations"] == []
    api.data("POST", f"/instances/{a['instance_id']}/hibernate/")
    api.emu.advance_clock(5)
    api.data("POST", f"/instances/{b['instance_id']}/hibernate/")
    data = api.data("GET", "/instances/hibernated/")
    assert data["count"] == 2
    assert [h["vm_name"] for h in data["recent_hibernations"]] == ["sleepy-b", "sleepy-a"]  # newest first
    assert all(h["hibernated_at"] and h["status"] == "HIBERNATED" for h in data["recent_hibernations"])
    m = data["billing_metrics"]
    assert m["hibernated_hourly_rate"] == 0.01 and m["total_hourly_cost"] == pytest.approx(0.02)  # D: 0.01 / h
    assert m["full_hourly_rate"] == pytest.approx(0.69 * 3) and m["hourly_savings"] == pytest.approx(0.69 * 3 - 0.02)


def test_snapshot_image_relationship_single_and_batch(api: Api) -> None:
    inst = api.instance()
    s1 = api.data("POST", "/snapshots/", {"instance_id": inst["instance_id"], "name": "s1"}, expect=201)
    s2 = api.data("POST", "/snapshots/", {"instance_id": inst["instance_id"], "name": "s2"}, expect=201)
    rel = api.data("GET", f"/snapshots/{s1['id']}/image/")
    assert rel == {"snapshot_id": s1["id"], "is_image": False, "image_id": None, "image_name": None}
    img = api.data("POST", "/custom-images/", {"snapshot_id": s1["id"], "name": "img-1"}, expect=201)
    assert api.data("GET", f"/snapshots/{s1['id']}/image/") == {
        "snapshot_id": s1["id"],
        "is_image": True,
        "image_id": img["id"],
        "image_name": "img-1",
    }
    assert api.data("GET", f"/snapshots/{s1['id']}/")["is_image"] is True
    batch = api.data("POST", "/snapshots/images/", {"snapshot_ids": [s2["id"], s1["id"]]})
    assert [(r["snapshot_id"], r["is_image"]) for r in batch["relationships"]] == [(s2["id"], False), (s1["id"], True)]
    err = api.error("POST", "/snapshots/images/", {"snapshot_ids": [s1["id"], "BRK-999999S"]}, code="VALIDATION_ERROR")
    assert "snapshot_ids" in err["errors"]
    api.error("POST", "/snapshots/images/", {"snapshot_ids": []}, code="VALIDATION_ERROR")
    api.error("GET", "/snapshots/BRK-999999S/image/", expect=404, code="NOT_FOUND")
    assert api.emu.state()["counts"]["images"] == 1  # the batch POST is read-only


def test_snapshot_details_carry_the_documented_fields(api: Api) -> None:
    inst = api.instance("detail-vm", gpu_count=2)
    snap = api.data(
        "POST", "/snapshots/", {"instance_id": inst["instance_id"], "name": "d", "description": "n"}, expect=201
    )
    got = api.data("GET", f"/snapshots/{snap['id']}/")
    assert got["vm_name"] == "detail-vm" and got["region"] == "CANADA-1" and got["description"] == "n"
    assert (got["gpu_type"], got["gpu_count"], got["vcpus"], got["ram_gb"]) == ("RTX-A6000", 2, 16, 116)
    assert got["size_gb"] == got["disk_gb"] == 200 and got["is_image"] is False and got["created_at"]


def test_get_pricing_takes_the_post_fields_as_query_parameters(api: Api) -> None:
    query = {"tier": "advanced", "currency": "USD", "volume_type": "NVMe", "volume_size_gb": 730}
    got = api.data("GET", "/pricing/", params=query)
    posted = api.data("POST", "/pricing/", query)
    assert got["pricing_data"]["gpus"] == posted["pricing_data"]["gpus"]
    assert got["pricing_data"]["estimate"]["volume_hourly"] == pytest.approx(0.30)  # 0.30 / GB-month x 730 GB / 730
    api.error("GET", "/pricing/?currency=GBP", code="VALIDATION_ERROR")
    api.error("GET", "/pricing/?gpu_count=two", code="VALIDATION_ERROR")


def test_documented_volume_prices_per_gb_month(api: Api) -> None:
    types = {t["name"]: t for t in api.data("GET", "/volumes/types/")["volume_types"]}
    assert types["SSD"]["price_per_gb_month"] == {"USD": 0.10, "EUR": 0.10, "INR": 10.0}  # D
    assert types["NVMe"]["price_per_gb_month"]["USD"] == 0.30 and types["HDD"]["price_per_gb_month"]["USD"] == 0.08
    assert types["HDD"]["price_per_gb_hour"]["USD"] == pytest.approx(0.08 / 730)
    vols = {v["volume_type"]: v for v in api.data("POST", "/pricing/", {})["pricing_data"]["volumes"]}
    assert vols["SSD"]["prices_per_gb_month"]["INR"] == 10.0 and vols["NVMe"]["prices"]["USD"] == pytest.approx(
        0.3 / 730
    )


def test_firewall_carries_its_environment(api: Api) -> None:
    fw = api.firewall(region="FINLAND-2")
    assert fw["environment"]["region"] == "FINLAND-2" and fw["environment"]["name"]
