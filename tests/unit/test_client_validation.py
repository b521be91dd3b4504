"""Every documented rule is rejected client-side, before any request (the fake API must see nothing)."""

from __future__ import annotations

from typing import Any

import pytest
from client_fakes import FakeAPI, make_client, ok, volume

from shared_client import errors
from shared_client.models import (
    CustomImageCreate,
    FirewallCreate,
    InstanceCreate,
    PricingQuery,
    RuleSpec,
    ScriptCreate,
    ScriptUpdate,
    SnapshotCreate,
    SshKeyCreate,
    VolumeCreate,
)

ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIxcxnbCeTCvvmMo2MTySpEOAk4nYU2szhvc9zSxZrDJ me@host"
UBUNTU = "Ubuntu Server 22.04 LTS R535 CUDA 12.2"
INST = dict(name="w1", region="CANADA-1", gpu_model="RTX-A6000", gpu_count=1, image=UBUNTU, ssh_key_ids=["1"])
VOL = dict(name="data-1", region="FINLAND-1", size_gb=200, volume_type="NVMe")
RULE = dict(
    direction="ingress",
    ethertype="IPv4",
    protocol="tcp",
    port_range_min=22,
    port_range_max=22,
    remote_ip_prefix="0.0.0.0/0",
)

CASES: list[tuple[type[Any], dict[str, Any], str]] = [
    # instances
    (InstanceCreate, {**INST, "name": ""}, "name"),
    (InstanceCreate, {**INST, "name": "x" * 51}, "name"),
    (InstanceCreate, {**INST, "name": "bad/name"}, "name"),
    (InstanceCreate, {**INST, "region": "MARS-1"}, "region"),
    (InstanceCreate, {**INST, "gpu_model": "GTX-1080"}, "gpu_model"),
    (InstanceCreate, {**INST, "gpu_model": "H100-SXM5-80GB"}, "gpu_model"),  # advanced model, legacy region
    (InstanceCreate, {**INST, "gpu_count": 3}, "gpu_count"),
    (InstanceCreate, {**INST, "gpu_count": 8}, "gpu_count"),  # RTX-A6000 max 4
    (InstanceCreate, {**INST, "ssh_key_ids": []}, "ssh_key_ids"),
    (InstanceCreate, {k: v for k, v in INST.items() if k != "ssh_key_ids"}, "ssh_key_ids"),
    (InstanceCreate, {**INST, "cloud_init": "#" * (16 * 1024 + 1)}, "cloud_init"),
    (InstanceCreate, {k: v for k, v in INST.items() if k != "image"}, "image"),
    (InstanceCreate, {**INST, "boot_source": "volume", "boot_source_id": "5"}, "image"),
    (InstanceCreate, {**{k: v for k, v in INST.items() if k != "image"}, "boot_source": "volume"}, "boot_source_id"),
    (
        InstanceCreate,
        {**{k: v for k, v in INST.items() if k != "image"}, "boot_source": "floppy", "boot_source_id": "1"},
        "boot_source",
    ),
    (InstanceCreate, {**INST, "volume_ids": [str(i) for i in range(11)]}, "volume_ids"),
    (InstanceCreate, {**INST, "security_rules": [{**RULE, "protocol": "carrier-pigeon"}]}, "security_rules.0.protocol"),
    (InstanceCreate, {**INST, "colour": "red"}, "colour"),
    # volumes
    (VolumeCreate, {**VOL, "name": "ab"}, "name"),
    (VolumeCreate, {**VOL, "name": "-data"}, "name"),
    (VolumeCreate, {**VOL, "name": "data_"}, "name"),
    (VolumeCreate, {**VOL, "name": "has space"}, "name"),
    (VolumeCreate, {**VOL, "size_gb": 99}, "size_gb"),
    (VolumeCreate, {**VOL, "size_gb": 10_001}, "size_gb"),  # NVMe max 10000
    (VolumeCreate, {**VOL, "volume_type": "HDD", "size_gb": 16_001}, "size_gb"),
    (VolumeCreate, {**VOL, "region": "CANADA-1", "size_gb": 102_401, "volume_type": "SSD"}, "size_gb"),
    (VolumeCreate, {**VOL, "volume_type": "SSD"}, "volume_type"),  # legacy type in an advanced region
    (VolumeCreate, {**VOL, "volume_type": "Tape"}, "volume_type"),
    (VolumeCreate, {**VOL, "bootable": True, "image": UBUNTU}, "bootable"),  # advanced tier
    (VolumeCreate, {**VOL, "region": "CANADA-1", "volume_type": "SSD", "bootable": True}, "image"),
    (
        VolumeCreate,
        {**VOL, "region": "CANADA-1", "volume_type": "SSD", "bootable": True, "image": "Debian 12"},
        "image",
    ),
    (VolumeCreate, {**VOL, "image": UBUNTU}, "image"),
    (VolumeCreate, {**VOL, "description": "d" * 256}, "description"),
    # firewalls and rules
    (FirewallCreate, {"name": "fw", "region": "CANADA-1", "description": "d" * 256}, "description"),
    (FirewallCreate, {"name": "f" * 51, "region": "CANADA-1"}, "name"),
    (RuleSpec, {**RULE, "direction": "sideways"}, "direction"),
    (RuleSpec, {**RULE, "ethertype": "IPv5"}, "ethertype"),
    (RuleSpec, {**RULE, "port_range_min": 0}, "port_range_min"),
    (RuleSpec, {**RULE, "port_range_max": 65536}, "port_range_max"),
    (RuleSpec, {**RULE, "port_range_min": 100, "port_range_max": 90}, "port_range_max"),
    (RuleSpec, {**RULE, "port_range_min": None}, "port_range_min"),  # a maximum alone (a minimum alone = one port)
    (RuleSpec, {k: v for k, v in RULE.items() if k != "protocol"}, "protocol"),  # the one rule field without default
    (RuleSpec, {**RULE, "port_range_min": True}, "port_range_min"),
    (RuleSpec, {**RULE, "port_range_min": "22.5"}, "port_range_min"),
    (RuleSpec, {**RULE, "protocol": "icmp"}, "port_range_min"),
    (RuleSpec, {**RULE, "remote_ip_prefix": "10.0.0.0/33"}, "remote_ip_prefix"),
    (RuleSpec, {**RULE, "remote_ip_prefix": "not-a-cidr"}, "remote_ip_prefix"),
    (RuleSpec, {**RULE, "remote_ip_prefix": "::/0"}, "remote_ip_prefix"),  # IPv6 CIDR with IPv4 ethertype
    # ssh keys
    (SshKeyCreate, {"name": "my key", "public_key": ED25519}, "name"),
    (SshKeyCreate, {"name": "k", "public_key": "ssh-dss AAAAB3NzaC1kc3MAAACBAP"}, "public_key"),
    (SshKeyCreate, {"name": "k", "public_key": "ssh-ed25519 not*base64"}, "public_key"),
    (
        SshKeyCreate,
        {"name": "k", "public_key": "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIIxcxnbCeTCvvmMo2MTySpEOAk4nYU2szhvc9zSxZrDJ"},
        "public_key",
    ),  # blob says ed25519
    (SshKeyCreate, {"name": "k", "public_key": ED25519 + "\nssh-ed25519 AAAA"}, "public_key"),
    (SshKeyCreate, {"name": "k", "public_key": "ssh-ed25519"}, "public_key"),
    # scripts, snapshots, images, pricing
    (ScriptCreate, {"name": "s", "content": "   "}, "content"),
    (ScriptCreate, {"name": "s" * 60, "content": "echo"}, "name"),
    (ScriptUpdate, {"description": "d" * 300}, "description"),
    (SnapshotCreate, {"instance_id": "BRK-1D", "name": "bad|name"}, "name"),
    (SnapshotCreate, {"instance_id": " ", "name": "snap"}, "instance_id"),
    (CustomImageCreate, {"snapshot_id": "BRK-1S", "name": ""}, "name"),
    (PricingQuery, {"currency": "GBP"}, "currency"),
    (PricingQuery, {"gpu_count": 5}, "gpu_count"),
]


