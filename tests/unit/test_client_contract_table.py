"""The contract table: well-formed rows, D marks as documented, and every endpoint reachable from a sub-client."""

from __future__ import annotations

import re
from pathlib import Path

import shared_client
from shared_client import SPECS, WaitPolicy, contract
from shared_client.contract import PageStyle

SRC = Path(shared_client.__file__).parent
DOCUMENTED = {
    "snapshots.list",
    "snapshots.restore",
    "images.list",
    "pricing.get",
    "pricing.query",
}  # D paths on the contract page


def test_rows_are_well_formed() -> None:
    assert len(contract.ENDPOINTS) == len({(e.method, e.path) for e in contract.ENDPOINTS.values()})
    for e in contract.ENDPOINTS.values():
        assert e.method in {"GET", "POST", "PUT", "DELETE"}, e
        assert e.path.startswith("/") and e.path.endswith("/"), e  # trailing slash (D)
        assert e.mark in {"D", "I"}, e
        assert (e.page_style is None) == (e.list_key is None), e
        if e.page_style is not None:
            assert e.method == "GET"
        assert set(re.findall(r"{(\w+)}", e.path)) <= {"id", "rule_id"}, e


def test_documented_marks() -> None:
    assert {n for n, e in contract.ENDPOINTS.items() if e.mark == "D"} == DOCUMENTED
    assert contract.ENDPOINTS["snapshots.list"].page_style is PageStyle.SNAPSHOTS
    assert contract.PAGE_SIZE_PARAM[PageStyle.SNAPSHOTS] == "pageSize"
    assert contract.ENDPOINTS["images.list"].list_key == "images"
    assert contract.ENDPOINTS["instances.billing"].page_style is PageStyle.BILLING


def test_every_endpoint_is_reachable_from_a_subclient() -> None:
    text = "\n".join(p.read_text() for p in (SRC / "resources").glob("*.py"))
    generic = {"get", "list", "create", "delete"}
    kinds = set(SPECS)
    for name in contract.ENDPOINTS:
        kind, op = name.split(".", 1)
        if op in generic and kind in kinds:
            continue  # ResourceClient builds f"{kind}.{op}"
        power_action = kind == "instances" and f'"{op}": (' in text and 'f"instances.{action}"' in text
        used = f'"{name}"' in text or power_action
        assert used, f"{name} is not used by any sub-client"


def test_wait_policy_caps() -> None:
    p = WaitPolicy(initial=0.1, factor=2.0, cap=0.4, slow_after=60, slow_cap=5.0, jitter=0.0)
    d = None
    seen = []
    for _ in range(5):
        d = p.next_delay(d, elapsed=1.0)
        seen.append(d)
    assert seen == [0.1, 0.2, 0.4, 0.4, 0.4]
    assert p.next_delay(0.4, elapsed=61.0) == 0.8  # still grows, now up to the slow cap
    assert p.next_delay(4.0, elapsed=61.0) == 5.0
