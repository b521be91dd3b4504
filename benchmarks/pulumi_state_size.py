"""Pulumi state bytes per resource, the pickled provider included (target <= 8 KB per resource).

Runs ``pulumi up`` of a program folder with every ``pulumi_barrack`` resource type (plain CLI, file backend)
against an in-process emulator, then measures each resource of ``pulumi stack export`` (JSON bytes of its state
entry; ``__provider`` is the pickled provider, stored as a secret) and the stack file on disk.

    .venv/bin/python benchmarks/pulumi_state_size.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from barrack_demo.pulumi_cli import Workspace, find_engine

TARGET_BYTES = 8 * 1024
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


def main() -> int:
    from barrack_emulator.testing import start_emulator

    with tempfile.TemporaryDirectory(prefix="bench-state-") as tmp, start_emulator(delay_scale=0.0) as emu:
        ws = Workspace(find_engine(), Path(tmp), "bench")
        program = ws.new_program("state-size", PROGRAM, stack="bench", api_key=emu.api_key, api_url=emu.base_url)
        program.up()
        deployment = program.export()["deployment"]
        resources = [r for r in deployment["resources"] if r["type"].startswith("pulumi-python:dynamic")]
        print(f"{'resource':<34} {'state bytes':>11} {'__provider':>10}")
        sizes = []
        for r in resources:
            size = len(json.dumps(r, separators=(",", ":")))
            provider = len(json.dumps(r["inputs"].get("__provider"), separators=(",", ":")))
            sizes.append(size)
            print(f"{r['type'].rsplit('/', 1)[-1] + ' ' + r['urn'].rsplit('::', 1)[-1]:<34} {size:>11} {provider:>10}")
        stack_file = next((ws.backend_dir / ".pulumi" / "stacks").rglob("bench.json"))
        disk = stack_file.stat().st_size
        program.destroy()
    worst, mean = max(sizes), sum(sizes) / len(sizes)
    print(f"\n{len(sizes)} resources: mean {mean:.0f} B, max {worst} B per resource (exported JSON, compact)")
    print(f"stack file on disk (encrypted secrets, indented): {disk} B = {disk / len(sizes):.0f} B per resource")
    ok = worst <= TARGET_BYTES
    print(f"target <= {TARGET_BYTES} B per resource: {'PASS' if ok else 'MISS'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
