"""Catalogue functions: plain calls through the shared client, credentials from config or env."""

from __future__ import annotations

import json
from typing import Any

import pytest

import pulumi_barrack as barrack


@pytest.fixture
def env_credentials(emulator: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("BARRACK_API_KEY", emulator.api_key)
    monkeypatch.setenv("BARRACK_API_URL", emulator.base_url)
    return emulator


def test_catalogue_functions(env_credentials: Any) -> None:
    regions = barrack.get_regions()
    assert {"CANADA-1", "FINLAND-1"} <= {r.name for r in regions}
    stock = barrack.get_gpu_stock(region="CANADA-1", gpu_model="RTX-A6000")
    assert stock and all(s.region == "CANADA-1" and s.gpu_model == "RTX-A6000" for s in stock)
    assert any(i.name.startswith("Ubuntu") for i in barrack.get_os_images())
    pricing = barrack.get_pricing(gpu_model="RTX-A6000", gpu_count=2)
    assert pricing.gpus
    assert barrack.get_hourly_cost("RTX-A6000", 2) == pytest.approx(1.38)
    assert barrack.get_balance().balance > 0


def test_stack_config_wins_over_env(emulator: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BARRACK_API_KEY", "wrong-key")
    monkeypatch.setenv("BARRACK_API_URL", "http://127.0.0.1:9/api")
    config = {"barrack:apiKey": emulator.api_key, "barrack:apiUrl": emulator.base_url}
    monkeypatch.setenv("PULUMI_CONFIG", json.dumps(config))
    assert barrack.get_balance().currency
