"""plan / apply against the emulator over HTTP: plans send nothing, apply sends exactly the plan's steps in the
spec's order (read from the emulator's request log), creates go through plan / apply too, and name references are
resolved without a 404 probe."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from client_contract_support import ED25519

from shared_client import BarrackClient, errors
from shared_client.models import FirewallCreate, Instance, InstanceCreate, ScriptCreate, SshKeyCreate, VolumeCreate
from shared_client.models.relations import FirewallAttachmentCreate, SecurityRuleCreate, VolumeAttachmentCreate
from shared_client.plan import KNOWN_AFTER_APPLY, Action

SSH = {"protocol": "tcp", "port_range_min": 22}
HTTPS = {"protocol": "tcp", "port_range_min": 443}


def writes(emulator: Any) -> list[str]:
    return [f"{r['method']} {r['route']}" for r in emulator.request_log() if r["method"] != "GET"]


def _volume(client: BarrackClient, name: str) -> str:
    v = client.volumes.create(VolumeCreate(name=name, region="CANADA-1", size_gb=100, volume_type="SSD"))
    return client.volumes.wait_ready(v.id, timeout=10).id


def _desired(inst: Instance, key_id: str, **values: Any) -> InstanceCreate:
    return InstanceCreate(
        name=str(inst.name), region="CANADA-1", gpu_model="RTX-A6000", gpu_count=1, image=str(inst.image),
        ssh_key_ids=[key_id], **values,
    )  # fmt: skip


def test_the_instance_update_runs_the_plan_steps_in_the_spec_order(
    emulator: Any, client: BarrackClient, key_id: str, make_instance: Callable[..., Instance]
) -> None:
    inst = make_instance("pa-vm")
    vid = _volume(client, "pa-vol")
    fw = client.firewalls.create(FirewallCreate(name="pa-fw", region="CANADA-1"))
    client.firewalls.wait_ready(fw.id, timeout=10)
    current = client.instances.get(inst.id)
    desired = _desired(
        inst, key_id, volume_ids=[vid], firewall_ids=[fw.id], security_rules=[SSH], public_ip=False,
        power_state="hibernated",
    )  # fmt: skip
    emulator.clear_log()
    plan = client.instances.plan(current, desired, stop_if_needed=True)
    assert emulator.request_log() == []  # planning sends nothing
    assert [s.name for s in plan.steps] == ["volumes", "firewalls", "security_rules", "public_ip", "power"]
    obj, changed = client.instances.apply(inst.id, plan, timeout=60)
    assert changed and obj.status == "HIBERNATED"
    assert writes(emulator) == [
        "POST /instances/{id}/stop/",  # the volume step stops the running instance ...
        "POST /instances/{id}/attach-volumes/",
        "POST /instances/{id}/start/",  # ... and restores it
        "POST /firewalls/{id}/attach/",
        "POST /instances/{id}/security-rules/",
        "POST /instances/{id}/toggle-public-ip/",
        "POST /instances/{id}/hibernate/",
    ]
    final = client.instances.get(inst.id)
    assert final.volume_ids == [vid] and final.firewall_ids == [fw.id] and not final.public_ip
    again = client.instances.plan(final, desired)
    assert again.action is Action.NONE, again.changes


def test_a_refused_volume_step_changes_nothing(
    emulator: Any, client: BarrackClient, key_id: str, make_instance: Callable[..., Instance]
) -> None:
    inst = make_instance("pa-vm")
    vid = _volume(client, "pa-vol")
    plan = client.instances.plan(
        client.instances.get(inst.id), _desired(inst, key_id, volume_ids=[vid], public_ip=False)
    )
    emulator.clear_log()
    with pytest.raises(errors.InvalidState) as err:
        client.instances.apply(inst.id, plan, timeout=30)
    assert "stop_if_needed" in err.value.field_errors
    assert writes(emulator) == []  # the public IP step after it never ran
    assert client.instances.get(inst.id).public_ip


def test_create_through_plan_and_apply_for_every_named_kind(emulator: Any, client: BarrackClient) -> None:
    for sub, desired in [
        (client.ssh_keys, SshKeyCreate(name="pa-key", public_key=ED25519)),
        (client.volumes, VolumeCreate(name="pa-vol", region="FINLAND-1", size_gb=100, volume_type="NVMe")),
        (client.firewalls, FirewallCreate(name="pa-fw", region="FINLAND-1", rules=[SSH])),
        (client.scripts, ScriptCreate(name="pa-script", content="echo hi")),
    ]:
        plan = sub.plan(None, desired)  # type: ignore[attr-defined]
        assert plan.action is Action.CREATE and plan.preview().id == KNOWN_AFTER_APPLY
        obj, changed = sub.apply(None, plan, timeout=30)  # type: ignore[attr-defined]
        assert changed and obj.id != KNOWN_AFTER_APPLY
        assert sub.plan(sub.get(obj.id), desired).action is Action.NONE  # type: ignore[attr-defined]
    assert client.firewalls.find_by_name("pa-fw") is not None
    fw = client.firewalls.find_by_name("pa-fw")
    assert fw is not None and [r.status for r in fw.rules] == ["SUCCESS"]


def test_firewall_rule_update_sends_only_the_added_rule(emulator: Any, client: BarrackClient) -> None:
    desired = FirewallCreate(name="pa-fw", region="FINLAND-1", rules=[SSH])
    fw, _ = client.firewalls.apply(None, client.firewalls.plan(None, desired), timeout=30)
    more = FirewallCreate(name="pa-fw", region="FINLAND-1", rules=[SSH, HTTPS])
    plan = client.firewalls.plan(client.firewalls.get(fw.id), more)
    [change] = plan.changes
    assert len(change.added) == 1 and change.removed == ()
    emulator.clear_log()
    client.firewalls.apply(fw.id, plan, timeout=30)
    assert writes(emulator) == ["POST /firewalls/{id}/rules/"]


def test_volume_resize_and_script_update_through_apply(emulator: Any, client: BarrackClient) -> None:
    vol, _ = client.volumes.apply(
        None,
        client.volumes.plan(None, VolumeCreate(name="pa-vol", region="FINLAND-1", size_gb=100, volume_type="NVMe")),
    )
    bigger = VolumeCreate(name="pa-vol", region="FINLAND-1", size_gb=150, volume_type="NVMe")
    emulator.clear_log()
    out = client.volumes.apply(vol.id, client.volumes.plan(client.volumes.get(vol.id), bigger), timeout=30)
    assert out.changed and out.obj.size_gb == 150 and writes(emulator) == ["POST /volumes/{id}/resize/"]
    script, _ = client.scripts.apply(None, client.scripts.plan(None, ScriptCreate(name="pa-s", content="echo 1")))
    emulator.clear_log()
    new = ScriptCreate(name="pa-s", content="echo 2")
    out2 = client.scripts.apply(script.id, client.scripts.plan(client.scripts.get(script.id), new))
    assert out2.changed and out2.obj.content == "echo 2" and writes(emulator) == ["PUT /scripts/{id}/"]


def test_relation_kinds_through_plan_and_apply(
    emulator: Any, client: BarrackClient, make_instance: Callable[..., Instance]
) -> None:
    inst = make_instance("pa-vm")
    vid = _volume(client, "pa-vol")
    att = client.volume_attachments
    plan = att.plan(None, VolumeAttachmentCreate(instance_id=inst.id, volume_id=vid), stop_if_needed=True)
    got, changed = att.apply(None, plan, timeout=60)
    assert changed and got.resource_id == f"{inst.id}/{vid}" and att.get(got.resource_id).volume_id == vid
    assert att.wait_for(got.resource_id, lambda a: a.status == "in-use", timeout=10).volume_id == vid
    with pytest.raises(errors.ConfigurationError, match="cannot be listed"):
        att.list()
    assert client.instances.get(inst.id).status == "ACTIVE"
    assert att.delete(got.resource_id, stop_if_needed=True, wait=True)
    with pytest.raises(errors.NotFound):
        att.get(got.resource_id)

    fw = client.firewalls.create(FirewallCreate(name="pa-fw", region="CANADA-1"))
    members = client.firewall_attachments
    current = members.get(fw.id)
    plan2 = members.plan(current, FirewallAttachmentCreate(firewall_id=fw.id, instance_ids=[inst.id]))
    assert [c.step for c in plan2.changes] == ["instances"]
    members.apply(fw.id, plan2, timeout=30)
    assert members.get(fw.id).instance_ids == [inst.id]

    rules = client.security_rules
    want = SecurityRuleCreate(instance_id=inst.id, **HTTPS)
    assert rules.find(want) is None
    rule, _ = rules.apply(None, rules.plan(None, want), timeout=30)
    assert rules.find(want) is not None and rules.get(rule.resource_id).port_range_min == 443
    assert rules.delete(rule.resource_id) and rules.find(want) is None


def test_deleting_a_relation_that_is_gone(client: BarrackClient, make_instance: Callable[..., Instance]) -> None:
    """A firewall attachment or security rule already gone: False, or NotFound with ``missing_ok=False``."""
    inst = make_instance("pa-vm")
    rules = client.security_rules
    rule, _ = rules.apply(None, rules.plan(None, SecurityRuleCreate(instance_id=inst.id, **SSH)), timeout=30)
    assert rules.delete(rule.resource_id) is True
    assert rules.delete(rule.resource_id) is False
    with pytest.raises(errors.NotFound):
        rules.delete(rule.resource_id, missing_ok=False)

    fw = client.firewalls.create(FirewallCreate(name="pa-fw", region="CANADA-1"))
    members = client.firewall_attachments
    members.apply(
        fw.id, members.plan(members.get(fw.id), FirewallAttachmentCreate(firewall_id=fw.id, instance_ids=[inst.id]))
    )
    assert members.delete(fw.id, timeout=30) is True and members.get(fw.id).instance_ids == []
    assert client.firewalls.delete(fw.id, wait=True, timeout=30)
    assert members.delete(fw.id) is False
    with pytest.raises(errors.NotFound):
        members.delete(fw.id, missing_ok=False)


@pytest.mark.parametrize(
    ("kind", "make"),
    [
        ("ssh_keys", lambda c: c.ssh_keys.create(SshKeyCreate(name="pa-operator", public_key=ED25519))),
        ("scripts", lambda c: c.scripts.create(ScriptCreate(name="pa-boot", content="echo hi"))),
        (
            "volumes",
            lambda c: c.volumes.create(
                VolumeCreate(name="pa-data", region="FINLAND-1", size_gb=100, volume_type="NVMe")
            ),
        ),
        ("firewalls", lambda c: c.firewalls.create(FirewallCreate(name="pa-fw", region="FINLAND-1"))),
    ],
)
def test_a_name_reference_costs_no_404(emulator: Any, client: BarrackClient, kind: str, make: Any) -> None:
    made = make(client)
    emulator.clear_log()
    found = getattr(client, kind).resolve(made.name)
    assert found.id == made.id
    log = emulator.request_log()
    assert [r["status"] for r in log if r["status"] == 404] == []
    assert [f"{r['method']} {r['route']}" for r in log] == [f"GET /{kind.replace('_', '-')}/"]
    emulator.clear_log()
    assert getattr(client, kind).resolve(made.id).id == made.id  # an id is read directly
    assert [r["route"] for r in emulator.request_log()] == [f"/{kind.replace('_', '-')}/{{id}}/"]


def test_an_instance_name_reference_costs_no_404(
    emulator: Any, client: BarrackClient, make_instance: Callable[..., Instance]
) -> None:
    inst = make_instance("pa-vm")
    emulator.clear_log()
    assert client.instances.resolve("pa-vm").id == inst.id
    assert [r["status"] for r in emulator.request_log()] == [200]
    with pytest.raises(errors.NotFound):
        client.instances.resolve("nothing-here")
