"""Bad input is rejected by the client before any request reaches the emulator (checked on its request log)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from client_contract_support import ED25519, UBUNTU

from shared_client import BarrackClient, errors
from shared_client.models import (
    CustomImageCreate,
    FirewallCreate,
    InstanceCreate,
    ScriptCreate,
    SnapshotCreate,
    SshKeyCreate,
    VolumeCreate,
)

RULE_OK = {"protocol": "tcp", "port_range_min": 22}
INST = dict(name="vm", region="CANADA-1", gpu_model="RTX-A6000", gpu_count=1, image=UBUNTU, ssh_key_ids=["1"])
VOL = dict(name="data-1", region="FINLAND-1", size_gb=200, volume_type="NVMe")
BAD: list[tuple[str, Any, dict[str, Any], str]] = [
    ("instances", InstanceCreate, {**INST, "gpu_count": 8}, "gpu_count"),
    ("instances", InstanceCreate, {**INST, "gpu_model": "B300-262GB"}, "gpu_model"),
    ("instances", InstanceCreate, {**INST, "name": "a/b"}, "name"),
    ("instances", InstanceCreate, {**INST, "cloud_init": "x" * 20000}, "cloud_init"),
    ("instances", InstanceCreate, {**INST, "ssh_key_ids": []}, "ssh_key_ids"),
    ("instances", InstanceCreate, {**INST, "security_rules": [{"direction": "in"}]}, "security_rules"),
    ("instances", InstanceCreate, {**INST, "unknown": 1}, "unknown"),
    ("volumes", VolumeCreate, {**VOL, "size_gb": 20_000}, "size_gb"),
    ("volumes", VolumeCreate, {**VOL, "name": "_x_"}, "name"),
    ("volumes", VolumeCreate, {**VOL, "volume_type": "SSD"}, "volume_type"),
    (
        "firewalls",
        FirewallCreate,
        {
            "name": "fw",
            "region": "CANADA-1",
            "rules": [
                {
                    "direction": "ingress",
                    "ethertype": "IPv4",
                    "protocol": "tcp",
                    "port_range_min": 70000,
                    "port_range_max": 70000,
                    "remote_ip_prefix": "0.0.0.0/0",
                }
            ],
        },
        "rules",
    ),
    (
        "firewalls",
        FirewallCreate,
        {
            "name": "fw",
            "region": "CANADA-1",
            "rules": [
                {"direction": "ingress", "ethertype": "IPv4", "protocol": "tcp", "remote_ip_prefix": "10.0.0.0/40"}
            ],
        },
        "rules",
    ),
    ("ssh_keys", SshKeyCreate, {"name": "k", "public_key": "ssh-rsa garbage"}, "public_key"),
    ("ssh_keys", SshKeyCreate, {"name": "a key", "public_key": ED25519}, "name"),
    ("scripts", ScriptCreate, {"name": "s", "content": ""}, "content"),
    ("snapshots", SnapshotCreate, {"instance_id": "BRK-1D", "name": "x" * 60}, "name"),
]


INST_BAD: list[tuple[dict[str, Any], str]] = [
    ({"ssh_key_ids": [""]}, "ssh_key_ids"),
    ({"ssh_key_ids": ["1", "1"]}, "ssh_key_ids"),
    ({"ssh_key_ids": ["../1"]}, "ssh_key_ids"),
    ({"volume_ids": [""]}, "volume_ids"),
    ({"volume_ids": [str(i) for i in range(11)]}, "volume_ids"),
    ({"firewall_ids": ["a/b"]}, "firewall_ids"),
    ({"gpu_count": "two"}, "gpu_count"),
    ({"gpu_count": True}, "gpu_count"),
    ({"gpu_count": 3}, "gpu_count"),
    ({"region": "MARS-1"}, "region"),
    ({"image": ""}, "image"),
    ({"image": None, "boot_source": "disk", "boot_source_id": "1"}, "boot_source"),
    ({"image": None, "boot_source": "volume"}, "boot_source_id"),
    ({"image": None, "boot_source": "volume", "boot_source_id": "a/b"}, "boot_source_id"),
    ({"startup_script_id": ""}, "startup_script_id"),
    ({"name": ""}, "name"),
    ({"name": "n" * 51}, "name"),
    ({"cloud_init": "é" * 8193}, "cloud_init"),
    ({"security_rules": [RULE_OK, RULE_OK]}, "security_rules"),
    ({"public_ip": "maybe"}, "public_ip"),
]
BAD += [("instances", InstanceCreate, {**INST, **extra}, field) for extra, field in INST_BAD]
BAD += [
    ("volumes", VolumeCreate, {**VOL, "size_gb": 99}, "size_gb"),
    ("volumes", VolumeCreate, {**VOL, "size_gb": "100.5"}, "size_gb"),
    ("volumes", VolumeCreate, {**VOL, "description": "d" * 256}, "description"),
    ("volumes", VolumeCreate, {**VOL, "bootable": True, "image": UBUNTU}, "bootable"),
    ("volumes", VolumeCreate, {**VOL, "image": UBUNTU}, "image"),
    ("volumes", VolumeCreate, {**VOL, "name": "ab"}, "name"),
    ("volumes", VolumeCreate, {**VOL, "region": "CANADA-1", "volume_type": "SSD", "bootable": True}, "image"),
    ("firewalls", FirewallCreate, {"name": "", "region": "CANADA-1"}, "name"),
    ("firewalls", FirewallCreate, {"name": "fw", "region": "CANADA-1", "description": "d" * 300}, "description"),
    ("firewalls", FirewallCreate, {"name": "fw", "region": "CANADA-1", "rules": [{"protocol": "tcpx"}]}, "rules"),
    (
        "firewalls",
        FirewallCreate,
        {"name": "fw", "region": "CANADA-1", "rules": [{"protocol": "icmp", "port_range_min": 1}]},
        "rules",
    ),
    (
        "firewalls",
        FirewallCreate,
        {"name": "fw", "region": "CANADA-1", "rules": [{"protocol": "tcp", "remote_ip_prefix": "::/0"}]},
        "rules",
    ),
    ("ssh_keys", SshKeyCreate, {"name": "k", "public_key": ED25519 + "\nssh-ed25519 AAAA"}, "public_key"),
    ("ssh_keys", SshKeyCreate, {"name": "k", "public_key": "ssh-dss AAAAB3NzaC1kc3MAAACBAP"}, "public_key"),
    ("scripts", ScriptCreate, {"name": "s", "content": "x" * (70 * 1024)}, "content"),
    ("scripts", ScriptCreate, {"name": "a/b", "content": "echo"}, "name"),
    ("snapshots", SnapshotCreate, {"instance_id": "a/b", "name": "snap"}, "instance_id"),
    ("snapshots", SnapshotCreate, {"instance_id": "", "name": "snap"}, "instance_id"),
    ("images", CustomImageCreate, {"snapshot_id": "", "name": "img"}, "snapshot_id"),
    ("images", CustomImageCreate, {"snapshot_id": "BRK-1S", "name": ""}, "name"),
]


@pytest.mark.parametrize("sub,model,values,field", BAD, ids=[f"{b[0]}-{b[3]}-{i}" for i, b in enumerate(BAD)])
def test_rejected_before_any_request(
    emulator: Any, client: BarrackClient, sub: str, model: Any, values: dict[str, Any], field: str
) -> None:
    emulator.clear_log()
    for create in (
        lambda: getattr(client, sub).create(model.model_validate(values)),
        lambda: getattr(client, sub).create(**values),  # the keyword form validates the same
    ):
        with pytest.raises(errors.ValidationError) as ei:
            create()
        # nested errors carry their path, e.g. "rules.0.port_range_min"
        assert any(k == field or k.startswith(field + ".") for k in ei.value.field_errors), ei.value.field_errors
        assert ei.value.status is None
    assert emulator.request_counts().total() == 0
    assert emulator.request_log() == []


ACTIONS: list[tuple[str, Callable[[BarrackClient], Any], str]] = [
    ("resize-bool", lambda c: c.volumes.resize("1", True), "size_gb"),  # type: ignore[arg-type]
    ("resize-fraction", lambda c: c.volumes.resize("1", 150.5), "size_gb"),  # type: ignore[arg-type]
    ("resize-id", lambda c: c.volumes.resize("1/resize", 300), "id"),
    ("attach-empty", lambda c: c.instances.attach_volumes("BRK-1D", []), "volume_ids"),
    ("attach-bad-id", lambda c: c.instances.attach_volume("BRK-1D", "../2"), "volume_id"),
    ("attach-string", lambda c: c.instances.set_volumes("BRK-1D", "12"), "volume_ids"),
    ("restore-name", lambda c: c.snapshots.restore("BRK-1S", ""), "new_vm_name"),
    ("clone-name", lambda c: c.volumes.clone("1", "_bad_"), "name"),
    ("fw-attach-id", lambda c: c.firewalls.attach("1", ["BRK-1D/x"]), "instance_ids"),
    ("fw-delete-rule-path", lambda c: c.firewalls.delete("347/rules/40064"), "id"),
    ("get-sibling-route", lambda c: c.volumes.get("types"), "id"),
    ("power-state", lambda c: c.instances.ensure_power_state("BRK-1D", "sleeping"), "state"),  # type: ignore[arg-type]
    ("rule-add", lambda c: c.firewalls.add_rule("1", {"protocol": "tcp", "port_range_min": 0}), "rule"),
    ("rule-set", lambda c: c.instances.set_security_rules("BRK-1D", [{"direction": "in"}]), "rules"),
    ("rule-remove-id", lambda c: c.instances.remove_security_rule("BRK-1D", "1/../2"), "rule_id"),
    ("script-update", lambda c: c.scripts.update("1", content=""), "content"),
    ("bulk-delete-id", lambda c: c.scripts.bulk_delete(["1", "a b"]), "ids"),
    ("preflight", lambda c: c.instances.preflight(**{**INST, "gpu_count": 5}), "gpu_count"),
]


@pytest.mark.parametrize("name,call,field", ACTIONS, ids=[a[0] for a in ACTIONS])
def test_action_arguments_rejected_with_no_request(
    emulator: Any, client: BarrackClient, name: str, call: Callable[[BarrackClient], Any], field: str
) -> None:
    emulator.clear_log()
    with pytest.raises(errors.ValidationError) as ei:
        call(client)
    assert any(k == field or k.startswith(field + ".") for k in ei.value.field_errors), ei.value.field_errors
    assert emulator.request_log() == []


def test_action_arguments_rejected_before_any_write(emulator: Any, client: BarrackClient) -> None:
    vid = client.volumes.create(VolumeCreate(**VOL)).id
    legacy = client.volumes.create(VolumeCreate(name="old-1", region="CANADA-1", size_gb=100, volume_type="SSD")).id
    emulator.clear_log()
    with pytest.raises(errors.ValidationError, match="size_gb"):
        client.volumes.resize(vid, 150)
    with pytest.raises(errors.ValidationError, match="size_gb"):
        client.volumes.resize(legacy, 500)
    with pytest.raises(errors.ValidationError, match="volume_ids"):
        client.instances.attach_volumes("BRK-1D", [])
    with pytest.raises(errors.ValidationError, match="new_vm_name"):
        client.snapshots.restore("BRK-1S", "")
    counts = emulator.request_counts()
    assert counts["POST /volumes/{id}/resize/"] == 0
    assert all(k.startswith("GET ") for k, v in counts.items() if v)
    assert client.volumes.get(vid).size_gb == 200
