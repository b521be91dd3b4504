"""Check mode predicts what the real run returns (issue 16 items 5 and 6): the predicted object carries placeholders
for what only the server assigns, and the firewall's --check --diff shows the same change as the real run's diff."""

from __future__ import annotations

import pytest

from shared_client.plan import KNOWN_AFTER_APPLY
from shared_client.rules import canonical

pytestmark = pytest.mark.ansible

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl test@example"
IMAGE = "Ubuntu Server 22.04 LTS R535 CUDA 12.2"
SSH = {"protocol": "tcp", "port_range_min": 22}
HTTPS = {"protocol": "tcp", "port_range_min": 443}
ICMP = {"protocol": "icmp"}
VOLUME = {"name": "pred-vol", "region": "CANADA-1", "size_gb": 100, "volume_type": "SSD"}


def test_check_mode_returns_the_predicted_instance_with_placeholders(ansible_run, writes):
    instance = {"name": "pred-1", "region": "CANADA-1", "gpu_model": "RTX-A6000", "gpu_count": 1, "image": IMAGE,
                "ssh_keys": ["pred-key"], "public_ip": True}  # fmt: skip
    run = ansible_run(
        [
            {"name": "key", "barrack.cloud.ssh_key": {"name": "pred-key", "public_key": KEY}},
            {"name": "vm", "barrack.cloud.instance": instance, "check_mode": True, "register": "vm"},
            {"name": "use", "ansible.builtin.debug": {"msg": "{{ vm.barrack_instance.ip_address }}"}},
            {"name": "volume", "barrack.cloud.volume": VOLUME, "check_mode": True},
        ]
    )
    predicted = run["vm"]["barrack_instance"]
    assert predicted["instance_id"] == KNOWN_AFTER_APPLY and predicted["ip_address"] == KNOWN_AFTER_APPLY
    assert predicted["vm_name"] == "pred-1" and predicted["status"] == "ACTIVE"
    assert predicted["specs"]["gpu_type"] == "RTX-A6000"
    assert run["use"]["msg"] == KNOWN_AFTER_APPLY  # a later task can read it under --check
    assert run["volume"]["barrack_volume"]["id"] == KNOWN_AFTER_APPLY
    assert writes() == 1  # the SSH key only


def _rules(side):
    return sorted(((repr(sorted(canonical(r).items())), r.get("id")) for r in side["rules"]), key=repr)


def test_firewall_check_diff_equals_the_real_diff(ansible_run):
    base = {"name": "pred-fw", "region": "CANADA-1"}
    add = {"name": "pred-fw", "rules": [ICMP], "purge_rules": False}
    run = ansible_run(
        [
            {"name": "create", "barrack.cloud.firewall": dict(base, rules=[SSH, HTTPS])},
            {"name": "add (check)", "barrack.cloud.firewall": add, "check_mode": True, "diff": True},
            {"name": "add", "barrack.cloud.firewall": add, "diff": True},
        ]
    )
    check, real = run["add (check)"].diff, run["add"].diff
    assert _rules(check["before"]) == _rules(real["before"])
    before = set(_rules(check["before"]))
    check_added = [r for r in _rules(check["after"]) if r not in before]
    real_added = [r for r in _rules(real["after"]) if r not in before]
    # one rule added, the others unchanged (ids and statuses kept) - in both diffs
    assert len(check_added) == len(real_added) == 1
    assert set(_rules(check["after"])) - set(check_added) == before == set(_rules(real["after"])) - set(real_added)
    assert check_added[0][0] == real_added[0][0] and check_added[0][1] == KNOWN_AFTER_APPLY
