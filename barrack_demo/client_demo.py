"""A short tour of `shared_client` against a running Barrack API (the embedded emulator in the demo)."""

from __future__ import annotations

from shared_client import BarrackClient

DEMO_PUBLIC_KEY = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIxcxnbCeTCvvmMo2MTySpEOAk4nYU2szhvc9zSxZrDJ demo@barrack"
)


def run_client_demo(base_url: str, api_key: str) -> None:
    """Create an SSH key, a volume, a firewall and an instance with keyword creates; use the client's workflows
    (rule sync, preflight, attach with stop-if-needed, power states); delete everything."""
    with BarrackClient(api_key=api_key, base_url=base_url, user_agent="barrack-demo/0.1.0") as c:
        key = c.ssh_keys.create(name="demo-key", public_key=DEMO_PUBLIC_KEY)
        print(f"ssh key   {key.id}  {key.name}  {key.fingerprint}")
        vol = c.volumes.create(name="demo-data", region="CANADA-1", size_gb=100, volume_type="SSD")
        vol = c.volumes.wait_ready(vol.id, timeout=120)
        print(f"volume    {vol.id}  {vol.name}  {vol.size_gb} GB {vol.volume_type}  {vol.status}")
        fw = c.firewalls.create(name="demo-fw", region="CANADA-1", description="ssh only")
        fw, _ = c.firewalls.set_rules(fw.id, [{"protocol": "tcp", "port_range_min": 22}], timeout=120)
        rules = [(r.protocol, r.port_range_min, r.remote_ip_prefix) for r in fw.rules]
        print(f"firewall  {fw.id}  {fw.name}  rules: {rules}")
        spec = dict(name="demo-gpu", region="CANADA-1", gpu_model="RTX-A6000", gpu_count=1,
                    image="Ubuntu Server 22.04 LTS R535 CUDA 12.2", ssh_key_ids=[key.id])  # fmt: skip
        pre = c.instances.preflight(**spec)
        print(f"preflight {pre.hourly_cost:.2f} {pre.currency}/h, in stock: {pre.in_stock}, balance {pre.balance:.2f}")
        inst = c.instances.create(**spec, preflight=True)
        inst = c.instances.wait_ready(inst.id, timeout=120)
        print(f"instance  {inst.id}  {inst.name}  {inst.status}  ip={inst.ip_address}")
        att = c.instances.attach_volume(inst.id, vol.id, stop_if_needed=True, timeout=120)
        print(f"attached  {vol.name} (instance stopped for it: {att.stopped_instance}, now {att.instance.status})")
        c.firewalls.attach(fw.id, [inst.id], wait=True, timeout=120)
        inst, _ = c.instances.ensure_power_state(inst.id, "hibernated", timeout=120)
        print(f"instance  {inst.id}  hibernated -> {inst.status}")
        inst, _ = c.instances.ensure_power_state(inst.id, "running", timeout=120)
        print(f"instance  {inst.id}  restored   -> {inst.status}")
        print("all instances:", [i.name for i in c.instances.list()])
        print("all volumes:  ", [v.name for v in c.volumes.list()])
        c.firewalls.delete(fw.id, detach=True, wait=True, timeout=120)
        c.instances.delete(inst.id, wait=True, timeout=120)
        c.volumes.delete(vol.id, wait=True, timeout=120)
        c.ssh_keys.delete(key.id, wait=True, timeout=120)
        print("deleted everything; balance now", c.balance.get().balance)
