"""API calls of ``preview`` (target 0) and ``refresh`` (target 1 per resource) on an unchanged stack.

Runs ``up`` of a stack with every ``pulumi_barrack`` resource type through the local engine against an in-process
emulator, then counts the requests the emulator serves during ``preview`` and during ``refresh``, by route.

    .venv/bin/python benchmarks/pulumi_api_calls.py
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

IMAGE = "Ubuntu Server 22.04 LTS R535 CUDA 12.2"


def make_stack(program: Callable[[], None], emu: Any, root: Path, project: str) -> Any:
    """A stack of an inline program on the local engine (file backend under ``root``) bound to ``emu``."""
    from pulumi_barrack.runner import engine_bin_dir, engine_env, file_backend_url, open_stack

    bin_dir = engine_bin_dir(build=False)
    home = root / "pulumi-home"
    home.mkdir(exist_ok=True)
    return open_stack(
        project=project,
        stack="bench",
        program=program,
        backend_url=file_backend_url(root / "state"),
        bin_dir=bin_dir,
        env=engine_env(bin_dir, passphrase="bench", pulumi_home=home),
        work_dir=root / "work" / project,
        pulumi_home=home,
        api_key=emu.api_key,
        api_url=emu.base_url,
    )


def program() -> None:  # every resource type, 10 resources
    import pulumi_barrack as barrack

    rule = {"direction": "ingress", "ethertype": "IPv4", "protocol": "tcp", "port_range_min": 22,
            "port_range_max": 22, "remote_ip_prefix": "0.0.0.0/0"}  # fmt: skip
    key = barrack.SshKey("key", name="size-key", generate=True)
    script = barrack.StartupScript("script", name="size-script", content="#!/bin/sh\necho hello\n")
    vm = barrack.Instance("vm", name="size-vm", region="CANADA-1", gpu_model="RTX-A6000", gpu_count=1, image=IMAGE,
                          ssh_key_ids=[key.id], startup_script_id=script.id, security_rules=[rule])  # fmt: skip
    vol = barrack.Volume("vol", name="size-vol", region="CANADA-1", size_gb=100, volume_type="SSD")
    barrack.VolumeAttachment("attach", instance_id=vm.id, volume_id=vol.id)
    fw = barrack.Firewall("fw", name="size-fw", region="CANADA-1", rules=[rule, {**rule, "port_range_min": 443,
                          "port_range_max": 443}])  # fmt: skip
    barrack.FirewallAttachment("fw-attach", firewall_id=fw.id, instance_ids=[vm.id])
    barrack.InstanceSecurityRule("rule", instance_id=vm.id, direction="ingress", ethertype="IPv4", protocol="udp",
                                 port_range_min=53, port_range_max=53, remote_ip_prefix="10.0.0.0/8")  # fmt: skip
    snap = barrack.Snapshot("snap", name="size-snap", instance_id=vm.id)
    barrack.CustomImage("image", name="size-image", snapshot_id=snap.id)


def counted(emu: Any, action: Callable[[], Any]) -> dict[str, int]:
    emu.clear_log()
    action()
    return {route: n for route, n in sorted(emu.request_counts().items()) if n}


def main() -> int:
    from barrack_emulator.testing import start_emulator

    with tempfile.TemporaryDirectory(prefix="bench-calls-") as tmp, start_emulator(delay_scale=0.0) as emu:
        stack = make_stack(program, emu, Path(tmp), "api-calls")
        stack.up(on_output=lambda _line: None)
        deployment = stack.export_stack().deployment
        n = sum(1 for r in deployment["resources"] if r["type"].startswith("pulumi-python:dynamic"))
        preview = counted(emu, lambda: stack.preview(on_output=lambda _line: None))
        refresh = counted(emu, lambda: stack.refresh(on_output=lambda _line: None))
        preview_again = counted(emu, lambda: stack.preview(on_output=lambda _line: None))
        stack.destroy(on_output=lambda _line: None)
    print(f"stack of {n} resources (every resource type)")
    print(f"preview : {sum(preview.values())} API calls {preview or ''}")
    print(f"refresh : {sum(refresh.values())} API calls = {sum(refresh.values()) / n:.2f} per resource")
    for route, count in refresh.items():
        print(f"    {count:>3}  {route}")
    print(f"preview after refresh: {sum(preview_again.values())} API calls")
    ok_preview = sum(preview.values()) == 0 and sum(preview_again.values()) == 0
    ok_refresh = sum(refresh.values()) <= n
    print(f"target preview = 0: {'PASS' if ok_preview else 'MISS'}")
    print(f"target refresh <= 1 per resource: {'PASS' if ok_refresh else 'MISS'}")
    return 0 if ok_preview and ok_refresh else 1


if __name__ == "__main__":
    sys.exit(main())
