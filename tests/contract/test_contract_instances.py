"""Instances against the emulator: create, the status machine, actions, preconditions, tiers, billing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from client_contract_support import UBUNTU

from shared_client import BarrackClient, errors
from shared_client.models import Instance, InstanceCreate, RuleSpec

SSH22 = RuleSpec(
    direction="ingress",
    ethertype="IPv4",
    protocol="tcp",
    port_range_min=22,
    port_range_max=22,
    remote_ip_prefix="0.0.0.0/0",
)


def test_create_get_list_find_resolve(
    client: BarrackClient, make_instance: Callable[..., Instance], key_id: str
) -> None:
    inst = make_instance("ct-vm", security_rules=[SSH22])
    assert inst.status == "ACTIVE" and inst.id.startswith("BRK-")
    assert inst.specs is not None and inst.specs.gpu_type == "RTX-A6000" and inst.specs.gpu_count == 1
    assert inst.ssh_key_ids == [key_id]
    assert inst.public_ip and inst.ip_address
    assert [r.canonical() for r in inst.security_rules] == [SSH22.canonical()]
    assert client.instances.get(inst.id).name == "ct-vm"
    assert [i.id for i in client.instances.list()] == [inst.id]
    assert [i.id for i in client.instances.list(region="FINLAND-1")] == []
    assert client.instances.find_by_name("ct-vm").id == inst.id  # type: ignore[union-attr]
    assert client.instances.find_by_name("ct-v") is None  # substring search, exact match kept
    assert client.instances.resolve("ct-vm").id == inst.id
    assert client.instances.resolve(inst.id).id == inst.id
    with pytest.raises(errors.NotFound, match="nope"):
        client.instances.resolve("nope")


def test_duplicate_name_conflicts(client: BarrackClient, make_instance: Callable[..., Instance]) -> None:
    make_instance("ct-dup")
    with pytest.raises(errors.Conflict):
        make_instance("ct-dup")
    assert len(list(client.instances.list())) == 1


def test_transitional_statuses_are_seen(
    client: BarrackClient, make_instance: Callable[..., Instance], emulator: object
) -> None:
    emulator.configure(delay_scale=0.02)  # type: ignore[attr-defined]
    inst = make_instance("ct-slow", wait=False)
    assert inst.status in ("CREATING", "BUILD")
    seen: list[str] = []

    def track(i: Instance) -> bool:
        seen.append(str(i.status))
        return i.status == "ACTIVE"

    client.instances.wait_for(inst.id, track, timeout=10)
    assert seen[-1] == "ACTIVE" and {"CREATING", "BUILD"} & set(seen)
    stopping = client.instances.stop(inst.id)
    assert stopping.status == "STOPPING"
    assert client.instances.wait_for(inst.id, "SHUTOFF", timeout=10).status == "SHUTOFF"


def test_power_status_machine(client: BarrackClient, make_instance: Callable[..., Instance]) -> None:
    c = client.instances
    inst = make_instance()
    c.stop(inst.id)
    assert c.wait_for(inst.id, "SHUTOFF", timeout=10).status == "SHUTOFF"
    with pytest.raises(errors.InvalidState):
        c.hibernate(inst.id)  # hibernate: ACTIVE only
    with pytest.raises(errors.InvalidState):
        c.reboot(inst.id)  # reboot: ACTIVE|ERROR
    c.start(inst.id)
    assert c.wait_for(inst.id, "ACTIVE", timeout=10).status == "ACTIVE"
    with pytest.raises(errors.InvalidState):
        c.start(inst.id)  # start: SHUTOFF only
    with pytest.raises(errors.InvalidState):
        c.restore(inst.id)  # restore: HIBERNATED only
    c.reboot(inst.id)
    assert c.wait_for(inst.id, "ACTIVE", timeout=10).status == "ACTIVE"
    c.hibernate(inst.id)
    assert c.wait_for(inst.id, "HIBERNATED", timeout=10).status == "HIBERNATED"
    with pytest.raises(errors.InvalidState):
        c.stop(inst.id)  # stop: ACTIVE|ERROR
    c.restore(inst.id)
    assert c.wait_for(inst.id, "ACTIVE", timeout=10).status == "ACTIVE"


def test_error_instance_can_stop_or_reboot(
    client: BarrackClient, make_instance: Callable[..., Instance], emulator: object
) -> None:
    inst = make_instance()
    emulator.set_status("instance", inst.id, "ERROR")  # type: ignore[attr-defined]
    with pytest.raises(errors.ResourceFailed):
        client.instances.wait_for(inst.id, "ACTIVE", timeout=5)
    client.instances.reboot(inst.id)
    assert client.instances.wait_for(inst.id, "ACTIVE", timeout=10).status == "ACTIVE"
    emulator.set_status("instance", inst.id, "ERROR")  # type: ignore[attr-defined]
    assert client.instances.ensure_power_state(inst.id, "stopped", timeout=10).obj.status == "SHUTOFF"


@pytest.mark.parametrize(
    "start,target,final",
    [
        ("ACTIVE", "stopped", "SHUTOFF"),
        ("ACTIVE", "hibernated", "HIBERNATED"),
        ("HIBERNATED", "stopped", "SHUTOFF"),
        ("SHUTOFF", "hibernated", "HIBERNATED"),
        ("SHUTOFF", "running", "ACTIVE"),
    ],
)
def test_ensure_power_state(
    client: BarrackClient, make_instance: Callable[..., Instance], start: str, target: str, final: str
) -> None:
    inst = make_instance()
    client.instances.ensure_power_state(
        inst.id,
        {
            "ACTIVE": "running",
            "SHUTOFF": "stopped",  # type: ignore[arg-type]
            "HIBERNATED": "hibernated",
        }[start],
        timeout=10,
    )
    out, changed = client.instances.ensure_power_state(inst.id, target, timeout=10)  # type: ignore[arg-type]
    assert out.status == final == client.instances.get(inst.id).status and changed


def test_delete_preconditions_and_wait_deleted(
    client: BarrackClient, make_instance: Callable[..., Instance], emulator: object
) -> None:
    inst = make_instance()
    for status in ("CREATING", "BUILD"):
        emulator.set_status("instance", inst.id, status)  # type: ignore[attr-defined]
        with pytest.raises(errors.InvalidState):
            client.instances.delete(inst.id)
    emulator.set_status("instance", inst.id, "SHUTOFF")  # type: ignore[attr-defined]
    client.instances.delete(inst.id)
    client.instances.wait_deleted(inst.id, timeout=10)
    with pytest.raises(errors.NotFound):
        client.instances.get(inst.id)
    client.instances.delete(inst.id)  # missing_ok
    with pytest.raises(errors.NotFound):
        client.instances.delete(inst.id, missing_ok=False)


def test_public_ip_toggle(client: BarrackClient, make_instance: Callable[..., Instance]) -> None:
    inst = make_instance(public_ip=False)
    assert not inst.public_ip and inst.ip_address is None
    on = client.instances.toggle_public_ip(inst.id, True)
    got = client.instances.wait_for(on.id, lambda i: i.public_ip, timeout=10)
    assert got.ip_address and got.ip_status == "assigned"  # the documented word
    client.instances.toggle_public_ip(inst.id, False)
    off = client.instances.wait_for(inst.id, lambda i: not i.public_ip, timeout=10)
    assert off.ip_address is None and off.ip_status == "unassigned"


def test_security_rules(client: BarrackClient, make_instance: Callable[..., Instance]) -> None:
    inst = make_instance()
    rule = client.instances.add_security_rule(inst.id, SSH22)
    assert rule.canonical() == SSH22.canonical()
    got = client.instances.get(inst.id)
    assert [r.id for r in got.security_rules] == [rule.id]
    client.instances.remove_security_rule(inst.id, rule.id)
    assert client.instances.get(inst.id).security_rules == []
    client.instances.remove_security_rule(inst.id, rule.id)  # missing_ok
    with pytest.raises(errors.NotFound):
        client.instances.remove_security_rule(inst.id, rule.id, missing_ok=False)


def test_current_values_round_trip_plan(
    client: BarrackClient, make_instance: Callable[..., Instance], key_id: str
) -> None:
    from shared_client import plan_changes

    inst = make_instance(security_rules=[SSH22])
    desired = dict(
        name="ct-vm",
        region="CANADA-1",
        gpu_model="RTX-A6000",
        gpu_count=1,
        image=UBUNTU,
        ssh_key_ids=[key_id],
        security_rules=[SSH22],
        public_ip=True,
        volume_ids=[],
    )
    assert not plan_changes(InstanceCreate, inst.current_values(), desired)
    plan = plan_changes(InstanceCreate, inst.current_values(), {**desired, "gpu_count": 2, "public_ip": False})
    assert plan.replace == ["gpu_count"] and plan.update == ["public_ip"]


def test_tier_and_stock_rules_server_side(
    client: BarrackClient, make_instance: Callable[..., Instance], emulator: object
) -> None:
    inst = make_instance("ct-adv", region="FINLAND-1", gpu_model="H100-SXM5-80GB", gpu_count=8)
    assert inst.tier == "advanced"
    stock = {s.gpu_model: s for s in client.gpu_stock.list(region="FINLAND-1")}
    before = stock["H100-SXM5-80GB"].free(8)
    client.instances.delete(inst.id)
    client.instances.wait_deleted(inst.id, timeout=10)
    after = {s.gpu_model: s for s in client.gpu_stock.list(region="FINLAND-1")}["H100-SXM5-80GB"].free(8)
    assert after == before + 1


def test_insufficient_balance(client: BarrackClient, make_instance: Callable[..., Instance], emulator: object) -> None:
    emulator.configure(balance=0.5)  # type: ignore[attr-defined]
    with pytest.raises(errors.InsufficientBalance):
        make_instance("ct-poor", gpu_model="H100-PCIe-NVLink-80GB", gpu_count=1)
    assert list(client.instances.list()) == []


def test_unknown_ssh_key_rejected_by_server(client: BarrackClient) -> None:
    req = InstanceCreate(
        name="ct-nokey", region="CANADA-1", gpu_model="RTX-A6000", gpu_count=1, image=UBUNTU, ssh_key_ids=["999999"]
    )
    with pytest.raises(errors.ValidationError) as ei:
        client.instances.create(req)
    assert ei.value.status == 400 and "ssh_key_ids" in ei.value.field_errors


def test_billing_and_eligible(client: BarrackClient, make_instance: Callable[..., Instance], emulator: object) -> None:
    inst = make_instance()
    emulator.advance_clock(3600)  # type: ignore[attr-defined]
    recs = [r for r in client.instances.billing() if r.resource_id == inst.id]
    assert recs and recs[0].amount and recs[0].amount > 0
    assert [i.id for i in client.instances.snapshot_eligible()] == [inst.id]
    assert client.instances.firewalls(inst.id) == []
