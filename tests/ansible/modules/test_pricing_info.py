"""barrack.cloud.pricing_info against the emulator: price lists, hourly estimates, bad input, errors."""

from __future__ import annotations

from typing import Any

import pytest

M = "barrack.cloud.pricing_info"
KEY = "barrack_pricing_info"


def test_prices_estimates_and_bad_input(module_run: Any, emulator: Any, writes: Any) -> None:
    run = module_run(
        [
            {"name": "all", M: {}},
            {"name": "legacy", M: {"tier": "legacy"}, "check_mode": True},
            {"name": "gpus", M: {"gpu_model": "RTX-A6000", "gpu_count": 2}},
            {"name": "gpus eur", M: {"gpu_model": "RTX-A6000", "gpu_count": 2, "currency": "EUR"}},
            {"name": "gpus and volume", M: {"gpu_model": "H100-PCIe-NVLink-80GB", "gpu_count": 1,
                                            "volume_size_gb": 1000, "volume_type": "SSD"}},
            {"name": "count without model", M: {"gpu_count": 2}},
            {"name": "size without type", M: {"volume_size_gb": 100}},
            {"name": "bad currency", M: {"currency": "GBP"}},
            {"name": "bad count", M: {"gpu_model": "RTX-A6000", "gpu_count": 3}},
            {"name": "too many", M: {"gpu_model": "RTX-A6000", "gpu_count": 8}},
            {"name": "unknown model", M: {"gpu_model": "TPU-v5", "gpu_count": 1}},
            {"name": "volume too small", M: {"volume_size_gb": 10, "volume_type": "SSD"}},
        ],
        allow_failures=True,
    )  # fmt: skip
    ok = ["all", "legacy", "gpus", "gpus eur", "gpus and volume"]
    assert all(not run[n].failed and not run[n].changed for n in ok), [run[n].msg for n in ok]

    everything = run["all"][KEY]
    assert everything["hourly_estimate"] is None and everything["currency"] == "USD"
    prices = {g["gpu_model"]: g["prices"]["USD"] for g in everything["pricing_data"]["gpus"]}
    assert prices["RTX-A6000"] == pytest.approx(0.69) and prices["B300-262GB"] == pytest.approx(5.79)
    assert {g["tier"] for g in run["legacy"][KEY]["pricing_data"]["gpus"]} == {"legacy"}
    assert run["gpus"][KEY]["hourly_estimate"] == pytest.approx(1.38)
    eur = run["gpus eur"][KEY]
    assert eur["currency"] == "EUR" and 0 < eur["hourly_estimate"] < 1.38
    both = run["gpus and volume"][KEY]["hourly_estimate"]
    assert both > 2.29  # the GPU plus the volume

    failed = {t.name: t.msg for t in run if t.name not in ok}
    assert all(run[n].failed for n in failed), {n: run[n].status for n in failed}
    assert "gpu_model" in failed["count without model"] and "gpu_count" in failed["count without model"]
    assert "volume_type" in failed["size without type"]
    assert "currency" in failed["bad currency"]
    for name in ("bad count", "too many"):
        assert "gpu_count" in failed[name], failed[name]
    assert "gpu_model" in failed["unknown model"]
    assert "volume_size_gb" in failed["volume too small"]
    assert "Traceback" not in "".join(failed.values())
    assert writes() == 0
