"""A GPU workstation on Barrack: a generated SSH key, a data volume, an SSH-only firewall and an instance with the
volume and the firewall attached. Exports the public IP, the hourly cost and the private key (secret).

Run it with ``pulumi up`` in this folder (see README.md).
"""

import pulumi

import pulumi_barrack as barrack

config = pulumi.Config()
region = config.get("region") or "CANADA-1"
gpu_model = config.get("gpuModel") or "RTX-A6000"
gpu_count = config.get_int("gpuCount") or 1
image = config.get("image") or "Ubuntu Server 22.04 LTS R535 CUDA 12.2"
data_size_gb = config.get_int("dataSizeGb") or 100
ssh_from = config.get("sshFrom") or "0.0.0.0/0"
prefix = f"{pulumi.get_project()}-{pulumi.get_stack()}"

key = barrack.SshKey("key", name=f"{prefix}-key", generate=True)

data = barrack.Volume(
    "data",
    name=f"{prefix}-data",
    region=region,
    size_gb=data_size_gb,
    volume_type="SSD" if region == "CANADA-1" else "NVMe",
)

firewall = barrack.Firewall(
    "ssh-only",
    name=f"{prefix}-ssh",
    region=region,
    description="SSH from one network",
    rules=[
        barrack.RuleArgs(
            direction="ingress",
            ethertype="IPv4",
            protocol="tcp",
            port_range_min=22,
            port_range_max=22,
            remote_ip_prefix=ssh_from,
        )
    ],
)

workstation = barrack.Instance(
    "workstation",
    name=f"{prefix}-vm",
    region=region,
    gpu_model=gpu_model,
    gpu_count=gpu_count,
    image=image,
    ssh_key_ids=[key.id],
    power_state="running",
)

# Advanced-tier regions attach volumes to stopped instances only: stop_if_needed stops and restarts it.
barrack.VolumeAttachment("data-attachment", instance_id=workstation.id, volume_id=data.id, stop_if_needed=True)
barrack.FirewallAttachment("ssh-only-attachment", firewall_id=firewall.id, instance_ids=[workstation.id])

pulumi.export("instance_id", workstation.id)
pulumi.export("ip", workstation.ip_address)
pulumi.export("hourly_cost", workstation.hourly_rate)
pulumi.export("currency", workstation.currency)
pulumi.export("ssh", workstation.ip_address.apply(lambda ip: f"ssh ubuntu@{ip}" if ip else None))
pulumi.export("private_key", key.private_key)
