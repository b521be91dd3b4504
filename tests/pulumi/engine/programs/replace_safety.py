"""An instance with a volume (``vm_name``: fixed name or auto-named; ``gpu_count``), optionally a snapshot of it
and a VolumeAttachment of a second volume (test_pulumi_engine_replace_safety.py)."""

import json
from pathlib import Path

import pulumi

import pulumi_barrack as barrack

p = json.loads(Path("params.json").read_text())
region = p.get("region", "FINLAND-1")
key = barrack.SshKey("key", public_key=p["public_key"])
data = barrack.Volume("data", region=region, size_gb=100, volume_type="NVMe" if region != "CANADA-1" else "SSD")
vm = barrack.Instance(
    "vm",
    name=p.get("vm_name"),
    region=region,
    gpu_model=p.get("gpu_model", "H100-SXM5-80GB"),
    gpu_count=p["gpu_count"],
    image="Ubuntu Server 22.04 LTS R535 CUDA 12.2",
    ssh_key_ids=[key.id],
    volume_ids=[data.id] if p.get("with_volume", True) else None,
)
if p.get("snapshot"):
    barrack.Snapshot("snap", name="keep-me", instance_id=vm.id)
if p.get("attach_to"):
    extra = barrack.Volume("extra", region=region, size_gb=100, volume_type="NVMe")
    target = (
        vm
        if p["attach_to"] == "vm"
        else barrack.Instance(
            "other",
            region=region,
            gpu_model="H100-SXM5-80GB",
            gpu_count=1,
            image="Ubuntu Server 22.04 LTS R535 CUDA 12.2",
            ssh_key_ids=[key.id],
        )
    )
    barrack.VolumeAttachment("attach", instance_id=target.id, volume_id=extra.id, stop_if_needed=True)
pulumi.export("vm_id", vm.id)
