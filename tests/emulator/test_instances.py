"""Instance status machine (driven by the admin clock), wrong-state calls, create rules, stock and side effects."""

from __future__ import annotations

import pytest

from .conftest import UBUNTU, Api


def path(inst: dict[str, object]) -> str:
    return f"/instances/{inst['instance_id']}/"


def test_create_walks_creating_build_active_with_time(api: Api) -> None:
    api.emu.configure(delay_scale=1.0)
    inst = api.instance()
    assert inst["status"] == "CREATING"
    api.emu.advance_clock(5)
    assert api.status(path(inst)) == "CREATING"
    api.emu.advance_clock(10)
    assert api.status(path(inst)) == "BUILD"
    api.emu.advance_clock(20)
    assert api.status(path(inst)) == "ACTIVE"


def test_delay_scale_zero_is_instant(api: Api) -> None:
    assert api.instance()["status"] == "ACTIVE"


@pytest.mark.parametrize(
    "action,start,transitional,final",
    [
        ("stop", "ACTIVE", "STOPPING", "SHUTOFF"),
        ("start", "SHUTOFF", "STARTING", "ACTIVE"),
        ("reboot", "ACTIVE", "REBOOTING", "ACTIVE"),
        ("reboot", "ERROR", "REBOOTING", "ACTIVE"),
        ("stop", "ERROR", "STOPPING", "SHUTOFF"),
        ("hibernate", "ACTIVE", "HIBERNATING", "HIBERNATED"),
        ("restore", "HIBERNATED", "RESTORING", "ACTIVE"),
    ],
)
def test_power_actions(api: Api, action: str, start: str, transitional: str, final: str) -> None:
    inst = api.instance()
    api.emu.set_status("instance", inst["instance_id"], start)
    api.emu.configure(delay_scale=1.0)
    data = api.data("POST", path(inst) + f"{action}/")
    assert data["status"] == transitional
    api.emu.advance_clock(60)
    assert api.status(path(inst)) == final


@pytest.mark.parametrize(
    "action,bad",
    [
        ("start", ["ACTIVE", "STOPPING", "HIBERNATED", "ERROR", "CREATING"]),
        ("stop", ["SHUTOFF", "HIBERNATED", "BUILD", "STARTING"]),
        ("reboot", ["SHUTOFF", "HIBERNATED", "CREATING"]),
        ("hibernate", ["SHUTOFF", "ERROR", "HIBERNATED", "REBOOTING"]),
        ("restore", ["ACTIVE", "SHUTOFF", "ERROR"]),
    ],
)
def test_wrong_state_actions_are_invalid_state(api: Api, action: str, bad: list[str]) -> None:
    inst = api.instance()
    for status in bad:
        api.emu.set_status("instance", inst["instance_id"], status)
        err = api.error("POST", path(inst) + f"{action}/", code="INVALID_STATE")
        assert status in err["message"]
        assert api.status(path(inst)) == status


def test_delete_lifecycle_and_preconditions(api: Api) -> None:
    inst = api.instance()
    for status in ("CREATING", "BUILD"):
        api.emu.set_status("instance", inst["instance_id"], status)
        api.error("DELETE", path(inst), code="INVALID_STATE")
    api.emu.set_status("instance", inst["instance_id"], "ERROR")
    api.emu.configure(delay_scale=1.0)
    assert api.call("DELETE", path(inst), expect=200).json()["data"] is None
    assert api.status(path(inst)) == "DELETING"
    api.call("DELETE", path(inst), expect=200)  # repeated delete while DELETING is accepted
    api.emu.advance_clock(11)
    api.error("GET", path(inst), expect=404, code="NOT_FOUND")
    api.error("DELETE", path(inst), expect=404)


def test_stock_is_consumed_and_returned(api: Api) -> None:
    def free() -> int:
        stocks = api.data("GET", "/gpu-stocks/", params={"region": "FINLAND-3"})["stocks"]
        return next(s["available"]["8x"] for s in stocks if s["gpu_model"] == "B300-262GB")

    before = free()
    key = api.ssh_key()
    made = [
        api.instance(f"big-{i}", region="FINLAND-3", gpu_model="B300-262GB", gpu_count=8, key=key)
        for i in range(before)
    ]
    assert free() == 0
    err = api.error(
        "POST",
        "/instances/",
        {
            "name": "one-too-many",
            "region": "FINLAND-3",
            "gpu_model": "B300-262GB",
            "gpu_count": 8,
            "image": UBUNTU,
            "ssh_key_ids": [key],
        },
        code="VALIDATION_ERROR",
    )
    assert "gpu_count" in err["errors"]
    api.call("DELETE", path(made[0]), expect=200)
    assert free() == 1


