"""Native-provider conventions through the plain CLI (test_pulumi_engine_conventions.py): auto-named resources,
an Instance with ``firewall_ids`` and ``volume_ids``, ``Resource.get`` and typed lookup functions."""

import json
from pathlib import Path

import pulumi

import pulumi_barrack as barrack

p = json.loads(Path("params.json").read_text())
IMAGE = "Ubuntu Server 22.04 LTS R535 CUDA 12.2"

key = barrack.SshKey("key", public_key=p["key"])  # auto-named
spare = barrack.SshKey("spare", public_key=p["spare_key"])  # auto-named; a new key replaces it create-before-delete
data = barrack.Volume("data", region="CANADA-1", size_gb=100, volume_type="SSD")
fw = barrack.Firewall("fw", region="CANADA-1", rules=[{"protocol": "tcp", "port_range_min": 22}])
vm = barrack.Instance(
    "vm",
    region="CANADA-1",
    gpu_model="RTX-A6000",
    gpu_count=1,
    image=IMAGE,
    ssh_key_ids=[key.id],
    firewall_ids=[fw.id],
    volume_ids=[data.id],
)
pulumi.export("key_name", key.name)
pulumi.export("spare_name", spare.name)
pulumi.export("vm_volumes", vm.volume_attachments.apply(lambda atts: sorted(a.volume_id for a in atts or [])))
pulumi.export("vm_firewalls", vm.firewalls.apply(lambda fws: sorted(f.id for f in fws or [])))
pulumi.export("fw_rule_prefixes", fw.rules.apply(lambda rules: sorted(r["remote_ip_prefix"] for r in rules)))
if p.get("lookup"):
    pulumi.export("looked_up_size", barrack.get_volume_output(id=data.id).apply(lambda v: v.size_gb))
    pulumi.export("looked_up_key", barrack.get_ssh_key(name=p["lookup"]).id)
    got = barrack.Volume.get("data-read", p["volume_id"])
    pulumi.export("got_type", got.volume_type)