@pytest.mark.parametrize(
    "model,values,field", CASES, ids=[f"{m.__name__}-{f}-{i}" for i, (m, _, f) in enumerate(CASES)]
)
def test_rule_rejected_before_any_request(model: type[Any], values: dict[str, Any], field: str) -> None:
    api = FakeAPI()
    with make_client(api) as c:
        with pytest.raises(errors.ValidationError) as ei:
            c_model = model(**values)
            c.volumes.create(c_model)  # never reached
        with pytest.raises(errors.ValidationError):
            model.model_validate(values)
    assert field in ei.value.field_errors, ei.value.field_errors
    assert field in str(ei.value)
    assert ei.value.status is None
    assert api.requests == []


@pytest.mark.parametrize(
    "bad,key,message",
    [
        ({**RULE, "port_range_min": 0}, "rules.1.port_range_min", "between 1 and 65535"),
        ({**RULE, "port_range_min": None}, "rules.1.port_range_min", "set both"),  # model-level rule check
        ({**RULE, "protocol": "icmp"}, "rules.1.port_range_min", "protocol icmp"),
        ({**RULE, "colour": "red"}, "rules.1.colour", "unknown field"),
        ({k: v for k, v in RULE.items() if k != "protocol"}, "rules.1.protocol", "is required"),
        ("tcp/22", "rules.1", "valid dictionary"),
    ],
)
def test_rule_list_errors_keep_list_name_and_index(bad: Any, key: str, message: str) -> None:
    for call in (
        lambda: FirewallCreate(name="fw", region="CANADA-1", rules=[RULE, bad]),
        lambda: FirewallCreate.model_validate({"name": "fw", "region": "CANADA-1", "rules": [RULE, bad]}),
    ):
        with pytest.raises(errors.ValidationError) as ei:
            call()
        assert list(ei.value.field_errors) == [key], ei.value.field_errors
        assert message in ei.value.field_errors[key][0]
        assert key in str(ei.value)


