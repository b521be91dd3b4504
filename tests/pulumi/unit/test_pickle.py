"""Every provider survives serialize_provider -> base64 + dill.loads in a fresh process, and no key leaks."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from pulumi.dynamic import Config, ConfigureRequest
from pulumi.dynamic.dynamic import serialize_provider
from pulumi_inputs import VALID

import pulumi_barrack as barrack
from pulumi_barrack import _credentials

SECRET = "sk-live-DO-NOT-LEAK-4242"

CHILD = r"""
import base64, json, sys
import dill
from pulumi.dynamic import Config, ConfigureRequest

cases = json.loads(sys.stdin.read())
out = {}
for case in cases:
    provider = dill.loads(base64.b64decode(case["blob"]))
    provider.configure(ConfigureRequest(Config(case["config"], "proj")))
    checked = provider.check({}, dict(case["inputs"]))
    diff = provider.diff("x", dict(case["inputs"]), dict(checked.inputs))
    read = provider.read(case["read_id"], {}) if case["read_id"] else None
    out[case["name"]] = {
        "module": type(provider).__module__,
        "failures": [f.reason for f in checked.failures],
        "changes": diff.changes,
        "read_gone": None if read is None else (read.id is None and read.outs == {}),
        "state": vars(provider),
    }
print(json.dumps(out))
"""


def test_every_provider_round_trips_in_a_fresh_process(emulator: Any, tmp_path: Path) -> None:
    config = {"barrack:apiKey": emulator.api_key, "barrack:apiUrl": emulator.base_url}
    cases = []
    for cls in barrack.PROVIDERS:
        provider = cls()
        provider.configure(ConfigureRequest(Config({**config, "barrack:apiKey": SECRET}, "proj")))
        blob = serialize_provider(provider)
        assert SECRET not in blob and SECRET.encode() not in base64.b64decode(blob)
        assert len(blob) < 1024, f"{cls.__name__} is not pickled by reference ({len(blob)} bytes)"
        read_id = "999999" if cls is barrack.VolumeProvider else None
        cases.append(
            {"name": cls.__name__, "blob": blob, "config": config, "inputs": VALID[cls.__name__], "read_id": read_id}
        )
    _credentials.reset()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BARRACK_")}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        cwd=tmp_path,  # like the provider process: not the repo root, the package must come from the venv
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)
    assert set(results) == {cls.__name__ for cls in barrack.PROVIDERS}
    for cls in barrack.PROVIDERS:
        r = results[cls.__name__]
        assert r["module"] == cls.__module__
        assert r["failures"] == []
        assert r["changes"] is False
        assert r["state"] == {}  # nothing on the instance: no client, no key
    assert results["VolumeProvider"]["read_gone"] is True  # a real API call with the configured credentials
