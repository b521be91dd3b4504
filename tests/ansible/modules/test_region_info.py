"""barrack.cloud.region_info against the emulator: all regions, filters, check mode, errors."""

from __future__ import annotations

from typing import Any

M = "barrack.cloud.region_info"
KEY = "barrack_region_info"


def test_regions_filters_and_errors(module_run: Any, emulator: Any, writes: Any) -> None:
    emulator.add_fault("GET", "/regions/", "status", status=401)
    emulator.add_fault("GET", "/regions/", "status", status=502)
    run = module_run(
        [
            {"name": "denied", M: {}},
            {"name": "all", M: {}},
            {"name": "by name", M: {"name": "CANADA-1"}},
            {"name": "advanced", M: {"tier": "advanced"}, "check_mode": True},
            {"name": "unknown", M: {"name": "MARS-1"}},
            {"name": "bad tier", M: {"tier": "premium"}},
        ],
        allow_failures=True,
    )
    denied = run["denied"]
    assert denied.failed and denied["status"] == 401 and denied["request_id"] in denied.msg
    assert run["bad tier"].failed and "tier" in run["bad tier"].msg
    assert not any(t.changed for t in run)
    regions = {r["name"]: r for r in run["all"][KEY]}
    assert set(regions) == {"CANADA-1", "FINLAND-1", "FINLAND-2", "FINLAND-3", "ICELAND-1"}
    assert regions["CANADA-1"]["tier"] == "legacy" and "RTX-A6000" in regions["CANADA-1"]["gpu_models"]
    assert [r["name"] for r in run["by name"][KEY]] == ["CANADA-1"]
    assert sorted(r["name"] for r in run["advanced"][KEY]) == ["FINLAND-1", "FINLAND-2", "FINLAND-3", "ICELAND-1"]
    assert run["unknown"][KEY] == []
    assert writes() == 0
