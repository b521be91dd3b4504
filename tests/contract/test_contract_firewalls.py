"""Firewalls against the emulator: rules, attachment (full list), quotas, delete preconditions."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from shared_client import BarrackClient, errors
from shared_client.models import FirewallCreate, Instance, RuleSpec

R22 = RuleSpec(
    direction="ingress",
    ethertype="IPv4",
    protocol="tcp",
    port_range_min=22,
    port_range_max=22,
    remote_ip_prefix="0.0.0.0/0",
)
R443 = RuleSpec(
    direction="ingress",
    ethertype="IPv6",
    protocol="tcp",
    port_range_min=443,
    port_range_max=443,
    remote_ip_prefix="::/0",
)
PING = RuleSpec(direction="ingress", ethertype="IPv4", protocol="icmp", remote_ip_prefix="10.1.2.3/16")


def test_create_with_rules_and_status(client: BarrackClient) -> None:
    fw = client.firewalls.create(
        FirewallCreate(name="ct-fw", region="CANADA-1", description="web", rules=[R22, R443, PING])
    )
    assert fw.status == "SUCCESS"
    assert sorted(map(str, (r.canonical() for r in fw.rules))) == sorted(
        map(str, (r.canonical() for r in (R22, R443, PING)))
    )
    assert any(r.remote_ip_prefix == "10.1.0.0/16" for r in fw.rules)
    rules = client.firewalls.wait_for(fw.id, lambda f: all(r.status == "SUCCESS" for r in f.rules), timeout=10)
    assert len(rules.rules) == 3
    assert client.firewalls.find_by_name("ct-fw").id == fw.id  # type: ignore[union-attr]


def test_set_rules_converges(client: BarrackClient) -> None:
    fw = client.firewalls.create(FirewallCreate(name="ct-fw", region="CANADA-1", rules=[R22, PING]))
    out, changed = client.firewalls.set_rules(fw.id, [R443, R22])
    assert changed and {str(r.canonical()) for r in out.rules} == {str(R22.canonical()), str(R443.canonical())}
    again, changed = client.firewalls.set_rules(fw.id, [R22, R443])
    assert again.rules == out.rules and not changed  # no-op


def test_add_remove_rule(client: BarrackClient) -> None:
    fw = client.firewalls.create(FirewallCreate(name="ct-fw", region="CANADA-1"))
    client.firewalls.wait_for(fw.id, "SUCCESS", timeout=10)
    rule = client.firewalls.add_rule(fw.id, R22)
    assert rule.status in ("pending", "SUCCESS")
    client.firewalls.remove_rule(fw.id, rule.id)
    assert client.firewalls.get(fw.id).rules == []


def test_attach_full_list_and_delete_precondition(
    client: BarrackClient, make_instance: Callable[..., Instance]
) -> None:
    a, b = make_instance("vm-a"), make_instance("vm-b")
    fw = client.firewalls.create(FirewallCreate(name="ct-fw", region="CANADA-1"))
    client.firewalls.wait_for(fw.id, "SUCCESS", timeout=10)
    assert {i.id for i in client.firewalls.available_instances(fw.id)} == {a.id, b.id}
    client.firewalls.attach(fw.id, [a.id, b.id])
    done = client.firewalls.wait_for(fw.id, lambda f: all(x.status == "SUCCESS" for x in f.attachments), timeout=10)
    assert sorted(done.instance_ids) == sorted([a.id, b.id])
    assert [f.id for f in client.instances.firewalls(a.id)] == [fw.id]
    with pytest.raises(errors.APIError) as ei:
        client.firewalls.delete(fw.id)
    assert ei.value.status in (400, 409)
    assert client.firewalls.attach(fw.id, [b.id]).instance_ids == [b.id]  # sets the full list
    client.firewalls.attach(fw.id, [])
    client.firewalls.delete(fw.id)
    client.firewalls.wait_deleted(fw.id, timeout=10)


def test_attach_other_region_rejected(client: BarrackClient, make_instance: Callable[..., Instance]) -> None:
    inst = make_instance()
    fw = client.firewalls.create(FirewallCreate(name="ct-fw", region="FINLAND-1"))
    with pytest.raises(errors.APIError) as ei:
        client.firewalls.attach(fw.id, [inst.id])
    assert ei.value.status == 400


def test_quota_25_firewalls(client: BarrackClient, emulator: object) -> None:
    emulator.seed("firewall", 25, region="CANADA-1")  # type: ignore[attr-defined]
    with pytest.raises(errors.APIError) as ei:
        client.firewalls.create(FirewallCreate(name="one-too-many", region="CANADA-1"))
    assert ei.value.status in (400, 403, 409)
    assert client.firewalls.find_by_name("one-too-many") is None
    assert len(list(client.firewalls.list())) == 25
