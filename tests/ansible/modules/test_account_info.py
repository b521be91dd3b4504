"""The catalogue and account ``*_info`` modules added for API coverage (billing, GPU specs, volume types, firewall
protocols, hibernated instances, AI models and usage), and the status / GPU model / region / tier filters."""

from __future__ import annotations

from typing import Any


def test_billing_specs_types_protocols_hibernation_and_ai(module_run: Any, emulator: Any, barrack_client: Any, writes):
    emulator.seed("instances", 2, name_prefix="run", region="CANADA-1")
    (sleepy,) = emulator.seed("instances", 1, name="sleepy", region="FINLAND-1", status="HIBERNATED")
    emulator.seed("volumes", 1, name="vol", region="CANADA-1")
    barrack_client.ai.chat(model="llama-3.1-8b-instruct", messages=[{"role": "user", "content": "hi"}])
    emulator.clear_log()
    run = module_run(
        [
            {"name": "billing", "barrack.cloud.billing_info": {}},
            {
                "name": "billing hibernated",
                "barrack.cloud.billing_info": {"resources": ["instances"], "status": "hibernated"},
            },
            {"name": "bad billing kind", "barrack.cloud.billing_info": {"resources": ["gpus"]}},
            {"name": "bad tier", "barrack.cloud.volume_type_info": {"tier": "premium"}},
            {"name": "gpu specs", "barrack.cloud.gpu_spec_info": {}},
            {"name": "gpu specs advanced", "barrack.cloud.gpu_spec_info": {"tier": "advanced"}},
            {"name": "one gpu", "barrack.cloud.gpu_spec_info": {"gpu_model": "RTX-A6000"}},
            {"name": "volume types", "barrack.cloud.volume_type_info": {}},
            {"name": "nvme", "barrack.cloud.volume_type_info": {"name": "NVMe"}},
            {"name": "protocols", "barrack.cloud.firewall_protocol_info": {}},
            {"name": "hibernated", "barrack.cloud.hibernated_info": {}, "check_mode": True},
            {"name": "hibernated elsewhere", "barrack.cloud.hibernated_info": {"region": "CANADA-1"}},
            {"name": "models", "barrack.cloud.ai_model_info": {}},
            {"name": "one model", "barrack.cloud.ai_model_info": {"name": "llama-3.1-8b-instruct"}},
            {"name": "usage", "barrack.cloud.ai_usage_info": {"history": True}},
            {"name": "usage summary", "barrack.cloud.ai_usage_info": {}},
        ],
        allow_failures=True,
    )
    assert [t.name for t in run if t.failed] == ["bad billing kind", "bad tier"], [(t.name, t.msg) for t in run]
    assert run["bad tier"].msg == "option 'tier' must be one of advanced, legacy"
    assert "resources" in run["bad billing kind"].msg and not any(t.changed for t in run)

    billing = run["billing"]["barrack_billing_info"]
    assert set(billing) == {"instances", "volumes", "snapshots"}
    assert billing["instances"]["summary"]["record_count"] == 3 and len(billing["instances"]["records"]) == 3
    assert "size_gb_by_type" in billing["volumes"]["summary"]
    only = run["billing hibernated"]["barrack_billing_info"]
    assert set(only) == {"instances"} and [r["resource_id"] for r in only["instances"]["records"]] == [sleepy]

    specs = run["gpu specs"]["barrack_gpu_spec_info"]
    assert {"RTX-A6000", "H100-SXM5-80GB"} <= {s["gpu_model"] for s in specs}
    assert {s["tier"] for s in run["gpu specs advanced"]["barrack_gpu_spec_info"]} == {"advanced"}
    [a6000] = run["one gpu"]["barrack_gpu_spec_info"]
    assert a6000["max_count"] == 4 and a6000["counts"] == [1, 2, 4]
    assert {t["name"] for t in run["volume types"]["barrack_volume_type_info"]} == {"SSD", "NVMe", "HDD"}
    assert [(t["name"], t["max_gb"]) for t in run["nvme"]["barrack_volume_type_info"]] == [("NVMe", 10000)]
    assert {"tcp", "udp", "icmp"} <= set(run["protocols"]["barrack_firewall_protocol_info"])

    hibernated = run["hibernated"]["barrack_hibernated_info"]
    assert hibernated["count"] == 1 and [h["vm_name"] for h in hibernated["recent_hibernations"]] == ["sleepy"]
    assert hibernated["billing_metrics"]["hourly_savings"] > 0
    assert run["hibernated elsewhere"]["barrack_hibernated_info"]["recent_hibernations"] == []

    assert len(run["models"]["barrack_ai_model_info"]) >= 2
    assert [m["id"] for m in run["one model"]["barrack_ai_model_info"]] == ["llama-3.1-8b-instruct"]
    usage = run["usage"]["barrack_ai_usage_info"]
    assert usage["summary"]["total_requests"] == 1 and len(usage["history"]) == 1
    assert usage["history"][0]["model"] == "llama-3.1-8b-instruct"
    assert run["usage summary"]["barrack_ai_usage_info"]["history"] == []
    assert writes() == 0


def test_status_gpu_model_and_region_filters(module_run: Any, emulator: Any, writes: Any) -> None:
    emulator.seed("instances", 1, name="a6000", region="CANADA-1", gpu_model="RTX-A6000", status="ACTIVE")
    emulator.seed("instances", 1, name="off", region="CANADA-1", gpu_model="RTX-A6000", status="SHUTOFF")
    emulator.seed("instances", 1, name="h100", region="FINLAND-1", gpu_model="H100-SXM5-80GB", status="ACTIVE")
    emulator.seed("volumes", 1, name="free", region="CANADA-1")
    emulator.seed("snapshots", 1, name="done", status="SUCCESS")
    emulator.seed("snapshots", 1, name="broken", status="ERROR")
    names = {
        "active": ("instance_info", {"status": "active"}),
        "a6000": ("instance_info", {"gpu_model": "RTX-A6000"}),
        "a6000 off": ("instance_info", {"gpu_model": "RTX-A6000", "status": "SHUTOFF"}),
        "h100 in canada": ("instance_info", {"gpu_model": "H100-SXM5-80GB", "region": "CANADA-1"}),
        "volumes available": ("volume_info", {"status": "available"}),
        "volumes in use": ("volume_info", {"status": "in-use"}),
        "snapshots failed": ("snapshot_info", {"status": "ERROR"}),
        "gpu stock": ("gpu_stock_info", {"region": "FINLAND-1", "gpu_model": "H100-SXM5-80GB"}),
        "regions": ("region_info", {"tier": "legacy"}),
    }
    run = module_run([{"name": n, f"barrack.cloud.{m}": args} for n, (m, args) in names.items()])

    def found(task: str, key: str = "name") -> set[str]:
        module = names[task][0]
        return {item.get(key) or item.get("vm_name") for item in run[task][f"barrack_{module}"]}

    # (seeding snapshots also seeds their ACTIVE legacy source instances)
    assert {"a6000", "h100"} <= found("active") and "off" not in found("active")
    assert {"a6000", "off"} <= found("a6000") and "h100" not in found("a6000") and found("a6000 off") == {"off"}
    assert found("h100 in canada") == set()
    assert found("volumes available") == {"free"} and found("volumes in use") == set()
    assert found("snapshots failed") == {"broken"}
    assert found("gpu stock", "gpu_model") == {"H100-SXM5-80GB"}
    assert found("regions") == {"CANADA-1"}
    assert writes() == 0