@pytest.mark.parametrize(
    "override,field",
    [
        ({"gpu_model": "H100-SXM5-80GB"}, "gpu_model"),  # advanced model in a legacy region
        ({"gpu_count": 8}, "gpu_count"),  # RTX-A6000 max is 4
        ({"gpu_count": 3}, "gpu_count"),
        ({"gpu_model": "A100"}, "gpu_model"),
        ({"region": "MARS-1"}, "region"),
        ({"name": "bad/name"}, "name"),
        ({"name": "x" * 51}, "name"),
        ({"name": ""}, "name"),
        ({"ssh_key_ids": []}, "ssh_key_ids"),
        ({"ssh_key_ids": ["999999"]}, "ssh_key_ids"),
        ({"image": "Windows 95"}, "image"),
        ({"image": None}, "image"),
        ({"boot_source": "os_image", "boot_source_id": UBUNTU}, "image"),  # both image and boot source
        ({"cloud_init": "x" * (16 * 1024 + 1)}, "cloud_init"),
        ({"startup_script_id": "424242"}, "startup_script_id"),
        ({"volume_ids": ["424242"]}, "volume_ids"),
        ({"firewall_ids": ["424242"]}, "firewall_ids"),
        ({"security_rules": [{"direction": "inbound", "protocol": "tcp"}]}, "security_rules.0.direction"),
    ],
)
def test_create_validation(api: Api, override: dict[str, object], field: str) -> None:
    body = {
        "name": "vm-1",
        "region": "CANADA-1",
        "gpu_model": "RTX-A6000",
        "gpu_count": 1,
        "image": UBUNTU,
        "ssh_key_ids": [api.ssh_key()],
        **override,
    }
    err = api.error("POST", "/instances/", body, code="VALIDATION_ERROR")
    assert field in err["errors"], err
    assert api.data("GET", "/instances/")["instances"] == []


def test_create_with_everything_attached(api: Api) -> None:
    key = api.ssh_key()
    script = api.data("POST", "/scripts/", {"name": "boot", "content": "#!/bin/sh\n"}, expect=201)
    vol = api.volume("data-1")
    fw = api.firewall()
    inst = api.instance(
        key=key,
        startup_script_id=script["id"],
        volume_ids=[vol["id"]],
        firewall_ids=[fw["id"]],
        public_ip=False,
        security_rules=[{"direction": "ingress", "protocol": "tcp", "port_range_min": 22, "port_range_max": 22}],
    )
    assert inst["ip_address"] is None and inst["ip_status"] == "unassigned"
    assert inst["volume_attachments"] == [{"volume_id": vol["id"], "name": "data-1", "status": "attached"}]
    assert inst["firewalls"] == [{"id": fw["id"], "name": "fw-1"}]
    assert inst["security_rules"][0]["remote_ip_prefix"] == "0.0.0.0/0"
    assert inst["ssh_keys"] == [{"id": key, "name": "key-1"}]
    assert inst["specs"] == {"gpu_type": "RTX-A6000", "gpu_count": 1, "ram_gb": 58, "vcpus": 8, "storage_gb": 100}
    assert inst["billing"] == {"hourly_rate": 0.69, "currency": "USD"}
    assert api.status(f"/volumes/{vol['id']}/") == "in-use"


def test_duplicate_name_is_409(api: Api) -> None:
    key = api.ssh_key()
    api.instance("dup", key=key)
    body = {
        "name": "dup",
        "region": "CANADA-1",
        "gpu_model": "RTX-A6000",
        "gpu_count": 1,
        "image": UBUNTU,
        "ssh_key_ids": [key],
    }
    api.error("POST", "/instances/", body, expect=409, code="CONFLICT")
    assert len(api.data("GET", "/instances/")["instances"]) == 1


