"""Builders of stored resources (after validation) shared by the routers and the admin seeder."""

from __future__ import annotations

import base64
import os
import struct
from typing import Any

from barrack_emulator import billing
from barrack_emulator.catalogue import GPU_MODELS, REGIONS
from barrack_emulator.envelope import iso
from barrack_emulator.state import Resource, Store

IP_ASSIGNED = "assigned"  # D (restore example)
IP_UNASSIGNED = "unassigned"  # I

KIND_ALIASES: dict[str, str] = {
    "instance": "instances",
    "instances": "instances",
    "vm": "instances",
    "volume": "volumes",
    "volumes": "volumes",
    "firewall": "firewalls",
    "firewalls": "firewalls",
    "ssh_key": "ssh_keys",
    "ssh_keys": "ssh_keys",
    "ssh-key": "ssh_keys",
    "ssh-keys": "ssh_keys",
    "script": "scripts",
    "scripts": "scripts",
    "snapshot": "snapshots",
    "snapshots": "snapshots",
    "image": "images",
    "images": "images",
    "custom_image": "images",
    "custom_images": "images",
    "custom-images": "images",
}


def ip_for(n: int, private: bool = False) -> str:
    """A deterministic IPv4 address for the n-th instance."""
    if private:
        return f"10.0.{(n >> 8) & 255}.{n & 255}"
    return f"38.80.{(n >> 8) & 255}.{n & 255}"


def new_instance(
    store: Store,
    *,
    name: str,
    region: str,
    gpu_model: str,
    gpu_count: int,
    image: str | None,
    boot_source: str,
    boot_source_id: str | None,
    ssh_keys: list[dict[str, str]],
    public_ip: bool,
    startup_script_id: str | None = None,
    cloud_init: str | None = None,
    status: str = "CREATING",
) -> Resource:
    spec = GPU_MODELS[gpu_model]
    rid = store.new_id("instances")
    n = store.counters["instances"]
    now = store.now()
    res: Resource = {
        "instance_id": rid,
        "vm_name": name,
        "status": status,
        "tier": REGIONS[region],
        "region": region,
        "ip_address": ip_for(n) if public_ip else None,
        "ip_status": IP_ASSIGNED if public_ip else IP_UNASSIGNED,
        "private_ip": ip_for(n, private=True),
        "specs": {
            "gpu_type": gpu_model,
            "gpu_count": gpu_count,
            "ram_gb": spec["ram_gb"] * gpu_count,
            "vcpus": spec["vcpus"] * gpu_count,
            "storage_gb": spec["storage_gb"] * gpu_count,
        },
        "image": image,
        "boot_source": boot_source,
        "boot_source_id": boot_source_id,
        "ssh_keys": ssh_keys,
        "volume_attachments": [],
        "security_rules": [],
        "firewalls": [],
        "startup_script_id": startup_script_id,
        "billing": {
            "hourly_rate": billing.instance_hourly(gpu_model, gpu_count, store.currency),
            "currency": store.currency,
        },
        "created_at": iso(now),
        "_n": n,
    }
    if cloud_init is not None:
        res["_cloud_init"] = cloud_init
    billing.open_account(store, "instances", res, now)
    return store.add("instances", res)


def new_volume(
    store: Store,
    *,
    name: str,
    region: str,
    size_gb: int,
    volume_type: str,
    description: str | None = None,
    bootable: bool = False,
    image: str | None = None,
    status: str = "creating",
) -> Resource:
    now = store.now()
    res: Resource = {
        "id": store.new_id("volumes"),
        "name": name,
        "region": region,
        "tier": REGIONS[region],
        "size_gb": size_gb,
        "volume_type": volume_type,
        "description": description,
        "bootable": bootable,
        "image": image,
        "status": status,
        "attached_to": None,
        "created_at": iso(now),
    }
    billing.open_account(store, "volumes", res, now)
    return store.add("volumes", res)


def new_firewall(
    store: Store, *, name: str, region: str, description: str | None = None, status: str = "CREATING"
) -> Resource:
    res: Resource = {
        "id": store.new_id("firewalls"),
        "name": name,
        "description": description,
        "region": region,
        "status": status,
        "rules": [],
        "attachments": [],
        "environment": environment_of(region),
        "created_at": iso(store.now()),
    }
    return store.add("firewalls", res)


def environment_of(region: str) -> dict[str, str]:
    """The (single, I) environment of a region a firewall belongs to (`FirewallEnvironment`)."""
    return {"id": f"env-{region.lower()}", "name": f"default-{region}", "region": region}


def new_rule(store: Store, rule: dict[str, Any], status: str = "pending") -> dict[str, Any]:
    return {"id": store.new_id("rules"), **rule, "status": status}


def new_ssh_key(store: Store, *, name: str, public_key: str, fingerprint: str) -> Resource:
    res: Resource = {
        "id": store.new_id("ssh_keys"),
        "name": name,
        "public_key": public_key,
        "fingerprint": fingerprint,
        "created_at": iso(store.now()),
    }
    return store.add("ssh_keys", res)


def new_script(store: Store, *, name: str, content: str, description: str | None = None) -> Resource:
    stamp = iso(store.now())
    res: Resource = {
        "id": store.new_id("scripts"),
        "name": name,
        "content": content,
        "description": description,
        "created_at": stamp,
        "updated_at": stamp,
    }
    return store.add("scripts", res)


def new_snapshot(
    store: Store, *, name: str, description: str | None, instance: Resource, status: str = "CREATING"
) -> Resource:
    now = store.now()
    res: Resource = {
        "id": store.new_id("snapshots"),
        "name": name,
        "description": description,
        "instance_id": instance["instance_id"],
        "vm_name": instance["vm_name"],
        "region": instance["region"],
        "status": status,
        "size_gb": instance["specs"]["storage_gb"],
        "vcpus": instance["specs"]["vcpus"],
        "ram_gb": instance["specs"]["ram_gb"],
        "gpu_type": instance["specs"]["gpu_type"],
        "gpu_count": instance["specs"]["gpu_count"],
        "disk_gb": instance["specs"]["storage_gb"],
        "created_at": iso(now),
        "_source": {
            "gpu_model": instance["specs"]["gpu_type"],
            "gpu_count": instance["specs"]["gpu_count"],
            "image": instance.get("image"),
            "ssh_keys": list(instance.get("ssh_keys", [])),
            "public_ip": bool(instance.get("ip_address")),
        },
        "_tier": instance["tier"],
    }
    billing.open_account(store, "snapshots", res, now)
    return store.add("snapshots", res)


def new_image(
    store: Store, *, name: str, description: str | None, snapshot: Resource, status: str = "creating"
) -> Resource:
    res: Resource = {
        "id": store.new_id("images"),
        "name": name,
        "type": "Snapshot",
        "status": status,
        "size": f"{float(snapshot['size_gb']):.1f} GB",
        "snapshot_name": snapshot["name"],
        "created": iso(store.now()),
        "description": description,
        "snapshot_id": snapshot["id"],
        "region": snapshot["region"],
        "_source": dict(snapshot.get("_source", {})),
    }
    return store.add("images", res)


def fake_public_key(comment: str = "emulator") -> str:
    """A syntactically valid random ssh-ed25519 public key line."""
    blob = struct.pack(">I", 11) + b"ssh-ed25519" + struct.pack(">I", 32) + os.urandom(32)
    return f"ssh-ed25519 {base64.b64encode(blob).decode()} {comment}"
