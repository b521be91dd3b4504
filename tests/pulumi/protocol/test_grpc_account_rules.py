"""The profile rule over gRPC: the engine receives the message saying what to complete (without the key)."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from grpc_engine import Engine

import pulumi_barrack as barrack


def test_an_incomplete_profile_reaches_the_engine_as_the_profile_message(engine: Engine, emulator: Any) -> None:
    p = barrack.VolumeProvider()
    inputs, failures = engine.check(p, {"name": "grpc-acc", "region": "CANADA-1", "size_gb": 100, "volume_type": "SSD"})
    assert failures == []
    emulator.configure(profile_complete=False)
    with pytest.raises(grpc.RpcError) as err:
        engine.create(p, inputs)
    details = str(err.value.details())
    assert "billing profile is incomplete" in details
    assert all(w in details for w in ("billing name", "address", "postal code", "country"))
    assert emulator.api_key not in details
