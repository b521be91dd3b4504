"""68 of 68: every endpoint of the contract table is in the client (a sub-client method sends it) and in the
emulator (a route answers it); docs/endpoints.md is what scripts/gen-endpoints generates from the table."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import shared_client
from barrack_emulator.app import create_app
from barrack_emulator.runtime import Settings
from shared_client import contract

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTED_ENDPOINTS = 68  # the count of Barrack's own docs
DOCUMENTED_PATHS = {"snapshots.list", "snapshots.restore", "images.list", "pricing.get", "pricing.query"}  # D rows


def test_the_contract_table_holds_all_68_endpoints_with_the_page_marks() -> None:
    assert len(contract.ENDPOINTS) == DOCUMENTED_ENDPOINTS
    assert len({(e.method, e.path) for e in contract.ENDPOINTS.values()}) == DOCUMENTED_ENDPOINTS
    assert {n for n, e in contract.ENDPOINTS.items() if e.mark == "D"} == DOCUMENTED_PATHS
    new = {
        "pricing.query": ("GET", "/pricing/"),
        "instances.hibernated": ("GET", "/instances/hibernated/"),
        "snapshots.image": ("GET", "/snapshots/{id}/image/"),
        "snapshots.images": ("POST", "/snapshots/images/"),
        "ai.models": ("GET", "/ai/models/"),
        "ai.chat": ("POST", "/ai/chat/completions/"),
        "ai.usage_summary": ("GET", "/ai/usage/summary/"),
        "ai.usage_history": ("GET", "/ai/usage/history/"),
    }
    assert {n: (contract.ENDPOINTS[n].method, contract.ENDPOINTS[n].path) for n in new} == new


def test_every_endpoint_is_sent_by_a_subclient() -> None:
    text = "\n".join(p.read_text() for p in (Path(shared_client.__file__).parent / "resources").glob("*.py"))
    kinds = set(shared_client.SPECS)
    covered = set()
    for name in contract.ENDPOINTS:
        kind, op = name.split(".", 1)
        generic = op in {"get", "list", "create", "delete"} and kind in kinds  # ResourceClient: f"{kind}.{op}"
        action = kind == "instances" and re.search(rf'_action\(\s*"{op}"|"{op}":', text) is not None
        if generic or action or f'"{name}"' in text:
            covered.add(name)
    assert sorted(set(contract.ENDPOINTS) - covered) == []
    assert len(covered) == DOCUMENTED_ENDPOINTS


def test_every_endpoint_is_answered_by_the_emulator() -> None:
    app: Any = create_app(Settings())
    param = re.compile(r"{\w+}")
    routes = {param.sub("{}", k) for k in app.emu.route_keys}
    wanted = {param.sub("{}", f"{e.method} {e.path}") for e in contract.ENDPOINTS.values()}
    assert sorted(wanted - routes) == [] and sorted(routes - wanted) == []
    assert len(routes) == DOCUMENTED_ENDPOINTS


def test_endpoints_doc_is_generated_from_the_table() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen-endpoints"), "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert run.returncode == 0, run.stderr + "\n(run scripts/gen-endpoints and commit docs/endpoints.md)"
    doc = (ROOT / "docs" / "endpoints.md").read_text()
    assert sum(1 for line in doc.splitlines() if line.startswith("| `")) == DOCUMENTED_ENDPOINTS
