"""Bad input stops preview before any write; the API key passed by environment never reaches the state."""

from __future__ import annotations

from typing import Any

import pytest
from engine_support import Engine, OpLog, counts, public_key, resources_of, state_json, summary, writes

pulumi = pytest.importorskip("pulumi")
auto = pytest.importorskip("pulumi.automation")

import pulumi_barrack as barrack  # noqa: E402

IMAGE = "Ubuntu Server 22.04 LTS R535 CUDA 12.2"


def test_check_failure_stops_preview_before_any_write(engine: Engine, emulator: Any) -> None:
    def program() -> None:
        key = barrack.SshKey("key", name="check-key", public_key=public_key("check"))
        barrack.Volume("vol", name="check-vol", region="CANADA-1", size_gb=100, volume_type="SSD")
        barrack.Instance(
            "vm",
            name="check-vm",
            region="CANADA-1",
            gpu_model="RTX-A6000",
            gpu_count=3,
            image=IMAGE,
            ssh_key_ids=[key.id],
        )

    stack = engine.stack(program, emulator)
    emulator.clear_log()
    log = OpLog()
    with pytest.raises(auto.CommandError) as failure:
        stack.preview(on_output=log, on_error=log)
    assert "gpu_count" in str(failure.value), str(log)
    assert writes(emulator.request_log()) == []
    assert sum(counts(emulator).values()) == 0
    # up fails the same way for the instance; nothing half-made: no instance exists afterwards
    with pytest.raises(auto.CommandError) as failure:
        stack.up(on_output=log, on_error=log)
    assert "gpu_count" in str(failure.value)
    assert counts(emulator)["instances"] == 0


def test_api_key_from_environment_is_nowhere_in_state(engine: Engine, emulator: Any) -> None:
    def program() -> None:
        barrack.SshKey("key", name="env-key", public_key=public_key("env"))
        barrack.StartupScript("script", name="env-script", content="#!/bin/sh\ntrue\n")

    stack = engine.stack(program, emulator, key_in_config=False)
    assert "barrack:apiKey" not in stack.get_all_config()
    log = OpLog()
    result = stack.up(on_output=log, on_error=log)
    assert summary(result) == {"create": 3}, str(log)
    assert sorted(resources_of(stack)) == ["key", "script"]
    # the export is decrypted (--show-secrets): the key is not there in any form
    assert emulator.api_key not in state_json(stack)
    assert emulator.api_key.encode() not in b"".join(p.read_bytes() for p in engine.files())
    # refresh and destroy (which do not run the program) find the key the same way
    assert summary(stack.refresh(on_output=log, on_error=log)) == {"same": 3}, str(log)
    stack.destroy(on_output=log, on_error=log)
    assert sum(counts(emulator).values()) == 0
