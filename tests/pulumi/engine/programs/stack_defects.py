"""Stack-user defects of issue 9 through the plain CLI (test_pulumi_engine_defects.py): numbers from
``pulumi.Config().get()`` as strings, a generated SSH key through an in-place update, an oversized secret input."""

import json
from pathlib import Path

import pulumi

import pulumi_barrack as barrack

p = json.loads(Path("params.json").read_text())
cfg = pulumi.Config()

vol = barrack.Volume("vol", name="def-vol", region="CANADA-1", size_gb=cfg.get("size") or "100", volume_type="SSD")
key = barrack.SshKey("key", name="def-key", generate=True, timeouts={"create": p.get("key_timeout", 300)})
pulumi.export("size_gb", vol.size_gb)
pulumi.export("private_key", key.private_key)
if p.get("cloud_init"):
    barrack.Instance(
        "vm",
        name="def-vm",
        region="CANADA-1",
        gpu_model="RTX-A6000",
        gpu_count=1,
        image="Ubuntu Server 22.04 LTS R535 CUDA 12.2",
        ssh_key_ids=[key.id],
        cloud_init=p["cloud_init"],
    )
