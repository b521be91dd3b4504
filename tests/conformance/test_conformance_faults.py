"""The fault matrix of issue 7 through Ansible and Pulumi alike: 429 with and without Retry-After, 500, 502, 503,
504, drop-after-commit once and twice, and a slow answer, on the create, update, action and delete paths of SSH
keys, volumes, firewalls and instances. Each fault kind is one scenario (one playbook) in which every path meets the
fault once; both front-ends must leave the same server state, the expected one, with exactly one object each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conformance_harness import (
    PUBKEY,
    PUBKEY2,
    UBUNTU,
    Fault,
    Result,
    Scenario,
    Step,
    check_expected,
    check_faults_were_met,
    sort_rules,
)

pytestmark = [pytest.mark.ansible, pytest.mark.slow]

Conform = Callable[[Scenario], tuple[Result, Result]]

SLOW_SECONDS = 1.0
SLOW_TIMEOUT = "0.5"  # BARRACK_API_TIMEOUT of both front-ends in the slow scenario: each faulted request times out

# kind -> (add_fault keyword arguments, client environment)
FAULTS: dict[str, tuple[dict[str, Any], dict[str, str]]] = {
    "429": ({"kind": "status", "params": {"status": 429}}, {}),
    "429-retry-after": ({"kind": "status", "params": {"status": 429, "retry_after": 0.2}}, {}),
    "500": ({"kind": "status", "params": {"status": 500}}, {}),
    "502": ({"kind": "status", "params": {"status": 502}}, {}),
    "503": ({"kind": "status", "params": {"status": 503}}, {}),
    "504": ({"kind": "status", "params": {"status": 504}}, {}),
    "drop-after-commit": ({"kind": "drop_after_commit"}, {}),
    "drop-after-commit-x2": ({"kind": "drop_after_commit", "times": 2}, {}),
    "slow": ({"kind": "slow", "params": {"seconds": SLOW_SECONDS}}, {"BARRACK_API_TIMEOUT": SLOW_TIMEOUT}),
}

SSH = {"protocol": "tcp", "port_range_min": 22}
HTTPS = {"protocol": "tcp", "port_range_min": 443}
REGION = "FINLAND-1"  # advanced tier: volumes resize in place
VM = {"region": REGION, "gpu_model": "H100-SXM5-80GB", "gpu_count": 1, "image": UBUNTU, "ssh_keys": ["key-f"]}
VOL = {"region": REGION, "size_gb": 100, "volume_type": "NVMe"}

# The routes each path takes. The rule add is faulted right before the rules *update* (a Pulumi firewall adds its
# rules after the create, Ansible sends them with it). The delete paths use objects seeded before the run.
UPFRONT_ROUTES = [
    ("POST", "/ssh-keys/"),  # create
    ("POST", "/volumes/"),
    ("POST", "/firewalls/"),
    ("POST", "/instances/"),
    ("POST", "/volumes/{id}/resize/"),  # update
    ("POST", "/instances/{id}/stop/"),  # actions: attach with stop_if_needed = stop, attach, start
    ("POST", "/instances/{id}/attach-volumes/"),
    ("POST", "/instances/{id}/start/"),
    ("POST", "/firewalls/{id}/attach/"),
    ("DELETE", "/ssh-keys/{id}/"),  # delete
    ("DELETE", "/volumes/{id}/"),
    ("DELETE", "/firewalls/{id}/"),
    ("DELETE", "/instances/{id}/"),
]
RULES_ROUTE = ("POST", "/firewalls/{id}/rules/")
SEED = [
    ("ssh_keys", {"name": "del-key", "public_key": PUBKEY2}),
    ("volumes", {"name": "del-vol", "region": REGION, "volume_type": "NVMe"}),
    ("firewalls", {"name": "del-fw", "region": REGION}),
    ("instances", {"name": "del-vm", "region": REGION}),
]


def fault_scenario(name: str) -> Scenario:
    spec, env = FAULTS[name]

    def fault(method: str, route: str) -> Fault:
        return Fault(method, route, spec["kind"], spec.get("times", 1), spec.get("params", {}))

    return Scenario(
        f"faults-{name}",
        [
            Step("ssh_key", "key-f", {"public_key": PUBKEY}, faults=[fault(m, r) for m, r in UPFRONT_ROUTES]),
            Step("volume", "vol-f", VOL),
            Step("firewall", "fw-f", {"region": REGION, "rules": [SSH]}),
            Step("instance", "vm-f", {**VM, "power": "running"}),
            Step("volume", "vol-f", {**VOL, "size_gb": 200}),
            Step("firewall", "fw-f", {"region": REGION, "rules": [SSH, HTTPS]}, faults=[fault(*RULES_ROUTE)]),
            Step("volume_attachment", "", {"volume": "vol-f", "instance": "vm-f", "stop_if_needed": True}),
            Step("firewall_attachment", "fw-f", {"instances": ["vm-f"]}),
            Step("ssh_key", "del-key", state="absent"),
            Step("volume", "del-vol", {"region": REGION}, state="absent"),
            Step("firewall", "del-fw", state="absent"),
            Step("instance", "del-vm", state="absent"),
        ],
        env=env,
        seed=SEED,
    )


def rule(port: int) -> dict[str, Any]:
    return {
        "direction": "ingress",
        "ethertype": "IPv4",
        "protocol": "tcp",
        "port_range_min": port,
        "port_range_max": port,
        "remote_ip_prefix": "0.0.0.0/0",
        "status": "SUCCESS",
    }


EXPECTED: dict[str, dict[str, dict[str, Any]]] = {
    "ssh_keys": {"key-f": {"public_key": PUBKEY}},
    "volumes": {"vol-f": {"size_gb": 200, "status": "in-use", "attached_to": "vm-f", "volume_type": "NVMe"}},
    "firewalls": {
        "fw-f": {"status": "SUCCESS", "rules": sort_rules([rule(22), rule(443)]), "attachments": [("vm-f", "SUCCESS")]}
    },
    "instances": {
        "vm-f": {
            "status": "ACTIVE",
            "ssh_keys": ["key-f"],
            "volume_attachments": [("vol-f", "attached")],
            "firewalls": ["fw-f"],
        }
    },
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_fault_matrix_ends_in_the_same_state_with_one_object_each(conform: Conform, fault: str) -> None:
    results = conform(fault_scenario(fault))
    for result in results:
        check_expected(result, EXPECTED)
        check_faults_were_met(result, FAULTS[fault][0].get("times", 1))
