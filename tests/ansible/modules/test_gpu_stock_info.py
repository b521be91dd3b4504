"""barrack.cloud.gpu_stock_info against the emulator: stock per region and model, filters, errors."""

from __future__ import annotations

from typing import Any

from shared_client.models import InstanceCreate

M = "barrack.cloud.gpu_stock_info"
KEY = "barrack_gpu_stock_info"


def test_stock_filters_and_errors(module_run: Any, emulator: Any, barrack_client: Any, writes: Any) -> None:
    initial = emulator.state()["stock"]["CANADA-1"]["RTX-A6000"]
    # live data: an instance of 2 GPUs takes one 2x machine
    (key,) = emulator.seed("ssh_key", 1, name="k")
    barrack_client.instances.create(
        InstanceCreate(
            name="w1",
            region="CANADA-1",
            gpu_model="RTX-A6000",
            gpu_count=2,
            image="Ubuntu Server 22.04 LTS R535 CUDA 12.2",
            ssh_key_ids=[key],
        )
    )
    emulator.clear_log()
    emulator.add_fault("GET", "/gpu-stocks/", "status", status=403)
    run = module_run(
        [
            {"name": "denied", M: {}},
            {"name": "all", M: {}},
            {"name": "region", M: {"region": "CANADA-1"}},
            {"name": "model", M: {"gpu_model": "B300-262GB"}, "check_mode": True},
            {"name": "both", M: {"region": "CANADA-1", "gpu_model": "RTX-A6000"}},
            {"name": "mismatch", M: {"region": "CANADA-1", "gpu_model": "B300-262GB"}},
            {"name": "bad option", M: {"regoin": "CANADA-1"}},
        ],
        allow_failures=True,
    )
    denied = run["denied"]
    assert denied.failed and denied["status"] == 403 and denied["request_id"] in denied.msg
    assert run["bad option"].failed and "regoin" in run["bad option"].msg
    assert not any(t.changed for t in run)
    everything = run["all"][KEY]
    assert {(s["region"], s["gpu_model"]) for s in everything} >= {
        ("CANADA-1", "RTX-A6000"),
        ("FINLAND-1", "B300-262GB"),
    }
    assert {s["region"] for s in run["region"][KEY]} == {"CANADA-1"}
    assert {s["gpu_model"] for s in run["model"][KEY]} == {"B300-262GB"}
    assert "CANADA-1" not in {s["region"] for s in run["model"][KEY]}
    (both,) = run["both"][KEY]
    assert both["region"] == "CANADA-1" and both["gpu_model"] == "RTX-A6000"
    assert both["available"] == {**initial, "2x": initial["2x"] - 1}
    assert run["mismatch"][KEY] == []
    assert emulator.request_counts()["GET /gpu-stocks/"] == 6
    assert writes() == 0
