"""Valid inputs per provider, shared by the provider unit tests."""

from __future__ import annotations

from typing import Any

PUBKEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl test@example"
RULE = {
    "direction": "ingress",
    "ethertype": "IPv4",
    "protocol": "tcp",
    "port_range_min": 22,
    "port_range_max": 22,
    "remote_ip_prefix": "0.0.0.0/0",
}

VALID: dict[str, dict[str, Any]] = {
    "InstanceProvider": {
        "name": "vm-1",
        "region": "CANADA-1",
        "gpu_model": "RTX-A6000",
        "gpu_count": 1,
        "image": "Ubuntu Server 22.04 LTS R535 CUDA 12.2",
        "ssh_key_ids": ["1"],
    },
    "VolumeProvider": {"name": "vol-1", "region": "FINLAND-1", "size_gb": 100, "volume_type": "NVMe"},
    "VolumeAttachmentProvider": {"instance_id": "BRK-100001D", "volume_id": "1"},
    "FirewallProvider": {"name": "fw-1", "region": "CANADA-1", "rules": [RULE]},
    "FirewallAttachmentProvider": {"firewall_id": "1", "instance_ids": ["BRK-100001D"]},
    "SshKeyProvider": {"name": "key-1", "public_key": PUBKEY},
    "StartupScriptProvider": {"name": "script-1", "content": "#!/bin/sh\necho hi\n"},
    "SnapshotProvider": {"name": "snap-1", "instance_id": "BRK-100001D"},
    "CustomImageProvider": {"name": "img-1", "snapshot_id": "BRK-100001S"},
    "InstanceSecurityRuleProvider": {"instance_id": "BRK-100001D", **RULE},
}
