"""`client.<kind>.plan(...)` for every kind, computed without any request: actions, changes, replace detection,
set diffs that show only what changes, the instance's one update order, and `plan.preview()` placeholders."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from shared_client import BarrackClient, errors
from shared_client.models import (
    CustomImage,
    CustomImageCreate,
    Firewall,
    FirewallCreate,
    Instance,
    InstanceCreate,
    Script,
    ScriptCreate,
    Snapshot,
    SnapshotCreate,
    SshKey,
    SshKeyCreate,
    Volume,
    VolumeCreate,
)
from shared_client.models.relations import (
    AttachedVolume,
    FirewallAttachmentCreate,
    FirewallMembers,
    InstanceRule,
    SecurityRuleCreate,
    VolumeAttachmentCreate,
)
from shared_client.plan import KNOWN_AFTER_APPLY, Action

ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIxcxnbCeTCvvmMo2MTySpEOAk4nYU2szhvc9zSxZrDJ demo@barrack"
UBUNTU = "Ubuntu Server 22.04 LTS R535 CUDA 12.2"
SSH = {"protocol": "tcp", "port_range_min": 22}
HTTPS = {"protocol": "tcp", "port_range_min": 443}


@pytest.fixture
def sent() -> list[httpx.Request]:
    return []


@pytest.fixture
def client(sent: list[httpx.Request]) -> Iterator[BarrackClient]:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        raise AssertionError(f"a plan sent {request.method} {request.url}")

    with BarrackClient(api_key="k", base_url="http://127.0.0.1:9/api", transport=httpx.MockTransport(handler)) as c:
        yield c


def instance(**wire: Any) -> Instance:
    base: dict[str, Any] = {
        "instance_id": "BRK-000001D",
        "vm_name": "w1",
        "status": "ACTIVE",
        "region": "CANADA-1",
        "specs": {"gpu_type": "RTX-A6000", "gpu_count": 1},
        "image": UBUNTU,
        "ip_address": "203.0.113.7",
        "ssh_keys": [{"id": "7"}],
        "volume_attachments": [{"volume_id": "11"}],
        "firewalls": [{"id": "21"}],
        "security_rules": [{"id": "31", **SSH, "status": "SUCCESS"}],
    }
    return Instance.model_validate({**base, **wire})


def desired_instance(**values: Any) -> InstanceCreate:
    base: dict[str, Any] = {
        "name": "w1",
        "region": "CANADA-1",
        "gpu_model": "RTX-A6000",
        "gpu_count": 1,
        "image": UBUNTU,
        "ssh_key_ids": ["7"],
    }
    return InstanceCreate(**{**base, **values})


# -- one create and one no-op plan per kind, none of them sending anything ------------------------------------
CASES: list[tuple[str, Any, Any]] = [
    ("instances", instance(), desired_instance(volume_ids=["11"], firewall_ids=["21"], security_rules=[SSH])),
    (
        "volumes",
        Volume(id="11", name="data1", region="FINLAND-1", size_gb=200, volume_type="NVMe", status="available"),
        VolumeCreate(name="data1", region="FINLAND-1", size_gb=200, volume_type="NVMe"),
    ),
    (
        "firewalls",
        Firewall(id="21", name="fw", region="FINLAND-1", status="SUCCESS", rules=[{"id": "1", **SSH}]),
        FirewallCreate(name="fw", region="FINLAND-1", rules=[SSH]),
    ),
    ("ssh_keys", SshKey(id="7", name="op", public_key=ED25519), SshKeyCreate(name="op", public_key=ED25519)),
    ("scripts", Script(id="3", name="boot", content="echo hi"), ScriptCreate(name="boot", content="echo hi")),
    (
        "snapshots",
        Snapshot(id="BRK-000002S", name="snap", instance_id="BRK-000001D", status="SUCCESS"),
        SnapshotCreate(instance_id="BRK-000001D", name="snap"),
    ),
    (
        "images",
        CustomImage(id="41", name="img", snapshot_id="BRK-000002S", status="available"),
        CustomImageCreate(snapshot_id="BRK-000002S", name="img"),
    ),
    (
        "volume_attachments",
        AttachedVolume(instance_id="BRK-000001D", volume_id="11", status="in-use"),
        VolumeAttachmentCreate(instance_id="BRK-000001D", volume_id="11"),
    ),
    (
        "firewall_attachments",
        FirewallMembers(firewall_id="21", instance_ids=["BRK-000001D"]),
        FirewallAttachmentCreate(firewall_id="21", instance_ids=["BRK-000001D"]),
    ),
    (
        "security_rules",
        InstanceRule(instance_id="BRK-000001D", id="31", **SSH),
        SecurityRuleCreate(instance_id="BRK-000001D", **SSH),
    ),
]


@pytest.mark.parametrize(("kind", "current", "desired"), CASES, ids=[c[0] for c in CASES])
def test_every_kind_plans_create_and_no_op_without_a_request(
    client: BarrackClient, sent: list[httpx.Request], kind: str, current: Any, desired: Any
) -> None:
    sub = getattr(client, kind)
    create = sub.plan(None, desired)
    assert create.action is Action.CREATE and create.changes and not create.steps
    assert {c.field for c in create.changes} <= set(type(desired).model_fields)
    same = sub.plan(current, desired)
    assert same.action is Action.NONE and same.changes == () and not same.changed, same.changes
    assert same.preview().to_dict() == current.to_dict()
    assert sent == []


def test_every_kind_is_covered() -> None:
    assert {c[0] for c in CASES} == set(BarrackClient.kinds())


def test_a_mapping_is_validated_into_the_request_model_naming_the_field(client: BarrackClient) -> None:
    plan = client.volumes.plan(None, {"name": "data1", "region": "FINLAND-1", "size_gb": "200", "volume_type": "NVMe"})
    assert isinstance(plan.desired, VolumeCreate) and plan.desired.size_gb == 200
    with pytest.raises(errors.ValidationError) as err:
        client.volumes.plan(None, {"name": "data1", "region": "FINLAND-1", "size_gb": 200, "volume_type": "SSD"})
    assert "volume_type" in err.value.field_errors


# -- replace detection -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "current", "desired", "fields"),
    [
        ("instances", instance(), desired_instance(gpu_count=2), ("gpu_count",)),
        ("instances", instance(), desired_instance(image="Ubuntu Server 24.04 LTS"), ("image",)),
        (
            "ssh_keys",
            SshKey(id="7", name="op", public_key=ED25519),
            SshKeyCreate(name="op2", public_key=ED25519),
            ("name",),
        ),
        (
            "volumes",
            Volume(id="11", name="data1", region="FINLAND-1", size_gb=200, volume_type="NVMe"),
            VolumeCreate(name="data1", region="FINLAND-1", size_gb=200, volume_type="HDD"),
            ("volume_type",),
        ),
        (
            "volume_attachments",
            AttachedVolume(instance_id="BRK-000001D", volume_id="11"),
            VolumeAttachmentCreate(instance_id="BRK-000001D", volume_id="12"),
            ("volume_id",),
        ),
        (
            "security_rules",
            InstanceRule(instance_id="BRK-000001D", id="31", **SSH),
            SecurityRuleCreate(instance_id="BRK-000001D", **HTTPS),
            ("port_range_min", "port_range_max"),
        ),
    ],
)
def test_a_create_only_change_is_a_replace(
    client: BarrackClient, kind: str, current: Any, desired: Any, fields: tuple[str, ...]
) -> None:
    plan = getattr(client, kind).plan(current, desired)
    assert plan.action is Action.REPLACE and plan.replace_fields == fields
    assert all(c.step is None for c in plan.changes if c.replace) and plan.steps == ()
    with pytest.raises(errors.ValidationError) as err:
        getattr(client, kind).apply("x", plan)
    assert set(err.value.field_errors) == set(fields)


def test_the_ssh_key_comment_and_rule_spelling_are_not_changes(client: BarrackClient) -> None:
    key = SshKey(id="7", name="op", public_key=ED25519.rsplit(" ", 1)[0] + " other-comment")
    assert client.ssh_keys.plan(key, SshKeyCreate(name="op", public_key=ED25519)).action is Action.NONE
    inst = instance(security_rules=[{"id": "31", "protocol": "TCP", "port_range_min": 22, "port_range_max": 22}])
    assert client.instances.plan(inst, desired_instance(security_rules=[SSH])).action is Action.NONE


# -- in-place updates ----------------------------------------------------------------------------------------------
def test_the_instance_update_order_is_the_spec_order(client: BarrackClient) -> None:
    desired = desired_instance(
        power_state="stopped", public_ip=False, security_rules=[SSH, HTTPS], firewall_ids=["22"], volume_ids=["12"]
    )
    plan = client.instances.plan(instance(), desired, stop_if_needed=True)
    assert plan.action is Action.UPDATE
    assert [s.name for s in plan.steps] == ["volumes", "firewalls", "security_rules", "public_ip", "power"]
    vols = plan.change("volume_ids")
    assert vols is not None and vols.needs_stop and vols.added == ("12",) and vols.removed == ("11",)
    assert plan.needs_stop and plan.stop_if_needed


def test_a_stopped_instance_needs_no_stop(client: BarrackClient) -> None:
    plan = client.instances.plan(instance(status="SHUTOFF"), desired_instance(volume_ids=["11", "12"]))
    change = plan.change("volume_ids")
    assert change is not None and not change.needs_stop and change.added == ("12",)


def test_a_rule_set_diff_shows_only_the_rule_added_or_removed(client: BarrackClient) -> None:
    fw = Firewall(id="21", name="fw", region="FINLAND-1", rules=[{"id": "1", **SSH}, {"id": "2", "protocol": "icmp"}])
    plan = client.firewalls.plan(
        fw, FirewallCreate(name="fw", region="FINLAND-1", rules=[SSH, HTTPS, {"protocol": "icmp"}])
    )
    [change] = plan.changes
    assert change.step == "rules" and not change.replace and change.removed == ()
    assert [(r["protocol"], r["port_range_min"]) for r in change.added] == [("tcp", 443)]  # type: ignore[index]
    purge = client.firewalls.plan(fw, FirewallCreate(name="fw", region="FINLAND-1", rules=[SSH]))
    [gone] = purge.changes
    assert gone.added == () and [r["protocol"] for r in gone.removed] == ["icmp"]  # type: ignore[index]
    keep = client.firewalls.plan(fw, FirewallCreate(name="fw", region="FINLAND-1", rules=[SSH]), purge=False)
    assert keep.action is Action.NONE


def test_without_purge_id_lists_only_grow(client: BarrackClient) -> None:
    plan = client.instances.plan(instance(), desired_instance(firewall_ids=["22"]), purge=False)
    change = plan.change("firewall_ids")
    assert change is not None and change.new == ["21", "22"] and change.removed == ()
    assert client.instances.plan(instance(), desired_instance(firewall_ids=[]), purge=False).action is Action.NONE


def test_a_volume_shrink_or_a_legacy_resize_fails_at_plan_time(client: BarrackClient) -> None:
    vol = Volume(id="11", name="data1", region="FINLAND-1", size_gb=200, volume_type="NVMe")
    assert client.volumes.plan(
        vol, VolumeCreate(name="data1", region="FINLAND-1", size_gb=300, volume_type="NVMe")
    ).steps
    with pytest.raises(errors.ValidationError, match="shrink") as err:
        client.volumes.plan(vol, VolumeCreate(name="data1", region="FINLAND-1", size_gb=100, volume_type="NVMe"))
    assert set(err.value.field_errors) == {"size_gb"}
    legacy = Volume(id="12", name="data2", region="CANADA-1", size_gb=200, volume_type="SSD")
    with pytest.raises(errors.ValidationError, match="legacy"):
        client.volumes.plan(legacy, VolumeCreate(name="data2", region="CANADA-1", size_gb=300, volume_type="SSD"))


def test_a_power_state_already_heading_there_is_no_change(client: BarrackClient) -> None:
    assert client.instances.plan(instance(status="STOPPING"), desired_instance(power_state="stopped")).changes == ()
    plan = client.instances.plan(instance(status="ACTIVE"), desired_instance(power_state="hibernated"))
    assert [c.step for c in plan.changes] == ["power"]


# -- preview ------------------------------------------------------------------------------------------------------
def test_preview_of_an_instance_create_has_placeholders_and_wire_names(client: BarrackClient) -> None:
    desired = desired_instance(volume_ids=["11"], cloud_init="#cloud-config\npassword: s3cret", power_state="stopped")
    got = client.instances.plan(None, desired).preview()
    assert got.id == KNOWN_AFTER_APPLY and got.created_at == KNOWN_AFTER_APPLY
    assert got.ip_address == KNOWN_AFTER_APPLY and got.public_ip  # the server gives one by default
    assert got.name == "w1" and got.specs is not None and got.specs.gpu_type == "RTX-A6000"
    assert got.volume_ids == ["11"] and got.ssh_key_ids == ["7"] and got.status == "SHUTOFF"
    assert "s3cret" not in repr(got.to_dict())
    no_ip = client.instances.plan(None, desired_instance(public_ip=False)).preview()
    assert no_ip.ip_address is None and no_ip.status == "ACTIVE"


def test_preview_of_an_update_lays_the_changes_over_the_current_object(client: BarrackClient) -> None:
    got = client.instances.plan(instance(), desired_instance(public_ip=False, firewall_ids=["22"])).preview()
    assert got.ip_address is None and got.firewall_ids == ["22"] and got.id == "BRK-000001D"
    fw = Firewall(
        id="21", name="fw", region="FINLAND-1", status="SUCCESS", rules=[{"id": "1", "status": "SUCCESS", **SSH}]
    )
    after = client.firewalls.plan(fw, FirewallCreate(name="fw", region="FINLAND-1", rules=[SSH, HTTPS])).preview()
    kept, added = after.rules
    assert (kept.id, kept.status) == ("1", "SUCCESS") and added.id == KNOWN_AFTER_APPLY and added.port_range_min == 443


def test_preview_of_other_creates(client: BarrackClient) -> None:
    vol = client.volumes.plan(None, VolumeCreate(name="data1", region="FINLAND-1", size_gb=200, volume_type="NVMe"))
    assert vol.preview().id == KNOWN_AFTER_APPLY and vol.preview().status == "available"
    key = client.ssh_keys.plan(None, SshKeyCreate(name="op", public_key=ED25519)).preview()
    assert key.public_key == ED25519 and key.id == KNOWN_AFTER_APPLY


def test_preview_of_an_ssh_key_has_the_fingerprint_the_client_computes(client: BarrackClient) -> None:
    key = client.ssh_keys.plan(None, SshKeyCreate(name="op", public_key=ED25519)).preview()
    assert key.fingerprint == SshKeyCreate(name="x", public_key=ED25519).fingerprint  # as ssh-keygen -l
    assert (
        key.fingerprint is not None
        and key.fingerprint.startswith("SHA256:")
        and "fingerprint" not in key.unknown_fields
    )


CREATES: dict[str, Any] = {
    "instances": desired_instance(),
    "volumes": VolumeCreate(name="data1", region="FINLAND-1", size_gb=200, volume_type="NVMe"),
    "ssh_keys": SshKeyCreate(name="op", public_key=ED25519),
    "snapshots": SnapshotCreate(instance_id="BRK-000001D", name="snap"),
    "images": CustomImageCreate(snapshot_id="BRK-000001S", name="img"),
    "firewalls": FirewallCreate(name="fw", region="FINLAND-1", rules=[SSH]),
    "scripts": ScriptCreate(name="boot", content="#!/bin/sh\necho hi"),
}


@pytest.mark.parametrize("kind", sorted(CREATES))
def test_preview_of_a_create_is_a_valid_read_model_for_every_kind(client: BarrackClient, kind: str) -> None:
    """Server-assigned fields hold the placeholder whatever their type (a snapshot's numeric ``size_gb``), listed in
    ``unknown_fields``; the dict renders without pydantic serializer warnings."""
    spec = client.spec_of(kind)
    assert spec is not None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = getattr(client, kind).plan(None, CREATES[kind]).preview()
        wire = got.to_dict()
    assert isinstance(got, spec.model)
    for key in spec.server_fields:
        assert wire[key] == KNOWN_AFTER_APPLY and key in got.unknown_fields, key
    assert all(getattr(got, f) == KNOWN_AFTER_APPLY for f in got.unknown_fields)


def test_preview_of_a_snapshot_create_holds_the_placeholder_in_its_numeric_size(client: BarrackClient) -> None:
    got = client.snapshots.plan(None, SnapshotCreate(instance_id="BRK-000001D", name="snap")).preview()
    assert got.size_gb == KNOWN_AFTER_APPLY and got.name == "snap" and got.instance_id == "BRK-000001D"


def test_the_diff_shows_the_changed_fields_without_secrets(client: BarrackClient) -> None:
    plan = client.instances.plan(instance(), desired_instance(public_ip=False, cloud_init="#cloud-config\nx: 1"))
    assert plan.diff() == ({"public_ip": True}, {"public_ip": False})
    create = client.instances.plan(None, desired_instance(cloud_init="secret-stuff")).diff()
    assert "cloud_init" not in create[1] and create[1]["name"] == "w1"
