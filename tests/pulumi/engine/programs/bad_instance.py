"""An SSH key and a volume beside an instance with an invalid gpu_count (test_pulumi_engine_safety.py)."""

import json
from pathlib import Path

import pulumi_barrack as barrack

p = json.loads(Path("params.json").read_text())

key = barrack.SshKey("key", name="check-key", public_key=p["public_key"])
barrack.Volume("vol", name="check-vol", region="CANADA-1", size_gb=100, volume_type="SSD")
barrack.Instance(
    "vm",
    name="check-vm",
    region="CANADA-1",
    gpu_model="RTX-A6000",
    gpu_count=3,
    image="Ubuntu Server 22.04 LTS R535 CUDA 12.2",
    ssh_key_ids=[key.id],
)
