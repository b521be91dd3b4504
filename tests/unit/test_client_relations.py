"""The security-rule relation sub-client over a scripted API: delete waits for the rule to go, and a create plan
made without a look-up (``adopt_concurrent=False``) never takes over a concurrent run's identical rule."""

from __future__ import annotations

from typing import Any

import pytest
from client_fakes import FakeAPI, err, instance, make_client, ok

from shared_client import errors

IID = "BRK-100001D"
SSH: dict[str, Any] = {
    "direction": "ingress",
    "protocol": "tcp",
    "ethertype": "IPv4",
    "port_range_min": 22,
    "port_range_max": 22,
    "remote_ip_prefix": "0.0.0.0/0",
}


def with_rules(*ids: str) -> Any:
    return ok(instance(id=IID, security_rules=[{"id": i, **SSH, "status": "SUCCESS"} for i in ids]))


def test_delete_with_wait_polls_until_the_rule_is_gone() -> None:
    api = FakeAPI().on("GET", "/instances/{id}/", with_rules("31"), with_rules("31"), with_rules())
    api.on("DELETE", "/instances/{id}/security-rules/{rule_id}/", ok({}))
    with make_client(api) as c:
        assert c.security_rules.delete(f"{IID}/31", wait=True, timeout=5)
    assert api.count("DELETE") == 1 and api.count("GET") == 3


@pytest.mark.parametrize("adopt", [True, False])
def test_create_plan_adopts_a_concurrent_twin_only_when_asked(adopt: bool) -> None:
    api = FakeAPI().on("GET", "/instances/{id}/", with_rules(), with_rules("32"))
    api.on("POST", "/instances/{id}/security-rules/", err(409, "CONFLICT", "rule exists"))
    with make_client(api) as c:
        plan = c.security_rules.plan(None, {"instance_id": IID, **SSH}, adopt_concurrent=adopt)
        if adopt:
            assert c.security_rules.apply(None, plan, timeout=5).obj.id == "32"
        else:
            with pytest.raises(errors.Conflict):
                c.security_rules.apply(None, plan, timeout=5)
    assert api.count("POST") == 1
