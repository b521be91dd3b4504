"""Five resource types plus two attachments, created under emulator faults (test_pulumi_engine_faults.py)."""

import json
from pathlib import Path

import pulumi_barrack as barrack

p = json.loads(Path("params.json").read_text())

key = barrack.SshKey("key", name="flaky-key", public_key=p["public_key"])
script = barrack.StartupScript("script", name="flaky-script", content="#!/bin/sh\ntrue\n")
vm = barrack.Instance(
    "vm",
    name="flaky-vm",
    region="CANADA-1",
    gpu_model="RTX-A6000",
    gpu_count=1,
    image="Ubuntu Server 22.04 LTS R535 CUDA 12.2",
    ssh_key_ids=[key.id],
    startup_script_id=script.id,
)
vol = barrack.Volume("vol", name="flaky-vol", region="CANADA-1", size_gb=100, volume_type="SSD")
barrack.VolumeAttachment("attach", instance_id=vm.id, volume_id=vol.id, stop_if_needed=True)
fw = barrack.Firewall(
    "fw",
    name="flaky-fw",
    region="CANADA-1",
    rules=[
        {
            "direction": "ingress",
            "ethertype": "IPv4",
            "protocol": "tcp",
            "port_range_min": 22,
            "port_range_max": 22,
            "remote_ip_prefix": "0.0.0.0/0",
        }
    ],
)
barrack.FirewallAttachment("fw-attach", firewall_id=fw.id, instance_ids=[vm.id])
