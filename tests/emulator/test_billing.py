"""Per-state billing (driven by the admin clock), balance, 402 rules and pricing."""

from __future__ import annotations

import pytest

from .conftest import UBUNTU, Api


def balance(api: Api) -> float:
    return float(api.data("GET", "/balance/")["balance"])


def record(api: Api, path: str, rid: str) -> dict[str, object]:
    records = api.data("GET", path, params={"limit": 100})["records"]
    return next(r for r in records if r["resource_id"] == rid)


def test_instance_billing_per_state(api: Api) -> None:
    inst = api.instance(gpu_model="H100-PCIe-NVLink-80GB", gpu_count=2)  # 2 x 2.29 = 4.58 / h
    iid = inst["instance_id"]
    start = balance(api)
    api.emu.advance_clock(3600)
    assert balance(api) == pytest.approx(start - 4.58, abs=0.01)
    api.data("POST", f"/instances/{iid}/stop/")
    api.emu.advance_clock(3600)  # SHUTOFF: full rate
    assert balance(api) == pytest.approx(start - 9.16, abs=0.01)
    api.data("POST", f"/instances/{iid}/start/")
    api.data("POST", f"/instances/{iid}/hibernate/")
    api.emu.advance_clock(3600)  # HIBERNATED: 0.01 / h
    assert balance(api) == pytest.approx(start - 9.17, abs=0.01)
    rec = record(api, "/instances/billing/", iid)
    assert rec["amount"] == pytest.approx(9.17, abs=0.01) and rec["hours"] == pytest.approx(3.0, abs=0.01)
    assert rec["status"] == "HIBERNATED" and rec["currency"] == "USD"


def test_transitional_states_are_free(api: Api) -> None:
    api.emu.configure(delay_scale=1000.0)  # CREATING lasts 10,000 s
    inst = api.instance()
    start = balance(api)
    api.emu.advance_clock(3600)
    assert api.status(f"/instances/{inst['instance_id']}/") == "CREATING"
    assert balance(api) == pytest.approx(start, abs=1e-6)


def test_volume_and_snapshot_billing_and_closed_records(api: Api) -> None:
    vol = api.volume("big-vol", size_gb=1000)  # SSD 0.10 USD / GB-month (D) = 0.10 / 730 per GB-hour
    api.emu.advance_clock(3600)
    assert record(api, "/volumes/billing/", vol["id"])["amount"] == pytest.approx(100 / 730, abs=1e-4)
    api.call("DELETE", f"/volumes/{vol['id']}/", expect=200)
    closed = record(api, "/volumes/billing/", vol["id"])
    assert closed["status"] == "DELETED"
    data = api.data("GET", "/volumes/billing/")
    assert data["summary"]["total_amount"] == pytest.approx(100 / 730, abs=1e-4)
    assert data["summary"]["totals_by_currency"]["USD"] == pytest.approx(100 / 730, abs=1e-4)
    assert data["summary"]["record_count"] == 1 and "size_gb_by_type" in data["summary"]
    inst = api.instance()
    snap = api.data("POST", "/snapshots/", {"instance_id": inst["instance_id"], "name": "s"}, expect=201)
    api.emu.advance_clock(3600)
    assert record(api, "/snapshots/billing/", snap["id"])["amount"] == pytest.approx(0.007, abs=1e-4)


def test_instance_needs_one_hour_of_balance(api: Api) -> None:
    key = api.ssh_key()
    api.emu.configure(balance=2.0)
    body = {
        "name": "pricey",
        "region": "CANADA-1",
        "gpu_model": "H100-PCIe-NVLink-80GB",
        "gpu_count": 1,
        "image": UBUNTU,
        "ssh_key_ids": [key],
    }
    api.error("POST", "/instances/", body, expect=402, code="INSUFFICIENT_BALANCE")
    inst = api.instance("cheap", key=key)  # 0.69 / h
    api.data("POST", f"/instances/{inst['instance_id']}/stop/")
    api.emu.configure(balance=0.5)
    api.error("POST", f"/instances/{inst['instance_id']}/start/", expect=402, code="INSUFFICIENT_BALANCE")
    assert api.status(f"/instances/{inst['instance_id']}/") == "SHUTOFF"


def test_pricing(api: Api) -> None:
    resp = api.call(
        "POST",
        "/pricing/",
        {
            "tier": "legacy",
            "currency": "EUR",
            "gpu_model": "RTX-A6000",
            "gpu_count": 2,
            "volume_type": "SSD",
            "volume_size_gb": 1000,
        },
        expect=200,
    )
    body = resp.json()
    pricing = body["data"]["pricing_data"]
    assert body["tier"] == "legacy"
    assert {g["gpu_model"] for g in pricing["gpus"]} == {"H100-PCIe-NVLink-80GB", "RTX-A6000"}
    a6000 = next(g for g in pricing["gpus"] if g["gpu_model"] == "RTX-A6000")
    assert a6000["prices"]["USD"] == 0.69 and set(a6000["prices"]) == {"USD", "EUR", "INR"}
    assert pricing["metadata"]["currency"] == "EUR"
    assert pricing["estimate"]["currency"] == "EUR"
    # GPUs converted from USD (I); the SSD price in EUR is documented: 0.10 EUR per GB-month, hourly = monthly / 730
    assert pricing["estimate"]["hourly"] == pytest.approx(1.38 * 0.92 + 0.10 * 1000 / 730, abs=1e-6)
    prices = {g["gpu_model"]: g["prices"]["USD"] for g in api.data("POST", "/pricing/", {})["pricing_data"]["gpus"]}
    assert prices == {"H100-PCIe-NVLink-80GB": 2.29, "RTX-A6000": 0.69, "H100-SXM5-80GB": 2.49, "B300-262GB": 5.79}


@pytest.mark.parametrize(
    "body,field",
    [
        ({"currency": "GBP"}, "currency"),
        ({"tier": "gold"}, "tier"),
        ({"gpu_model": "RTX-A6000", "gpu_count": 8}, "gpu_count"),
        ({"volume_type": "NVMe", "volume_size_gb": 20_000}, "volume_size_gb"),
        ({"extra": 1}, "extra"),
    ],
)
def test_pricing_validation(api: Api, body: dict[str, object], field: str) -> None:
    assert field in api.error("POST", "/pricing/", body, code="VALIDATION_ERROR")["errors"]
