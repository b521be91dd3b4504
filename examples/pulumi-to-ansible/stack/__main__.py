"""Two GPU nodes sharing one SSH key. The stack outputs describe the nodes so that Ansible can act on them
(``../run.sh`` exports them to a JSON vars file and runs ``../playbook.yml``)."""

import pulumi

import pulumi_barrack as barrack

config = pulumi.Config()
count = config.get_int("nodeCount") or 2
region = config.get("region") or "CANADA-1"
prefix = f"p2a-{pulumi.get_stack()}"

key = barrack.SshKey("key", name=f"{prefix}-key", generate=True)
nodes = [
    barrack.Instance(
        f"node-{i}",
        name=f"{prefix}-node-{i}",
        region=region,
        gpu_model="RTX-A6000",
        gpu_count=1,
        image="Ubuntu Server 22.04 LTS R535 CUDA 12.2",
        ssh_key_ids=[key.id],
    )
    for i in range(1, count + 1)
]

pulumi.export("name_prefix", prefix)
pulumi.export(
    "nodes",
    pulumi.Output.all(*[pulumi.Output.all(n.name, n.id, n.ip_address, n.hourly_rate) for n in nodes]).apply(
        lambda rows: {name: {"id": id_, "ip": ip, "hourly_rate": rate} for name, id_, ip, rate in rows}
    ),
)
pulumi.export("private_key", key.private_key)
