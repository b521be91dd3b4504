"""The Automation API (how users embed Pulumi in their own Python): an inline program with pulumi_barrack
resources on the same CLI and file backend, ``barrack:apiKey`` set as secret config through the API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from engine_support import Engine, counts, public_key

auto = pytest.importorskip("pulumi.automation")

import pulumi_barrack as barrack  # noqa: E402

KEY = public_key("automation")


def program() -> None:
    import pulumi

    key = barrack.SshKey("key", name="auto-key", public_key=KEY)
    barrack.StartupScript("script", name="auto-script", content="#!/bin/sh\ntrue\n")
    pulumi.export("key_id", key.id)


def test_inline_program_up_preview_refresh_destroy(engine: Engine, emulator: Any) -> None:
    ws = engine.workspace
    env = ws.env()
    opts = auto.LocalWorkspaceOptions(
        work_dir=str(engine.root / "work" / "automation"),
        pulumi_home=str(ws.home),
        env_vars={k: env[k] for k in ("PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE", "PULUMI_SKIP_UPDATE_CHECK",
                                      "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION", "PATH", "PULUMI_PYTHON_CMD")},
        project_settings=auto.ProjectSettings(name="automation", runtime="python"),
        pulumi_command=auto.PulumiCommand(root=str(engine.bin_dir.parent)),
    )  # fmt: skip
    (engine.root / "work" / "automation").mkdir(parents=True)
    stack = auto.create_or_select_stack(stack_name="dev", project_name="automation", program=program, opts=opts)
    stack.set_all_config(
        {
            "barrack:apiKey": auto.ConfigValue(value=emulator.api_key, secret=True),
            "barrack:apiUrl": auto.ConfigValue(value=emulator.base_url),
        }
    )
    up = stack.up(on_output=lambda _line: None)
    assert {k: v for k, v in (up.summary.resource_changes or {}).items() if v} == {"create": 3}
    assert counts(emulator)["ssh-keys"] == 1
    assert up.outputs["key_id"].value
    emulator.clear_log()
    preview = stack.preview(on_output=lambda _line: None)
    assert {k: v for k, v in preview.change_summary.items() if v} == {"same": 3}
    assert emulator.request_counts().total() == 0
    stack.refresh(on_output=lambda _line: None)
    resources = stack.export_stack().deployment["resources"]  # decrypted
    barrack_resources = [r for r in resources if r["type"].startswith("pulumi-python:dynamic")]
    assert len(barrack_resources) == 2
    assert emulator.api_key not in json.dumps(barrack_resources)
    assert emulator.api_key.encode() not in engine.bytes_on_disk()
    stack.destroy(on_output=lambda _line: None)
    assert sum(counts(emulator).values()) == 0
