"""The Pulumi program of the state-size and API-call benchmarks: one of each of the 10 resource types."""

PROGRAM = """import pulumi_barrack as barrack

IMAGE = "Ubuntu Server 22.04 LTS R535 CUDA 12.2"
rule = {"direction": "ingress", "ethertype": "IPv4", "protocol": "tcp", "port_range_min": 22,
        "port_range_max": 22, "remote_ip_prefix": "0.0.0.0/0"}
key = barrack.SshKey("key", name="size-key", generate=True)
script = barrack.StartupScript("script", name="size-script", content="#!/bin/sh\\necho hello\\n")
vm = barrack.Instance("vm", name="size-vm", region="CANADA-1", gpu_model="RTX-A6000", gpu_count=1, image=IMAGE,
                      ssh_key_ids=[key.id], startup_script_id=script.id)
vol = barrack.Volume("vol", name="size-vol", region="CANADA-1", size_gb=100, volume_type="SSD")
barrack.VolumeAttachment("attach", instance_id=vm.id, volume_id=vol.id, stop_if_needed=True)
fw = barrack.Firewall("fw", name="size-fw", region="CANADA-1",
                      rules=[rule, {**rule, "port_range_min": 443, "port_range_max": 443}])
barrack.FirewallAttachment("fw-attach", firewall_id=fw.id, instance_ids=[vm.id])
# the instance's rules are managed by InstanceSecurityRule only (never combined with inline security_rules)
barrack.InstanceSecurityRule("rule", instance_id=vm.id, direction="ingress", ethertype="IPv4", protocol="udp",
                             port_range_min=53, port_range_max=53, remote_ip_prefix="10.0.0.0/8")
snap = barrack.Snapshot("snap", name="size-snap", instance_id=vm.id)
barrack.CustomImage("image", name="size-image", snapshot_id=snap.id)
"""
