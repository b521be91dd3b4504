"""Field metadata, comparable values, plan_changes, rule/id diffs, SSH key fingerprints."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from shared_client import FieldMode, errors, field_specs, plan_changes
from shared_client.fields import comparable, secret_fields
from shared_client.models import (
    CustomImageCreate,
    FirewallCreate,
    InstanceCreate,
    RuleSpec,
    ScriptCreate,
    SnapshotCreate,
    SshKeyCreate,
    VolumeCreate,
)
from shared_client.normalise import canonical_cidr, ssh_fingerprint
from shared_client.rules import canonical_rules, diff_rules

U, C = FieldMode.UPDATABLE, FieldMode.CREATE_ONLY
ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIxcxnbCeTCvvmMo2MTySpEOAk4nYU2szhvc9zSxZrDJ demo@barrack"


def modes(model: type) -> dict[str, FieldMode]:  # type: ignore[type-arg]
    return {n: s.mode for n, s in field_specs(model).items()}


def test_instance_metadata() -> None:
    m = modes(InstanceCreate)
    create_only = {
        "name",
        "region",
        "gpu_model",
        "gpu_count",
        "image",
        "boot_source",
        "boot_source_id",
        "ssh_key_ids",
        "cloud_init",
        "startup_script_id",
    }
    assert {k for k, v in m.items() if v is C} == create_only
    updatable = {"public_ip", "volume_ids", "firewall_ids", "security_rules", "power_state"}
    assert {k for k, v in m.items() if v is U} == updatable
    specs = field_specs(InstanceCreate)
    for f in ("volume_ids", "firewall_ids", "security_rules", "ssh_key_ids"):
        assert specs[f].order_insensitive
    assert specs["name"].required and not specs["public_ip"].required
    assert secret_fields(InstanceCreate) == {"cloud_init"}


def test_other_models_metadata() -> None:
    assert modes(VolumeCreate) == {
        "name": C,
        "region": C,
        "size_gb": U,
        "volume_type": C,
        "description": C,
        "bootable": C,
        "image": C,
    }
    vs = field_specs(VolumeCreate)["size_gb"]
    assert vs.grow_only and vs.update_tiers == frozenset({"advanced"})
    assert modes(FirewallCreate) == {"name": C, "region": C, "description": C, "rules": U}
    assert field_specs(FirewallCreate)["rules"].order_insensitive and not field_specs(FirewallCreate)["rules"].in_body
    assert set(modes(SshKeyCreate).values()) == {C}
    assert modes(ScriptCreate) == {"name": U, "content": U, "description": U}
    assert set(modes(SnapshotCreate).values()) == {C}
    assert set(modes(CustomImageCreate).values()) == {C}


def test_metadata_is_in_json_schema() -> None:
    schema = InstanceCreate.model_json_schema()
    assert schema["properties"]["name"]["x-barrack"]["mode"] == "create_only"
    assert schema["properties"]["cloud_init"]["x-barrack"]["secret"] is True


def test_allowed_values_are_in_json_schema() -> None:
    """Closed value sets are a JSON schema ``enum``; the protocol (case-insensitive, served by the API) lists its
    known values as ``examples`` and still takes ``TCP``; GPU models and images carry no value set."""
    props = InstanceCreate.model_json_schema()["properties"]
    assert props["region"]["enum"] == ["CANADA-1", "FINLAND-1", "FINLAND-2", "FINLAND-3", "ICELAND-1"]
    assert props["boot_source"]["enum"] == ["custom_image", "os_image", "volume"]
    assert "enum" not in props["gpu_model"] and "enum" not in props["image"]
    assert VolumeCreate.model_json_schema()["properties"]["volume_type"]["enum"] == ["SSD", "NVMe", "HDD"]
    rule = RuleSpec.model_json_schema()["properties"]
    assert rule["direction"]["enum"] == ["egress", "ingress"] and rule["ethertype"]["enum"] == ["IPv4", "IPv6"]
    assert "enum" not in rule["protocol"] and "tcp" in rule["protocol"]["examples"]
    assert RuleSpec.model_validate({"protocol": "TCP"}).protocol == "tcp"


def test_canonical_cidr() -> None:
    assert canonical_cidr("10.0.0.5/24") == "10.0.0.0/24"
    assert canonical_cidr("192.168.1.1") == "192.168.1.1/32"
    assert canonical_cidr("2001:DB8::1/32") == "2001:db8::/32"
    with pytest.raises(ValueError):
        canonical_cidr("300.1.1.1/8")


def test_rules_compare_as_sets_of_canonical_rules() -> None:
    a = [
        dict(
            direction="ingress",
            ethertype="IPv4",
            protocol="TCP",
            port_range_min=22,
            port_range_max=22,
            remote_ip_prefix="10.0.0.9/8",
            id="1",
            status="SUCCESS",
        ),
        dict(direction="egress", ethertype="IPv4", protocol="any", remote_ip_prefix="0.0.0.0/0"),
    ]
    b = [
        RuleSpec(direction="egress", ethertype="IPv4", protocol="any", remote_ip_prefix="0.0.0.0/0"),
        RuleSpec(
            direction="ingress",
            ethertype="IPv4",
            protocol="tcp",
            port_range_min=22,
            port_range_max=22,
            remote_ip_prefix="10.0.0.0/8",
        ),
    ]
    assert canonical_rules(a) == canonical_rules(b)
    assert comparable(FirewallCreate, {"rules": a}) == comparable(FirewallCreate, {"rules": b})
    icmp = [
        dict(
            direction="ingress",
            ethertype="IPv4",
            protocol="icmp",
            port_range_min=1,
            port_range_max=1,
            remote_ip_prefix="0.0.0.0/0",
        )
    ]
    assert canonical_rules(icmp)[0]["port_range_min"] is None


def test_comparable_sorts_ids_and_strips_key_comment() -> None:
    out = comparable(InstanceCreate, {"volume_ids": ["3", 1, "2", "1"], "name": "w1"})
    assert out == {"volume_ids": ["1", "2", "3"], "name": "w1"}
    k = comparable(SshKeyCreate, {"public_key": ED25519 + "  "})["public_key"]
    assert k == ED25519.rsplit(" ", 1)[0]


def test_plan_changes_update_vs_replace() -> None:
    old = {
        "name": "w1",
        "gpu_count": 1,
        "volume_ids": ["1", "2"],
        "public_ip": True,
        "security_rules": [
            dict(
                direction="ingress",
                ethertype="IPv4",
                protocol="tcp",
                port_range_min=22,
                port_range_max=22,
                remote_ip_prefix="0.0.0.0/0",
                id="9",
            )
        ],
    }
    same = {
        "volume_ids": ["2", "1"],
        "security_rules": [
            RuleSpec(
                direction="ingress",
                ethertype="IPv4",
                protocol="TCP",
                port_range_min=22,
                port_range_max=22,
                remote_ip_prefix="0.0.0.0/0",
            )
        ],
    }
    assert plan_changes(InstanceCreate, old, same) == plan_changes(InstanceCreate, old, {})
    assert not plan_changes(InstanceCreate, old, same)
    p = plan_changes(InstanceCreate, old, {"volume_ids": ["1"], "public_ip": False})
    assert p.changed == ["volume_ids", "public_ip"] and p.replace == [] and not p.needs_replace
    p = plan_changes(InstanceCreate, old, {"gpu_count": 2, "public_ip": False})
    assert p.changed == ["gpu_count", "public_ip"] and p.replace == ["gpu_count"] and p.update == ["public_ip"]
    # keys absent from old are unknown (e.g. cloud_init is not readable): never a change
    assert not plan_changes(InstanceCreate, old, {"cloud_init": "#cloud-config"})


def test_plan_changes_volume_grow_only_and_tier() -> None:
    adv = {"name": "data-1", "region": "FINLAND-1", "size_gb": 200, "volume_type": "NVMe"}
    assert plan_changes(VolumeCreate, adv, {"size_gb": 300}).update == ["size_gb"]
    with pytest.raises(errors.ValidationError) as ei:
        plan_changes(VolumeCreate, adv, {"size_gb": 100})
    assert "size_gb" in ei.value.field_errors and "grow" in str(ei.value)
    legacy = {"name": "data-1", "region": "CANADA-1", "size_gb": 200}
    with pytest.raises(errors.ValidationError) as ei:
        plan_changes(VolumeCreate, legacy, {"size_gb": 300})
    assert "legacy" in ei.value.field_errors["size_gb"][0]
    assert plan_changes(VolumeCreate, adv, {"volume_type": "HDD"}).replace == ["volume_type"]


def test_diff_rules() -> None:
    current = [
        dict(
            id="r1",
            direction="ingress",
            ethertype="IPv4",
            protocol="tcp",
            port_range_min=22,
            port_range_max=22,
            remote_ip_prefix="0.0.0.0/0",
        ),
        dict(
            id="r2",
            direction="ingress",
            ethertype="IPv4",
            protocol="tcp",
            port_range_min=80,
            port_range_max=80,
            remote_ip_prefix="0.0.0.0/0",
        ),
        dict(
            id="r3",
            direction="ingress",
            ethertype="IPv4",
            protocol="tcp",
            port_range_min=80,
            port_range_max=80,
            remote_ip_prefix="0.0.0.0/0",
        ),
    ]
    desired = [
        RuleSpec(
            direction="ingress",
            ethertype="IPv4",
            protocol="tcp",
            port_range_min=80,
            port_range_max=80,
            remote_ip_prefix="0.0.0.0/0",
        ),
        RuleSpec(direction="ingress", ethertype="IPv6", protocol="udp", remote_ip_prefix="::/0"),
    ]
    add, remove = diff_rules(current, desired)
    assert remove == ["r1", "r3"]  # r1 unwanted, r3 duplicates r2
    assert add == [
        dict(
            direction="ingress",
            ethertype="IPv6",
            protocol="udp",
            port_range_min=None,
            port_range_max=None,
            remote_ip_prefix="::/0",
        )
    ]


def test_fingerprint_independent_vector() -> None:
    # computed by the emulator's own implementation and by `ssh-keygen -lf`
    assert ssh_fingerprint(ED25519) == "SHA256:GzskDUu/exKfNg74tADvti9wtvMRxqyjvYF5xjdFeYw"
    assert SshKeyCreate(name="k", public_key=ED25519).fingerprint == ssh_fingerprint(ED25519)


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen not installed")
@pytest.mark.parametrize("kind", ["ed25519", "rsa", "ecdsa"])
def test_fingerprint_matches_ssh_keygen(tmp_path: Path, kind: str) -> None:
    key = tmp_path / "k"
    subprocess.run(["ssh-keygen", "-q", "-t", kind, "-N", "", "-f", str(key)], check=True)
    pub = (tmp_path / "k.pub").read_text()
    out = subprocess.run(
        ["ssh-keygen", "-l", "-E", "sha256", "-f", str(key) + ".pub"], check=True, capture_output=True, text=True
    ).stdout.split()[1]
    assert ssh_fingerprint(pub) == out
    SshKeyCreate(name="k", public_key=pub)  # accepted
