"""Auto-named volumes (``count``) and an auto-named instance using one of them (test_pulumi_engine_interrupted.py)."""

import json
from pathlib import Path

import pulumi_barrack as barrack

p = json.loads(Path("params.json").read_text())
key = barrack.SshKey("key", public_key=p["public_key"])
vols = [barrack.Volume(f"vol{i}", region="FINLAND-1", size_gb=100, volume_type="NVMe") for i in range(p["count"])]
barrack.Instance(
    "vm",
    region="FINLAND-1",
    gpu_model="H100-SXM5-80GB",
    gpu_count=1,
    image="Ubuntu Server 22.04 LTS R535 CUDA 12.2",
    ssh_key_ids=[key.id],
    volume_ids=[vols[0].id],
)
