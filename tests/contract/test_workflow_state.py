"""Power state, public IP, rule sync, resize and create preflight through the client's workflows (emulator)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from client_contract_support import UBUNTU

from shared_client import BarrackClient, errors, rules, specs
from shared_client.models import Instance

SSH = {"protocol": "tcp", "port_range_min": 22}
HTTPS = {"protocol": "tcp", "port_range_min": 443}


@pytest.mark.parametrize(
    "start,target,changed",
    [
        ("running", "running", False),
        ("running", "stopped", True),
        ("running", "hibernated", True),
        ("stopped", "hibernated", True),
        ("hibernated", "stopped", True),
        ("hibernated", "running", True),
    ],
)
def test_ensure_power_state_reports_changes(
    client: BarrackClient, make_instance: Callable[..., Instance], start: str, target: str, changed: bool
) -> None:
    iid = make_instance("ps-vm").id
    client.instances.ensure_power_state(iid, start, timeout=10)  # type: ignore[arg-type]
    inst, did = client.instances.ensure_power_state(iid, target, timeout=10)  # type: ignore[arg-type]
    assert did is changed and specs.power_applied(inst, target)
    assert client.instances.ensure_power_state(iid, target, timeout=10).changed is False  # type: ignore[arg-type]


def test_restart_from_every_stable_state(client: BarrackClient, make_instance: Callable[..., Instance]) -> None:
    iid = make_instance("ps-vm").id
    for state in specs.POWER_STATES:
        client.instances.ensure_power_state(iid, state, timeout=10)
        inst, changed = client.instances.restart(iid, timeout=10)
        assert changed and inst.status == "ACTIVE"


def test_set_public_ip_is_idempotent(
    emulator: Any, client: BarrackClient, make_instance: Callable[..., Instance]
) -> None:
    iid = make_instance("ip-vm").id
    inst, changed = client.instances.set_public_ip(iid, False, timeout=10)
    assert changed and not inst.public_ip and specs.public_ip_applied(inst, False)
    emulator.clear_log()
    assert client.instances.set_public_ip(iid, False, timeout=10).changed is False
    assert emulator.request_counts()["POST /instances/{id}/toggle-public-ip/"] == 0
    inst, changed = client.instances.set_public_ip(iid, True, timeout=10)
    assert changed and inst.public_ip


def test_security_rules_sync_adds_before_it_removes(
    emulator: Any, client: BarrackClient, make_instance: Callable[..., Instance]
) -> None:
    iid = make_instance("rule-vm").id
    inst, changed = client.instances.set_security_rules(iid, [SSH], timeout=10)
    assert changed and rules.rules_applied(inst.security_rules, [SSH])
    emulator.clear_log()
    inst, changed = client.instances.set_security_rules(iid, [HTTPS], timeout=10)
    writes = [r["method"] for r in emulator.request_log() if r["method"] != "GET"]
    assert changed and writes == ["POST", "DELETE"]  # never a moment without any rule
    assert [r.canonical()["port_range_min"] for r in inst.security_rules] == [443]
    inst, changed = client.instances.set_security_rules(iid, [SSH], purge=False, timeout=10)
    assert changed and sorted(r.port_range_min or 0 for r in inst.security_rules) == [22, 443]
    assert client.instances.set_security_rules(iid, [SSH, HTTPS], timeout=10).changed is False


def test_firewall_rule_defaults_are_the_same_for_every_spelling(client: BarrackClient) -> None:
    fw = client.firewalls.create(name="fw", region="CANADA-1")
    spellings = [
        [{"direction": "ingress", "port_range_min": 22, "port_range_max": 22, "protocol": "tcp"}],
        [{"protocol": "tcp", "port_range_min": 22}],
        [{"protocol": "TCP", "port_range_min": 22, "ethertype": "IPv4", "remote_ip_prefix": "0.0.0.0/0"}],
    ]
    first, changed = client.firewalls.set_rules(fw.id, spellings[0], timeout=10)
    assert changed and [r.canonical() for r in first.rules] == [
        {
            "direction": "ingress",
            "ethertype": "IPv4",
            "protocol": "tcp",
            "port_range_min": 22,
            "port_range_max": 22,
            "remote_ip_prefix": "0.0.0.0/0",
        }
    ]
    for spelling in spellings[1:]:
        assert client.firewalls.set_rules(fw.id, spelling, timeout=10).changed is False


def test_resize_workflow(client: BarrackClient) -> None:
    vol = client.volumes.create(name="grow", region="FINLAND-1", size_gb="100", volume_type="NVMe")
    client.volumes.wait_ready(vol.id, timeout=10)
    out, changed = client.volumes.resize(vol.id, 250.0, wait=True, timeout=10)
    assert changed and out.size_gb == 250 and client.volumes.spec.is_ready(out.status)
    assert client.volumes.resize(vol.id, 250, timeout=10).changed is False
    with pytest.raises(errors.ValidationError, match="only grow"):
        client.volumes.resize(vol.id, 200)


def test_preflight_reports_cost_and_refuses_out_of_stock_and_low_balance(
    emulator: Any, client: BarrackClient, key_id: str
) -> None:
    req = dict(
        name="big",
        region="CANADA-1",
        gpu_model="H100-PCIe-NVLink-80GB",
        gpu_count=8,
        image=UBUNTU,
        ssh_key_ids=[key_id],
    )
    pf = client.instances.preflight(**req)
    assert pf.in_stock and pf.ok and pf.hourly_cost > 0 and pf.currency
    for i in range(3):  # the emulator starts with three 8x machines
        client.instances.create(**{**req, "name": f"big-{i}"}, preflight=True)
    pf = client.instances.preflight(**req)
    assert not pf.in_stock and pf.alternatives and pf.alternatives[0].gpu_model == "H100-PCIe-NVLink-80GB"
    emulator.clear_log()
    with pytest.raises(errors.OutOfStock) as ei:
        client.instances.create(**req, preflight=True)
    assert ei.value.field == "gpu_count" and ei.value.alternatives
    emulator.configure(balance=0.5)
    small = {**req, "gpu_model": "RTX-A6000", "gpu_count": 1}
    with pytest.raises(errors.BalanceTooLow) as low:
        client.instances.create(**small, preflight=True)
    assert low.value.balance <= 0.5 and low.value.needed >= 1.0
    assert [r["method"] for r in emulator.request_log() if r["method"] != "GET" and "pricing" not in r["path"]] == []