def test_rule_list_errors_of_every_rule_and_other_fields_are_all_reported() -> None:
    bad_rules = [{**RULE, "remote_ip_prefix": "10.0.0.0/33"}, RULE, {**RULE, "ethertype": "IPv5"}]
    with pytest.raises(errors.ValidationError) as ei:
        InstanceCreate(**{**INST, "name": "", "security_rules": bad_rules})
    assert set(ei.value.field_errors) == {
        "name",
        "security_rules.0.remote_ip_prefix",
        "security_rules.2.ethertype",
    }


def test_valid_models_pass_and_send_only_set_fields() -> None:
    body = InstanceCreate(**INST).to_body()
    assert body == INST
    vc = VolumeCreate(**VOL, description=None)
    assert vc.to_body() == VOL  # None is never sent
    assert RuleSpec(**{**RULE, "remote_ip_prefix": "10.1.2.3/8", "protocol": "TCP"}).to_body() == {
        **RULE,
        "remote_ip_prefix": "10.0.0.0/8",
        "protocol": "tcp",
    }
    assert FirewallCreate(name="fw", region="CANADA-1", rules=[RuleSpec(**RULE)]).to_body() == {
        "name": "fw",
        "region": "CANADA-1",
    }  # rules are applied after the create
    assert SshKeyCreate(name="k", public_key=ED25519).to_body()["public_key"] == ED25519


def test_subclient_argument_checks_send_nothing() -> None:
    api = FakeAPI()
    with make_client(api) as c:
        with pytest.raises(errors.ValidationError, match="volume_ids"):
            c.instances.attach_volumes("BRK-1D", [])
        with pytest.raises(errors.ValidationError, match="volume_ids"):
            c.instances.attach_volumes("BRK-1D", [str(i) for i in range(11)])
        with pytest.raises(errors.ValidationError, match="name"):
            c.volumes.clone("5001", "x")
        with pytest.raises(errors.ValidationError, match="new_vm_name"):
            c.snapshots.restore("BRK-1S", "bad/name")
        with pytest.raises(errors.ValidationError, match="state"):
            c.instances.ensure_power_state("BRK-1D", "sleeping")  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            c.volumes.create(FirewallCreate(name="fw", region="CANADA-1"))  # type: ignore[arg-type]
    assert api.requests == []


@pytest.mark.parametrize(
    "current,size,message",
    [
        (volume(size_gb=500), 400, "only grow"),
        (volume(region="CANADA-1", tier="legacy", volume_type="SSD"), 300, "legacy"),
        (volume(size_gb=500), 10_001, "100-10000"),
    ],
)
def test_resize_checked_before_post(current: dict[str, Any], size: int, message: str) -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", ok(current))
    with make_client(api) as c, pytest.raises(errors.ValidationError, match=message) as ei:
        c.volumes.resize("5001", size)
    assert "size_gb" in ei.value.field_errors
    assert api.count("POST") == 0


def volume_model(**extra: Any) -> Any:
    from shared_client.models import Volume

    return Volume.model_validate(volume(**extra))


def test_resize_grow_sends_post() -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", ok(volume(size_gb=200)))
    api.on("POST", "/volumes/{id}/resize/", ok(volume(size_gb=300)))
    with make_client(api) as c:
        assert c.volumes.resize("5001", 300) == (volume_model(size_gb=300), True)
        assert c.volumes.resize("5001", "200") == (volume_model(size_gb=200), False)  # no-op: no POST
    assert api.bodies("POST") == [{"size_gb": 300}]
