"""The seven resource ``*_info`` modules against the emulator: all pages, by name, by id, region filter where the
API has one, check mode, API errors (403 reported, 503 retried), and never a write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

MANY = 101  # more than one page of the largest page size (100)


@dataclass(frozen=True)
class InfoCase:
    module: str  # short module name, e.g. "volume_info"
    kind: str  # emulator seed kind
    route: str  # list route in the contract
    unknown_id: str = "999999"
    id_key: str = "id"
    name_key: str = "name"
    region: str | None = None  # the target's region, for modules with a region filter
    other_region: str | None = None


CASES = [
    InfoCase("volume_info", "volume", "/volumes/", region="CANADA-1", other_region="FINLAND-1"),
    InfoCase("firewall_info", "firewall", "/firewalls/", region="FINLAND-2", other_region="CANADA-1"),
    InfoCase(
        "instance_info",
        "instance",
        "/instances/",
        unknown_id="BRK-000000D",
        id_key="instance_id",
        name_key="vm_name",
        region="FINLAND-1",
        other_region="CANADA-1",
    ),
    InfoCase("ssh_key_info", "ssh_key", "/ssh-keys/"),
    InfoCase("image_info", "image", "/custom-images/"),
    InfoCase("snapshot_info", "snapshot", "/snapshots/", unknown_id="BRK-000000S"),
    InfoCase("startup_script_info", "script", "/scripts/"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.module for c in CASES])
def test_lookups_read_every_page_and_never_change_anything(
    case: InfoCase, module_run: Any, emulator: Any, writes: Any
) -> None:
    m, key = f"barrack.cloud.{case.module}", f"barrack_{case.module}"
    many = emulator.seed(case.kind, MANY, name_prefix="bulk")
    target_attrs = {"region": case.region} if case.region else {}
    (target,) = emulator.seed(case.kind, 1, name="target", **target_attrs)
    emulator.add_fault("GET", case.route, "status", status=403)
    emulator.add_fault("GET", case.route, "status", status=503)
    tasks = [
        {"name": "denied", m: {}},
        {"name": "all", m: {}},
        {"name": "by name", m: {"name": "target"}, "check_mode": True},
        {"name": "by id", m: {"id": target}},
        {"name": "unknown id", m: {"id": case.unknown_id}},
        {"name": "partial name", m: {"name": "targ"}},
    ]
    if case.region:
        tasks += [
            {"name": "region", m: {"region": case.region}},
            {"name": "id in other region", m: {"id": target, "region": case.other_region}},
        ]
    run = module_run(tasks, allow_failures=True)

    denied = run["denied"]
    assert denied.failed and denied["status"] == 403 and denied["request_id"] in denied.msg, denied.result
    ok = [t for t in run if t.name != "denied"]
    assert all(not t.failed and not t.changed for t in ok), [(t.name, t.msg) for t in ok if t.failed]

    everything = run["all"][key]
    assert len(everything) == MANY + 1
    assert {many[0], many[-1], target} <= {item[case.id_key] for item in everything}
    for name in ("by name", "by id"):
        found = run[name][key]
        assert [(item[case.id_key], item[case.name_key]) for item in found] == [(target, "target")], name
    assert run["unknown id"][key] == [] and run["partial name"][key] == []
    if case.region:
        assert [item[case.name_key] for item in run["region"][key]] == ["target"]
        assert all(item["region"] == case.region for item in run["region"][key])
        assert run["id in other region"][key] == []

    assert emulator.request_counts()[f"GET {case.route}"] >= 3  # 403, 503 (retried), the second page of "all"
    assert writes() == 0
