"""Native-provider conventions: auto-naming, replace order, Resource.get, typed outputs and lookups, docstrings,
instance firewall/volume ids, reboot, restore from a snapshot, volume clone."""

from __future__ import annotations

import inspect
import re
from typing import Any

import pulumi
import pytest
from pulumi.output import Unknown
from pulumi_inputs import PUBKEY, VALID

import pulumi_barrack as barrack

NAMED = [cls for cls in barrack.PROVIDERS if "name" in cls.model_inputs]
RESOURCES = [
    barrack.Instance,
    barrack.Volume,
    barrack.VolumeAttachment,
    barrack.Firewall,
    barrack.FirewallAttachment,
    barrack.SshKey,
    barrack.StartupScript,
    barrack.Snapshot,
    barrack.CustomImage,
    barrack.InstanceSecurityRule,
]
IMAGE = "Ubuntu Server 22.04 LTS R535 CUDA 12.2"


def unnamed(cls: Any) -> dict[str, Any]:
    return {k: v for k, v in VALID[cls.__name__].items() if k != "name"}


@pytest.mark.parametrize("cls", NAMED, ids=lambda c: c.__name__)
def test_auto_name_is_made_in_check_valid_and_kept(cls: Any) -> None:
    p = cls()
    first = p.check({}, {**unnamed(cls), "auto_name": "my.web_server"})
    assert first.failures == []
    name = first.inputs["name"]
    assert re.fullmatch(r"my-web_server-[a-z0-9]{7}", name), name
    again = p.check(first.inputs, {**unnamed(cls), "auto_name": "my.web_server"})
    assert again.inputs["name"] == name  # stable across previews and updates
    fresh = p.check({}, {**unnamed(cls), "auto_name": "my.web_server"})
    assert fresh.inputs["name"] != name  # a replacement (check without olds) gets a new name
    explicit = p.check(first.inputs, {**VALID[cls.__name__], "auto_name": "my.web_server"})
    assert explicit.inputs["name"] == VALID[cls.__name__]["name"]


def test_auto_name_of_a_long_resource_name_is_valid_for_a_volume() -> None:
    result = barrack.VolumeProvider().check({}, {**unnamed(barrack.VolumeProvider), "auto_name": "-" + "x" * 60})
    assert result.failures == [] and len(result.inputs["name"]) <= 30


def test_without_a_name_or_auto_name_name_is_required() -> None:
    result = barrack.VolumeProvider().check({}, unnamed(barrack.VolumeProvider))
    assert [f.property for f in result.failures] == ["name"]


@pytest.mark.parametrize("cls", [c for c in NAMED if c is not barrack.StartupScriptProvider], ids=lambda c: c.__name__)
def test_replace_is_create_before_delete_unless_the_name_is_explicit(cls: Any) -> None:
    p = cls()
    valid = {k: v for k, v in VALID[cls.__name__].items() if k != "volume_ids"}  # kept volumes: delete-first
    valid.setdefault("description", "d")  # a snapshot's instance_id never replaces it: description does
    key = next(k for k in valid if k != "name" and p.mode(k) == "replace")
    changed = {**valid, key: Unknown()}
    auto = p.diff("id", {**valid, "auto_name": "r"}, {**changed, "auto_name": "r"})
    assert (auto.changes, auto.replaces, auto.delete_before_replace) == (True, [key], False)
    explicit = p.diff("id", valid, changed)
    assert (explicit.replaces, explicit.delete_before_replace) == ([key], True)


