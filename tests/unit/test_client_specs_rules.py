"""Resource specs, the applied/settled predicates and the one set of rule defaults."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from shared_client import SPECS, errors, rule_with_defaults, rules, specs
from shared_client.models import Firewall, Instance, RuleSpec, Volume
from shared_client.models.rule import rule_specs


def test_every_kind_has_a_spec_with_its_fields() -> None:
    assert set(SPECS) == {
        *("instances", "volumes", "firewalls", "ssh_keys", "scripts", "snapshots", "images"),
        *("volume_attachments", "firewall_attachments", "security_rules"),
    }
    inst = SPECS["instances"]
    assert "gpu_model" in inst.create_only and "public_ip" in inst.updatable and inst.name_scope == "account"
    assert SPECS["volumes"].name_scope == "region" and "size_gb" in SPECS["volumes"].updatable
    assert inst.is_busy("STOPPING") and not inst.is_busy("ERROR") and inst.is_failed("ERROR")
    assert SPECS["ssh_keys"].is_ready(None)  # no status to wait for
    assert inst.wire_names["name"] == "vm_name" and inst.model.__name__ == "Instance"
    assert inst.secret == {"cloud_init"} and {"security_rules", "volume_ids"} <= inst.order_insensitive
    assert inst.create_only | inst.updatable == set(inst.create_model.model_fields)


@pytest.mark.parametrize("state,status", [("running", "ACTIVE"), ("stopped", "SHUTOFF"), ("hibernated", "HIBERNATED")])
def test_power_words(state: str, status: str) -> None:
    assert specs.status_of(state) == status and specs.power_state(status) == state
    assert specs.power_applied(Instance(instance_id="i", status=status), state)


def test_unknown_power_state_names_the_field() -> None:
    with pytest.raises(errors.ValidationError) as ei:
        specs.status_of("sleeping")
    assert "state" in ei.value.field_errors
    assert specs.power_state("STARTING") is None


def test_public_ip_is_decided_from_the_address() -> None:
    on = Instance(instance_id="i", ip_address="203.0.113.7", ip_status="assigned")
    off = Instance(instance_id="i", ip_address=None, ip_status="unassigned")
    assert specs.public_ip_applied(on, True) and specs.public_ip_applied(off, False)
    assert not specs.public_ip_applied(on, False)


def _rule(rid: str, port: int, status: str | None = "SUCCESS") -> dict[str, Any]:
    return {"id": rid, **RuleSpec(protocol="tcp", port_range_min=port).to_body(), "status": status}


def test_rules_applied_needs_every_rule_done_and_the_set_equal() -> None:
    have = [_rule("1", 22), _rule("2", 443)]
    assert rules.rules_applied(
        have, [{"protocol": "tcp", "port_range_min": 22}, {"protocol": "tcp", "port_range_min": 443}]
    )
    assert not rules.rules_applied(have, [{"protocol": "tcp", "port_range_min": 22}])
    assert rules.rules_applied(have, [{"protocol": "tcp", "port_range_min": 22}], purge=False)
    assert not rules.rules_applied([_rule("1", 22, "pending")], [{"protocol": "tcp", "port_range_min": 22}])


def test_attachment_predicates() -> None:
    vol = Volume(id="5", attached_to="BRK-1D", status="in-use")
    assert specs.attachment_applied(vol, "BRK-1D", True) and not specs.attachment_applied(vol, "BRK-1D", False)
    fw = Firewall(id="3", attachments=[{"instance_id": "BRK-1D", "status": "SUCCESS"}])
    assert specs.firewall_attached(fw, ["BRK-1D"]) and not specs.firewall_attached(fw, [])
    with pytest.raises(errors.ResourceFailed):
        specs.firewall_attached(Firewall(id="3", attachments=[{"instance_id": "x", "status": "ERROR"}]), ["x"])


@dataclasses.dataclass
class RuleArgsLike:  # what Pulumi's RuleArgs looks like
    direction: str | None = None
    protocol: str | None = "tcp"
    port_range_min: int | None = None
    port_range_max: int | None = None
    ethertype: str | None = None
    remote_ip_prefix: str | None = None


@pytest.mark.parametrize(
    "given",
    [
        {"protocol": "tcp", "port_range_min": 22},
        {"direction": "ingress", "protocol": "tcp", "port_range_min": 22, "port_range_max": 22},
        RuleArgsLike(direction="ingress", port_range_min=22, port_range_max=22),
        {"protocol": "TCP", "port_range_min": "22", "ethertype": "IPv4", "remote_ip_prefix": "0.0.0.0/0"},
    ],
)
def test_one_set_of_rule_defaults(given: Any) -> None:
    want = {
        "direction": "ingress",
        "ethertype": "IPv4",
        "protocol": "tcp",
        "port_range_min": 22,
        "port_range_max": 22,
        "remote_ip_prefix": "0.0.0.0/0",
    }
    assert RuleSpec.model_validate(rule_with_defaults(given)).to_body() == want
    assert rules.canonical(RuleSpec.model_validate(rule_with_defaults(given))) == want


def test_ipv6_default_prefix_and_portless_protocols() -> None:
    assert rule_with_defaults({"protocol": "icmp", "ethertype": "IPv6"})["remote_ip_prefix"] == "::/0"
    assert "port_range_max" not in rule_with_defaults({"protocol": "icmp"})


def test_validate_rules_reports_every_problem_with_its_index() -> None:
    with pytest.raises(errors.ValidationError) as ei:
        rule_specs([{"protocol": "tcp"}, {"port_range_min": 22}, {"protocol": "tcp", "port_range_min": 0}])
    assert {"rules.1.protocol", "rules.2.port_range_min"} <= set(ei.value.field_errors)
    assert not any(k.startswith("rules.0") for k in ei.value.field_errors)


def test_rule_options_mirror_the_defaults() -> None:
    assert rules.RULE_OPTIONS["direction"]["default"] == "ingress"
    assert rules.RULE_OPTIONS["protocol"]["required"] is True
    assert set(rules.RULE_OPTIONS) == set(RuleSpec.model_fields)
