"""Firewalls (rules, attach, quota, delete rule), SSH keys (format, fingerprint, quota, in use), scripts."""

from __future__ import annotations

import base64
import hashlib

import pytest

from barrack_emulator.routes.ssh_keys import fake_public_key

from .conftest import Api


def test_firewall_status_machine_and_rules(api: Api) -> None:
    api.emu.configure(delay_scale=1.0)
    fw = api.firewall()
    assert fw["status"] == "CREATING" and fw["rules"] == [] and fw["attachments"] == []
    api.emu.advance_clock(6)
    assert api.status(f"/firewalls/{fw['id']}/") == "SUCCESS"
    rule = api.data(
        "POST",
        f"/firewalls/{fw['id']}/rules/",
        {"direction": "ingress", "protocol": "udp", "ethertype": "IPv6", "remote_ip_prefix": "2001:db8::1/32"},
        expect=201,
    )
    assert rule["status"] == "pending" and rule["remote_ip_prefix"] == "2001:db8::/32"
    assert rule["port_range_min"] is None and rule["port_range_max"] is None
    api.emu.advance_clock(6)
    assert api.data("GET", f"/firewalls/{fw['id']}/")["rules"][0]["status"] == "SUCCESS"
    api.call("DELETE", f"/firewalls/{fw['id']}/rules/{rule['id']}/", expect=200)
    api.error("DELETE", f"/firewalls/{fw['id']}/rules/{rule['id']}/", expect=404, code="NOT_FOUND")


@pytest.mark.parametrize(
    "rule,field",
    [
        ({"direction": "in", "protocol": "tcp"}, "direction"),
        ({"direction": "ingress", "protocol": "tcpx"}, "protocol"),
        ({"direction": "ingress", "protocol": "tcp", "ethertype": "IPv5"}, "ethertype"),
        ({"direction": "ingress", "protocol": "tcp", "port_range_min": 0, "port_range_max": 22}, "port_range_min"),
        ({"direction": "ingress", "protocol": "tcp", "port_range_min": 22, "port_range_max": 65536}, "port_range_max"),
        ({"direction": "ingress", "protocol": "tcp", "port_range_min": 80, "port_range_max": 22}, "port_range_max"),
        ({"direction": "ingress", "protocol": "tcp", "port_range_min": 80}, "port_range_min"),
        ({"direction": "ingress", "protocol": "icmp", "port_range_min": 1, "port_range_max": 2}, "port_range_min"),
        ({"direction": "ingress", "protocol": "tcp", "remote_ip_prefix": "10.0.0.0/33"}, "remote_ip_prefix"),
        ({"direction": "ingress", "protocol": "tcp", "remote_ip_prefix": "::/0"}, "remote_ip_prefix"),
        ({"direction": "ingress", "protocol": "tcp", "priority": 1}, "priority"),
    ],
)
def test_rule_validation(api: Api, rule: dict[str, object], field: str) -> None:
    fw = api.firewall()
    err = api.error("POST", f"/firewalls/{fw['id']}/rules/", rule, code="VALIDATION_ERROR")
    assert field in err["errors"], err
    assert api.data("GET", f"/firewalls/{fw['id']}/")["rules"] == []


def test_duplicate_rule_is_409(api: Api) -> None:
    fw = api.firewall()
    rule = {"direction": "egress", "protocol": "any"}
    api.data("POST", f"/firewalls/{fw['id']}/rules/", rule, expect=201)
    api.error("POST", f"/firewalls/{fw['id']}/rules/", rule, expect=409, code="CONFLICT")


def test_attach_sets_full_list_and_blocks_delete(api: Api) -> None:
    key = api.ssh_key()
    a = api.instance("vm-a", key=key)
    b = api.instance("vm-b", key=key)
    fw = api.firewall()
    url = f"/firewalls/{fw['id']}/attach/"
    api.emu.configure(delay_scale=1.0)
    data = api.data("POST", url, {"instance_ids": [a["instance_id"], b["instance_id"]]})
    assert {(x["instance_id"], x["status"]) for x in data["attachments"]} == {
        (a["instance_id"], "ATTACHING"),
        (b["instance_id"], "ATTACHING"),
    }
    api.emu.advance_clock(11)
    assert {x["status"] for x in api.data("GET", f"/firewalls/{fw['id']}/")["attachments"]} == {"SUCCESS"}
    api.error("DELETE", f"/firewalls/{fw['id']}/", code="INVALID_STATE")
    avail = api.data("GET", f"/firewalls/{fw['id']}/available-instances/")["instances"]
    assert avail == []
    data = api.data("POST", url, {"instance_ids": [b["instance_id"]]})
    assert [x["instance_id"] for x in data["attachments"]] == [b["instance_id"]]
    assert api.data("GET", f"/instances/{a['instance_id']}/")["firewalls"] == []
    avail = api.data("GET", f"/firewalls/{fw['id']}/available-instances/")["instances"]
    assert [i["instance_id"] for i in avail] == [a["instance_id"]]
    api.data("POST", url, {"instance_ids": []})
    api.call("DELETE", f"/firewalls/{fw['id']}/", expect=200)


