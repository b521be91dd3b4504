"""The checked-in schema, SDKs and API reference are current, the TypeScript SDK compiles with ``tsc --strict``
and the Go SDK builds. They need Go and npm (CI has both): without them they SKIP, except under ``CI``."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from native_support import ROOT, build_node_sdk, missing

pytestmark = pytest.mark.slow  # go build, npm ci, tsc


def need(tool: str) -> None:
    if shutil.which(tool) is None:
        missing(f"{tool} is not installed")


def test_generated_sdks_and_reference_are_current() -> None:
    """``scripts/gen-sdk --check`` regenerates everything into a temporary tree and compares."""
    need("go")
    proc = subprocess.run([str(ROOT / "scripts" / "gen-sdk"), "--check"], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]


def test_typescript_sdk_compiles_strict(tmp_path: Path) -> None:
    need("npm")
    t0 = time.perf_counter()
    sdk = build_node_sdk(tmp_path)
    print(f"tsc --strict of sdk/nodejs: {time.perf_counter() - t0:.1f} s")
    assert (sdk / "bin" / "index.js").exists() and (sdk / "bin" / "volume.d.ts").exists()


def test_typescript_sdk_pins_the_cli_version() -> None:
    import json

    from pulumi_barrack.native.schema import PULUMI_SDK_VERSION

    package = json.loads((ROOT / "sdk" / "nodejs" / "package.json").read_text())
    assert package["dependencies"]["@pulumi/pulumi"] == PULUMI_SDK_VERSION  # a loose ^3 resolves to 3.248 on Node 20
    assert package["pulumi"] == {"resource": True, "name": "barrack", "version": package["version"]}


def test_go_sdk_builds() -> None:
    need("go")
    env = {**os.environ, "GOFLAGS": "-mod=mod", "CGO_ENABLED": "0"}
    proc = subprocess.run(
        ["go", "build", "-trimpath", "./..."],
        cwd=ROOT / "sdk" / "go",
        capture_output=True,
        text=True,
        timeout=1200,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
