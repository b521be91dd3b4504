"""A short tour of `shared_client` against a running Barrack API (the embedded emulator in the demo)."""

from __future__ import annotations

from shared_client import BarrackClient
from shared_client.models import FirewallCreate, InstanceCreate, RuleSpec, SshKeyCreate, VolumeCreate

DEMO_PUBLIC_KEY = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIxcxnbCeTCvvmMo2MTySpEOAk4nYU2szhvc9zSxZrDJ demo@barrack"
)


def run_client_demo(base_url: str, api_key: str) -> None:
    """Create an SSH key, a volume, a firewall and an instance; list, act on them; delete everything."""
    with BarrackClient(api_key=api_key, base_url=base_url, user_agent="barrack-demo/0.1.0") as c:
        key = c.ssh_keys.create(SshKeyCreate(name="demo-key", public_key=DEMO_PUBLIC_KEY))
        print(f"ssh key   {key.id}  {key.name}  {key.fingerprint}")
        vol = c.volumes.create(VolumeCreate(name="demo-data", region="CANADA-1", size_gb=100, volume_type="SSD"))
        vol = c.volumes.wait_for(vol.id, "available")
        print(f"volume    {vol.id}  {vol.name}  {vol.size_gb} GB {vol.volume_type}  {vol.status}")
        fw = c.firewalls.create(FirewallCreate(name="demo-fw", region="CANADA-1", description="ssh only"))
        c.firewalls.add_rule(fw.id, RuleSpec(direction="ingress", ethertype="IPv4", protocol="tcp",
                                             port_range_min=22, port_range_max=22, remote_ip_prefix="0.0.0.0/0"))
        print(f"firewall  {fw.id}  {fw.name}")
        inst = c.instances.create(InstanceCreate(
            name="demo-gpu", region="CANADA-1", gpu_model="RTX-A6000", gpu_count=1,
            image="Ubuntu Server 22.04 LTS R535 CUDA 12.2", ssh_key_ids=[key.id]))
        inst = c.instances.wait_for(inst.id, "ACTIVE")
        print(f"instance  {inst.id}  {inst.name}  {inst.status}  ip={inst.ip_address}")
        c.instances.attach_volumes(inst.id, [vol.id])
        c.firewalls.attach(fw.id, [inst.id])
        inst = c.instances.ensure_power_state(inst.id, "hibernated", timeout=120)
        print(f"instance  {inst.id}  hibernated -> {inst.status}")
        inst = c.instances.ensure_power_state(inst.id, "running", timeout=120)
        print(f"instance  {inst.id}  restored   -> {inst.status}")
        print("all instances:", [i.name for i in c.instances.list()])
        print("all volumes:  ", [v.name for v in c.volumes.list()])
        c.firewalls.attach(fw.id, [])
        c.instances.delete(inst.id)
        c.instances.wait_deleted(inst.id, timeout=120)
        c.firewalls.delete(fw.id)
        c.volumes.delete(vol.id)
        c.ssh_keys.delete(key.id)
        print("deleted everything; balance now", c.balance.get().balance)