def test_attach_rules(api: Api) -> None:
    key = api.ssh_key()
    other_region = api.instance("adv", region="FINLAND-1", gpu_model="H100-SXM5-80GB", key=key)
    hib = api.instance("hib", key=key)
    api.data("POST", f"/instances/{hib['instance_id']}/hibernate/")
    fw = api.firewall()
    url = f"/firewalls/{fw['id']}/attach/"
    api.error("POST", url, {"instance_ids": [other_region["instance_id"]]}, code="VALIDATION_ERROR")
    api.error("POST", url, {"instance_ids": ["BRK-999999D"]}, code="VALIDATION_ERROR")
    api.error("POST", url, {"instance_ids": [hib["instance_id"]]}, code="INVALID_STATE")
    api.emu.set_status("firewall", fw["id"], "CREATING")
    api.error("POST", url, {"instance_ids": []}, code="INVALID_STATE")


def test_firewall_quota_and_unique_names(api: Api) -> None:
    api.emu.seed("firewalls", 24)
    api.firewall("fw-25")
    api.error("POST", "/firewalls/", {"name": "fw-26", "region": "CANADA-1"}, expect=403, code="PERMISSION_DENIED")
    api.error("POST", "/firewalls/", {"name": "fw-25", "region": "CANADA-1"}, expect=409, code="CONFLICT")
    err = api.error("POST", "/firewalls/", {"name": "x", "region": "CANADA-1", "description": "d" * 256})
    assert "description" in err["errors"]


def test_ssh_key_fingerprint_matches_ssh_keygen_format(api: Api) -> None:
    public = fake_public_key("me@host")
    data = api.data("POST", "/ssh-keys/", {"name": "laptop", "public_key": public}, expect=201)
    blob = base64.b64decode(public.split()[1])
    expected = "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
    assert data["fingerprint"] == expected
    assert set(data) == {"id", "name", "public_key", "fingerprint", "created_at"}


@pytest.mark.parametrize(
    "name,key",
    [
        ("with space", None),
        ("ok-name", "ssh-dss AAAAB3NzaC1kc3M= x"),
        ("ok-name", "ssh-ed25519 !!!notbase64"),
        ("ok-name", "ssh-rsa " + fake_public_key().split()[1]),
        ("ok-name", "ssh-ed25519"),
        ("ok-name", fake_public_key() + "\n" + fake_public_key()),
    ],
    ids=["space-in-name", "dss", "not-base64", "rsa-type-ed25519-blob", "no-blob", "two-lines"],
)
def test_ssh_key_validation(api: Api, name: str, key: str | None) -> None:
    api.error("POST", "/ssh-keys/", {"name": name, "public_key": key or fake_public_key()}, code="VALIDATION_ERROR")


def test_ssh_key_quota_conflict_and_in_use(api: Api) -> None:
    api.emu.seed("ssh_keys", 24)
    kid = api.ssh_key("last")
    api.error("POST", "/ssh-keys/", {"name": "extra", "public_key": fake_public_key()}, expect=403)
    api.error("POST", "/ssh-keys/", {"name": "last", "public_key": fake_public_key()}, expect=409)
    inst = api.instance(key=kid)
    api.error("DELETE", f"/ssh-keys/{kid}/", code="INVALID_STATE")
    api.call("DELETE", f"/instances/{inst['instance_id']}/", expect=200)
    api.call("DELETE", f"/ssh-keys/{kid}/", expect=200)


def test_scripts_crud_put_and_bulk_delete(api: Api) -> None:
    s1 = api.data("POST", "/scripts/", {"name": "one", "content": "echo 1", "description": "first"}, expect=201)
    s2 = api.data("POST", "/scripts/", {"name": "two", "content": "echo 2"}, expect=201)
    api.error("POST", "/scripts/", {"name": "one", "content": "echo"}, expect=409)
    api.error("POST", "/scripts/", {"name": "blank", "content": "   "}, code="VALIDATION_ERROR")
    upd = api.data("PUT", f"/scripts/{s1['id']}/", {"content": "echo 111"})
    assert (upd["name"], upd["content"], upd["description"]) == ("one", "echo 111", "first")
    api.error("PUT", f"/scripts/{s1['id']}/", {"name": "two"}, expect=409)
    api.error("PUT", f"/scripts/{s1['id']}/", {"body": "x"}, code="VALIDATION_ERROR")
    api.error("PUT", "/scripts/999999/", {"content": "x"}, expect=404)
    deleted = api.data("POST", "/scripts/bulk-delete/", {"script_ids": [s1["id"], s2["id"], "999999"]})
    assert deleted == {"deleted": [s1["id"], s2["id"]]}
    assert api.data("GET", "/scripts/")["scripts"] == []
