"""Lifecycle of each resource kind through Ansible and Pulumi: the same server state, and the expected one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conformance_harness import (
    PUBKEY,
    PUBKEY2,
    UBUNTU,
    Result,
    Scenario,
    Step,
    check_expected,
    sort_rules,
)

pytestmark = [pytest.mark.ansible, pytest.mark.slow]

Conform = Callable[[Scenario], tuple[Result, Result]]

KEY = Step("ssh_key", "key-a", {"public_key": PUBKEY})
LEGACY_VM = {"region": "CANADA-1", "gpu_model": "RTX-A6000", "gpu_count": 1, "image": UBUNTU, "ssh_keys": ["key-a"]}
SSH_RULE = {
    "direction": "ingress",
    "ethertype": "IPv4",
    "protocol": "tcp",
    "port_range_min": 22,
    "port_range_max": 22,
    "remote_ip_prefix": "0.0.0.0/0",
}


def rule(**fields: Any) -> dict[str, Any]:
    """A rule as the server stores it (defaults filled in by the client, applied: SUCCESS)."""
    return {**SSH_RULE, "status": "SUCCESS", **fields}


def check_both(results: tuple[Result, Result], expected: dict[str, dict[str, dict[str, Any]]]) -> None:
    for result in results:
        check_expected(result, expected)


# The rule-default cases of issue 7: a rule with only direction, protocol and ports (no remote_ip_prefix, no
# ethertype), one with only the first port, one with no ports; both front-ends accept them and the server ends
# with the same rules, defaults filled in.
PARTIAL_RULES = [
    {"direction": "ingress", "protocol": "tcp", "port_range_min": 22, "port_range_max": 22},
    {"protocol": "tcp", "port_range_min": 443},
    {"protocol": "icmp"},
    {"direction": "egress", "ethertype": "IPv6", "protocol": "udp", "port_range_min": 53},
]
UPDATED_RULES = [
    PARTIAL_RULES[0],
    {"protocol": "tcp", "port_range_min": 443, "port_range_max": 443, "remote_ip_prefix": "0.0.0.0/0"},
    {"protocol": "tcp", "port_range_min": 8080, "port_range_max": 8090, "remote_ip_prefix": "10.1.2.3/8"},
]


DEFAULTED_RULES = sort_rules(
    [
        rule(),
        rule(port_range_min=443, port_range_max=443),
        rule(protocol="icmp", port_range_min=None, port_range_max=None),
        rule(
            direction="egress",
            ethertype="IPv6",
            protocol="udp",
            port_range_min=53,
            port_range_max=53,
            remote_ip_prefix="::/0",
        ),
    ]
)
SCRIPT_A = {"content": "#!/bin/sh\necho one\n", "description": "first"}
VOL = {"region": "FINLAND-1", "size_gb": 100, "volume_type": "NVMe"}
FW = {"region": "CANADA-1"}

# Keys, scripts, volumes (incl. resize), firewalls with the rule-default cases: one playbook.
SIMPLE_KINDS = Scenario(
    "simple-kinds",
    [
        KEY,
        KEY,  # unchanged: nothing to do
        Step("ssh_key", "key-b", {"public_key": PUBKEY2}),
        Step("ssh_key", "key-b", state="absent"),
        Step("ssh_key", "key-b", state="absent"),  # already gone
        Step("script", "script-a", SCRIPT_A),
        Step("script", "script-a", {"content": "#!/bin/sh\necho two\n", "description": "second"}),
        Step("script", "script-b", {"content": "#!/bin/sh\nexit 0\n"}),
        Step("script", "script-b", state="absent"),
        Step("volume", "vol-a", VOL),
        Step("volume", "vol-a", {**VOL, "size_gb": 250}),
        Step("volume", "vol-a", {**VOL, "size_gb": 250}),  # unchanged
        Step("volume", "vol-b", {"region": "FINLAND-1", "size_gb": 300, "volume_type": "HDD"}),
        Step("volume", "vol-b", {"region": "FINLAND-1"}, state="absent"),
        Step("firewall", "fw-d", {**FW, "rules": PARTIAL_RULES}),  # the defaults, as created
        Step("firewall", "fw-a", {**FW, "rules": PARTIAL_RULES}),
        Step("firewall", "fw-a", {**FW, "rules": list(reversed(PARTIAL_RULES))}),  # a set: unchanged
        Step("firewall", "fw-a", {**FW, "rules": UPDATED_RULES}),  # one removed, one added, one respelled
        Step("firewall", "fw-b", {**FW, "rules": [{"protocol": "tcp", "port_range_min": 80}]}),
        Step("firewall", "fw-b", state="absent"),
    ],
)


def test_keys_scripts_volumes_firewalls_lifecycle(conform: Conform) -> None:
    results = conform(SIMPLE_KINDS)
    check_both(
        results,
        {
            "ssh_keys": {"key-a": {"public_key": PUBKEY}},
            "scripts": {"script-a": {"content": "#!/bin/sh\necho two\n", "description": "second"}},
            "volumes": {"vol-a": {"size_gb": 250, "status": "available", "volume_type": "NVMe", "tier": "advanced"}},
            "firewalls": {
                "fw-d": {"status": "SUCCESS", "rules": DEFAULTED_RULES},
                "fw-a": {
                    "status": "SUCCESS",
                    "rules": sort_rules(
                        [
                            rule(),
                            rule(port_range_min=443, port_range_max=443),
                            rule(port_range_min=8080, port_range_max=8090, remote_ip_prefix="10.0.0.0/8"),
                        ]
                    ),
                },
            },
        },
    )


LEGACY_VOL = {"region": "CANADA-1", "size_gb": 100, "volume_type": "SSD"}
VM_RULES = [PARTIAL_RULES[0], {"protocol": "icmp"}]  # instance security rules: the same defaults
ATTACH = {"volume": "vol-a", "instance": "vm-a", "stop_if_needed": True}

# Instances (create, stop, start, create stopped, delete), volume attachments with stop_if_needed, and a
# teardown in dependency order: one playbook.
INSTANCES = Scenario(
    "instances-attachments",
    [
        KEY,
        Step("instance", "vm-a", {**LEGACY_VM, "power": "running"}),
        Step("instance", "vm-a", {**LEGACY_VM, "power": "stopped"}),
        Step("instance", "vm-a", {**LEGACY_VM, "power": "stopped"}),  # unchanged
        Step("instance", "vm-a", {**LEGACY_VM, "power": "running", "security_rules": VM_RULES}),  # rules in place
        Step("instance", "vm-s", {**LEGACY_VM, "power": "stopped", "security_rules": VM_RULES[:1]}),  # at create
        Step("volume", "vol-a", LEGACY_VOL),
        Step("volume", "vol-s", LEGACY_VOL),
        Step("volume_attachment", "", ATTACH),  # running: stopped, attached, started again
        Step("volume_attachment", "", ATTACH),  # unchanged
        Step("volume_attachment", "", {"volume": "vol-s", "instance": "vm-s"}),  # stopped: no stop needed
        Step("volume", "vol-b", LEGACY_VOL),
        Step("volume_attachment", "", {**ATTACH, "volume": "vol-b"}),
        Step("volume_attachment", "", {**ATTACH, "volume": "vol-b"}, state="absent"),
        Step("volume", "vol-b", LEGACY_VOL, state="absent"),
        Step("ssh_key", "key-t", {"public_key": PUBKEY2}),
        Step("instance", "vm-t", {**LEGACY_VM, "ssh_keys": ["key-t"], "power": "running"}),
        Step("instance", "vm-t", state="absent"),
        Step("ssh_key", "key-t", state="absent"),  # usable once its instance is gone
    ],
)


def test_instances_power_attachments_and_teardown(conform: Conform) -> None:
    results = conform(INSTANCES)
    check_both(
        results,
        {
            "ssh_keys": {"key-a": {}},
            "volumes": {
                "vol-a": {"status": "in-use", "attached_to": "vm-a"},
                "vol-s": {"status": "in-use", "attached_to": "vm-s"},
            },
            "instances": {
                "vm-a": {
                    "status": "ACTIVE",
                    "ssh_keys": ["key-a"],
                    "ip_status": "assigned",
                    "volume_attachments": [("vol-a", "attached")],
                    "security_rules": sort_rules(
                        [rule(), rule(protocol="icmp", port_range_min=None, port_range_max=None)]
                    ),
                },
                "vm-s": {
                    "status": "SHUTOFF",
                    "volume_attachments": [("vol-s", "attached")],
                    "security_rules": [rule()],
                },
            },
        },
    )
