"""Every resource type in one stack (tests/pulumi/engine/test_pulumi_engine_lifecycle.py); params.json holds what
the test changes between runs."""

import json
from pathlib import Path

import pulumi

import pulumi_barrack as barrack

p = json.loads(Path("params.json").read_text())
IMAGE = "Ubuntu Server 22.04 LTS R535 CUDA 12.2"

key = barrack.SshKey("key", name="e2e-key", generate=True)
barrack.SshKey("spare-key", name="e2e-spare-key", public_key=p["spare_key"])
script = barrack.StartupScript("script", name="e2e-script", content=p["script"], description="e2e")
vm = barrack.Instance(
    "vm",
    name="e2e-vm",
    region="CANADA-1",
    gpu_model="RTX-A6000",
    gpu_count=1,
    image=IMAGE,
    ssh_key_ids=[key.id],
    startup_script_id=script.id,
    power_state="running",
)
data = barrack.Volume("data", name="e2e-data", region="CANADA-1", size_gb=100, volume_type="SSD")
barrack.VolumeAttachment("attach", instance_id=vm.id, volume_id=data.id, stop_if_needed=True)
# advanced tier: resizable in place
barrack.Volume("fast", name=p["fast_name"], region="FINLAND-1", size_gb=p["fast_size"], volume_type="NVMe")
fw = barrack.Firewall("fw", name="e2e-fw", region="CANADA-1", rules=p["fw_rules"])
barrack.FirewallAttachment("fw-attach", firewall_id=fw.id, instance_ids=[vm.id])
barrack.InstanceSecurityRule(
    "rule",
    instance_id=vm.id,
    direction="ingress",
    ethertype="IPv4",
    protocol="tcp",
    port_range_min=8080,
    port_range_max=8080,
    remote_ip_prefix="10.0.0.0/8",
)
snap = barrack.Snapshot("snap", name="e2e-snap", instance_id=vm.id)
barrack.CustomImage("image", name="e2e-image", snapshot_id=snap.id)
pulumi.export("ip", vm.ip_address)
pulumi.export("private_key", key.private_key)