def test_boot_from_bootable_volume_and_delete_removes_it(api: Api) -> None:
    boot = api.volume("boot-vol", bootable=True, image=UBUNTU)
    data = api.volume("data-vol")
    fw = api.firewall()
    inst = api.instance(
        boot_source="volume", boot_source_id=boot["id"], volume_ids=[data["id"]], firewall_ids=[fw["id"]]
    )
    assert inst["boot_source"] == "volume" and len(inst["volume_attachments"]) == 2
    api.data("POST", path(inst) + "stop/")
    err = api.error("POST", path(inst) + "detach-volumes/", {"volume_ids": [boot["id"]]}, code="INVALID_STATE")
    assert "bootable" in err["message"]  # SHUTOFF, yet a bootable volume never detaches
    api.call("DELETE", path(inst), expect=200)
    api.error("GET", f"/volumes/{boot['id']}/", expect=404)
    vol = api.data("GET", f"/volumes/{data['id']}/")
    assert vol["status"] == "available" and vol["attached_to"] is None
    assert api.data("GET", f"/firewalls/{fw['id']}/")["attachments"] == []


def test_boot_source_rules(api: Api) -> None:
    plain = api.volume("plain-vol")
    key = api.ssh_key()
    base = {"name": "vm-b", "region": "CANADA-1", "gpu_model": "RTX-A6000", "gpu_count": 1, "ssh_key_ids": [key]}
    for src, sid in (("volume", plain["id"]), ("custom_image", "1"), ("floppy", "x"), ("os_image", "Nope")):
        err = api.error("POST", "/instances/", {**base, "boot_source": src, "boot_source_id": sid})
        assert set(err["errors"]) & {"boot_source", "boot_source_id"}


def test_toggle_public_ip(api: Api) -> None:
    inst = api.instance(public_ip=False)
    data = api.data("POST", path(inst) + "toggle-public-ip/", {"enable": True})
    assert data["ip_status"] == "assigned" and data["ip_address"]  # the documented word
    data = api.data("POST", path(inst) + "toggle-public-ip/", {"enable": False})
    assert data["ip_status"] == "unassigned" and data["ip_address"] is None
    api.error("POST", path(inst) + "toggle-public-ip/", {}, code="VALIDATION_ERROR")
    api.emu.set_status("instance", inst["instance_id"], "HIBERNATED")
    api.error("POST", path(inst) + "toggle-public-ip/", {"enable": True}, code="INVALID_STATE")


def test_security_rules_add_duplicate_remove(api: Api) -> None:
    inst = api.instance()
    api.emu.configure(delay_scale=1.0)
    rule = {
        "direction": "ingress",
        "protocol": "tcp",
        "port_range_min": 443,
        "port_range_max": 443,
        "remote_ip_prefix": "10.1.2.3/8",
    }
    created = api.data("POST", path(inst) + "security-rules/", rule, expect=201)
    assert created["status"] == "pending" and created["remote_ip_prefix"] == "10.0.0.0/8"
    api.emu.advance_clock(6)
    assert api.data("GET", path(inst))["security_rules"][0]["status"] == "SUCCESS"
    api.error("POST", path(inst) + "security-rules/", rule, expect=409, code="CONFLICT")
    assert api.call("DELETE", path(inst) + f"security-rules/{created['id']}/", expect=200).json()["data"] is None
    api.error("DELETE", path(inst) + f"security-rules/{created['id']}/", expect=404)
    assert api.data("GET", path(inst))["security_rules"] == []


def test_snapshot_eligible_lists_legacy_active_or_shutoff(api: Api) -> None:
    key = api.ssh_key()
    legacy = api.instance("legacy-vm", key=key)
    stopped = api.instance("stopped-vm", key=key)
    api.data("POST", path(stopped) + "stop/")
    hib = api.instance("hib-vm", key=key)
    api.data("POST", path(hib) + "hibernate/")
    api.instance("adv-vm", region="FINLAND-1", gpu_model="H100-SXM5-80GB", key=key)
    ids = {i["instance_id"] for i in api.data("GET", "/instances/snapshot-eligible/")["instances"]}
    assert ids == {legacy["instance_id"], stopped["instance_id"]}


def test_instance_firewalls_endpoint(api: Api) -> None:
    inst = api.instance()
    fw = api.firewall()
    api.data("POST", f"/firewalls/{fw['id']}/attach/", {"instance_ids": [inst["instance_id"]]})
    listed = api.data("GET", path(inst) + "firewalls/")["firewalls"]
    assert [f["id"] for f in listed] == [fw["id"]]