class Mocks(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.resources: dict[str, pulumi.runtime.MockResourceArgs] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.resources[args.name] = args
        outs = dict(args.inputs)
        if args.typ.endswith(":Instance"):
            outs.update(
                ssh_keys=[{"id": "1", "name": "k"}],
                billing={"hourly_rate": 0.69, "currency": "USD"},
                specs={"gpu_type": "RTX-A6000", "gpu_count": 1.0},
                volume_attachments=[{"volume_id": "3", "name": "v", "status": "attached"}],
                firewalls=[{"id": "9", "name": "fw"}],
            )
        return args.resource_id or f"{args.name}-id", outs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, None


@pytest.fixture
def mocks() -> Mocks:
    m = Mocks()
    pulumi.runtime.set_mocks(m, preview=False)
    return m


@pulumi.runtime.test
def test_resources_send_auto_name_only_without_a_name(mocks: Mocks) -> Any:
    a = barrack.Volume("data", region="FINLAND-1", size_gb=100, volume_type="NVMe")
    b = barrack.Volume("named", name="vol-x", region="FINLAND-1", size_gb=100, volume_type="NVMe")
    looked_up = barrack.Volume.get("existing", "5001")

    def check(_: Any) -> None:
        assert mocks.resources["data"].inputs["auto_name"] == "data" and "name" not in mocks.resources["data"].inputs
        assert "auto_name" not in mocks.resources["named"].inputs
        got = mocks.resources["existing"]
        assert got.resource_id == "5001" and "auto_name" not in got.inputs

    return pulumi.Output.all(a.id, b.id, looked_up.id).apply(check)


@pulumi.runtime.test
def test_instance_outputs_are_typed(mocks: Mocks) -> Any:
    vm = barrack.Instance("vm", region="CANADA-1", gpu_model="RTX-A6000", gpu_count=1, ssh_key_ids=["1"], image=IMAGE)

    def check(values: list[Any]) -> None:
        keys, billing, specs, attachments, firewalls = values
        assert isinstance(specs, barrack.InstanceSpecs) and specs.gpu_count == 1
        assert isinstance(billing, barrack.InstanceBilling) and billing.hourly_rate == 0.69
        assert keys[0].id == "1" and firewalls[0].name == "fw" and attachments[0].volume_id == "3"

    return pulumi.Output.all(vm.ssh_keys, vm.billing, vm.specs, vm.volume_attachments, vm.firewalls).apply(check)


@pytest.mark.parametrize("cls", RESOURCES, ids=lambda c: c.__name__)
def test_constructor_documents_every_input_and_hides_schema_version(cls: Any) -> None:
    params = [p for p in inspect.signature(cls.__init__).parameters if p != "self"]
    assert "schema_version" not in params
    doc = cls.__init__.__doc__ or ""
    for param in params:
        assert f":param {param}:" in doc, (cls.__name__, param)
    provider = cls.provider_class
    assert set(params) - {"resource_name", "args", "opts"} == provider.input_names() - {
        "auto_name",
        "auto_name_key",
        "schema_version",
    }
    for word in ("Replaces", "In place", "Required"):
        if cls in (barrack.Instance, barrack.Volume):
            assert word in doc


def test_get_without_inputs_reads_every_output(credentials: Any, barrack_client: Any) -> None:
    from shared_client.models import VolumeCreate

    vol = barrack_client.volumes.create(
        VolumeCreate(name="outside", region="FINLAND-1", size_gb=150, volume_type="HDD")
    )
    barrack_client.volumes.wait_for(vol.id, "available", timeout=10)
    read = barrack.VolumeProvider().read(vol.id, {"schema_version": 1})  # what Volume.get sends
    assert read.id == vol.id
    assert read.outs["name"] == "outside" and read.outs["size_gb"] == 150 and read.outs["volume_type"] == "HDD"
    assert read.outs["region"] == "FINLAND-1" and read.outs["status"] == "available"
    assert read.inputs == {
        **read.inputs,
        "name": "outside",
        "region": "FINLAND-1",
        "size_gb": 150,
        "volume_type": "HDD",
    }
    assert "schema_version" not in read.inputs or read.inputs["schema_version"] == 1


@pytest.fixture
def env_credentials(emulator: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("BARRACK_API_KEY", emulator.api_key)
    monkeypatch.setenv("BARRACK_API_URL", emulator.base_url)
    return emulator


def test_lookup_functions_by_id_and_name(env_credentials: Any, barrack_client: Any, world: dict[str, str]) -> None:
    from shared_client.models import FirewallCreate, ScriptCreate, SnapshotCreate, VolumeCreate

    vol = barrack_client.volumes.create(
        VolumeCreate(name="look-vol", region="FINLAND-1", size_gb=100, volume_type="NVMe")
    )
    fw = barrack_client.firewalls.create(FirewallCreate(name="look-fw", region="CANADA-1"))
    script = barrack_client.scripts.create(ScriptCreate(name="look-script", content="echo hi"))
    snap = barrack_client.snapshots.create(SnapshotCreate(name="look-snap", instance_id=world["legacy"]))
    assert barrack.get_volume(id=vol.id).name == "look-vol"
    assert barrack.get_volume(name="look-vol", region="FINLAND-1").id == vol.id
    assert barrack.get_firewall(name="look-fw").id == fw.id
    assert barrack.get_ssh_key(name="world-key").id == world["key"]
    assert barrack.get_startup_script(name="look-script").content == "echo hi"
    assert barrack.get_snapshot(id=snap.id).name == "look-snap"
    inst = barrack.get_instance(name="world-legacy")
    assert inst.id == world["legacy"] and inst.specs is not None and inst.specs.gpu_type == "RTX-A6000"
    with pytest.raises(Exception, match="look-nothing"):
        barrack.get_volume(name="look-nothing")
    with pytest.raises(Exception, match="id or the name"):
        barrack.get_custom_image()
    assert {t.name for t in barrack.get_volume_types()} >= {"NVMe", "HDD", "SSD"}
    assert "tcp" in barrack.get_firewall_protocols()
    assert any(g.gpu_model == "RTX-A6000" for g in barrack.get_gpu_specs())
    billing = barrack.get_billing("volumes")
    assert vol.id in {r.resource_id for r in billing.records}
    assert barrack.get_hibernated().model_dump() is not None
    models = barrack.get_ai_models()
    assert models and all(m.id for m in models)
    assert barrack.get_ai_usage() is not None
    with pytest.raises(Exception, match="resource_type"):
        barrack.get_billing("gpus")
    assert script.id


@pulumi.runtime.test
def test_output_variants_take_inputs(mocks: Mocks, env_credentials: Any, world: dict[str, str]) -> Any:
    key = barrack.get_ssh_key_output(name=pulumi.Output.from_input("world-key"))
    inst = barrack.get_instance_output(id=pulumi.Output.from_input(world["legacy"]))
    cost = barrack.get_hourly_cost_output(pulumi.Output.from_input("RTX-A6000"), 2)
    every = [
        name
        for name in barrack.__all__
        if name.startswith("get_") and not name.endswith("_output") and f"{name}_output" not in barrack.__all__
    ]
    assert every == []

    def check(values: list[Any]) -> None:
        assert values[0].id == world["key"] and values[1].name == "world-legacy" and values[2] == pytest.approx(1.38)

    return pulumi.Output.all(key, inst, cost).apply(check)


def instance_inputs(world: dict[str, str], **more: Any) -> dict[str, Any]:
    base = {
        "name": "inst-c",
        "region": "CANADA-1",
        "gpu_model": "RTX-A6000",
        "gpu_count": 1,
        "image": IMAGE,
        "ssh_key_ids": [world["key"]],
    }
    return {**base, **more}


def test_instance_with_firewalls_and_volumes_outputs_filled_at_create(
    credentials: Any, barrack_client: Any, world: dict[str, str]
) -> None:
    from shared_client.models import FirewallCreate, VolumeCreate

    vol = barrack_client.volumes.create(VolumeCreate(name="att-vol", region="CANADA-1", size_gb=100, volume_type="SSD"))
    barrack_client.volumes.wait_for(vol.id, "available", timeout=10)
    fw = barrack_client.firewalls.create(FirewallCreate(name="att-fw", region="CANADA-1"))
    barrack_client.firewalls.wait_for(fw.id, "SUCCESS", timeout=10)
    p = barrack.InstanceProvider()
    checked = p.check({}, instance_inputs(world, volume_ids=[vol.id], firewall_ids=[fw.id]))
    assert checked.failures == []
    created = p.create(checked.inputs)
    outs = created.outs
    assert outs["specs"]["gpu_type"] == "RTX-A6000" and outs["billing"]["hourly_rate"] > 0
    assert [a["volume_id"] for a in outs["volume_attachments"]] == [vol.id]
    assert [f["id"] for f in outs["firewalls"]] == [fw.id]
    assert outs["volume_ids"] == [vol.id] and outs["firewall_ids"] == [fw.id]
    assert p.diff(created.id, outs, checked.inputs).changes is False
    new = {**checked.inputs, "firewall_ids": [], "reboot_trigger": "2"}
    d = p.diff(created.id, outs, new)
    assert (d.changes, d.replaces) == (True, [])
    credentials.clear_log()
    updated = p.update(created.id, outs, new).outs
    assert updated["firewall_ids"] == [] and barrack_client.firewalls.get(fw.id).instance_ids == []
    assert credentials.request_counts()["POST /instances/{id}/reboot/"] == 1
    assert updated["status"] == "ACTIVE" and updated["reboot_trigger"] == "2"
    assert p.diff(created.id, updated, new).changes is False


def test_restore_a_snapshot_into_a_new_instance(credentials: Any, barrack_client: Any, world: dict[str, str]) -> None:
    from shared_client.models import SnapshotCreate

    snap = barrack_client.snapshots.create(SnapshotCreate(name="restore-me", instance_id=world["legacy"]))
    barrack_client.snapshots.wait_for(snap.id, {"SUCCESS", "available"}, timeout=10)
    p = barrack.InstanceProvider()
    checked = p.check({}, {"snapshot_id": snap.id, "auto_name": "restored", "public_ip": False})
    assert checked.failures == []
    created = p.create(checked.inputs)
    assert created.outs["name"] == checked.inputs["name"] and created.outs["gpu_model"] == "RTX-A6000"
    assert created.outs["status"] == "ACTIVE" and created.outs["public_ip"] is False
    assert barrack_client.instances.get(created.id).vm_name == checked.inputs["name"]
    assert p.read(created.id, created.outs).outs == created.outs
    assert p.diff(created.id, created.outs, checked.inputs).changes is False
    p.delete(created.id, created.outs)


def test_clone_a_volume(credentials: Any, barrack_client: Any) -> None:
    from shared_client.models import VolumeCreate

    src = barrack_client.volumes.create(
        VolumeCreate(name="clone-src", region="FINLAND-1", size_gb=300, volume_type="HDD")
    )
    barrack_client.volumes.wait_for(src.id, "available", timeout=10)
    p = barrack.VolumeProvider()
    checked = p.check({}, {"source_volume_id": src.id, "name": "clone-copy"})
    assert checked.failures == []
    bad = p.check({}, {"source_volume_id": src.id, "name": "x"})
    assert [f.property for f in bad.failures] == ["name"]
    created = p.create(checked.inputs)
    assert (
        created.outs["size_gb"] == 300
        and created.outs["volume_type"] == "HDD"
        and created.outs["region"] == "FINLAND-1"
    )
    assert created.id != src.id and barrack_client.volumes.get(created.id).name == "clone-copy"
    assert p.read(created.id, created.outs).outs == created.outs
    d = p.diff(created.id, created.outs, {**checked.inputs, "source_volume_id": "1"})
    assert d.replaces == ["source_volume_id"]
    p.delete(created.id, created.outs)


def test_ssh_key_lookup_matches_a_created_key(env_credentials: Any, barrack_client: Any) -> None:
    from shared_client.models import SshKeyCreate

    key = barrack_client.ssh_keys.create(SshKeyCreate(name="lookup-key", public_key=PUBKEY))
    assert barrack.get_ssh_key(id=key.id).fingerprint == key.fingerprint
