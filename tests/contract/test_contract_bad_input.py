"""Bad input is rejected by the client before any request reaches the emulator (checked on its request log)."""

from __future__ import annotations

from typing import Any

import pytest
from client_contract_support import ED25519, UBUNTU

from shared_client import BarrackClient, errors
from shared_client.models import (
    FirewallCreate,
    InstanceCreate,
    ScriptCreate,
    SnapshotCreate,
    SshKeyCreate,
    VolumeCreate,
)

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


@pytest.mark.parametrize("sub,model,values,field", BAD, ids=[f"{b[0]}-{b[3]}-{i}" for i, b in enumerate(BAD)])
def test_rejected_before_any_request(
    emulator: Any, client: BarrackClient, sub: str, model: Any, values: dict[str, Any], field: str
) -> None:
    emulator.clear_log()
    with pytest.raises(errors.ValidationError) as ei:
        getattr(client, sub).create(model.model_validate(values))
    # nested errors carry their path, e.g. "rules.0.port_range_min"
    assert any(k == field or k.startswith(field + ".") for k in ei.value.field_errors), ei.value.field_errors
    assert ei.value.status is None
    assert emulator.request_counts().total() == 0
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
