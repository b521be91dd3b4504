"""A real ``python -u -m pulumi.dynamic`` provider process driven over gRPC, as the Pulumi engine does."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


class DynamicProviderProcess:
    """The provider process plus small helpers that speak the ResourceProvider gRPC protocol."""

    def __init__(self, cwd: Path) -> None:
        import grpc
        from pulumi.runtime.proto import provider_pb2_grpc

        env = {k: v for k, v in os.environ.items() if not k.startswith("BARRACK_")}
        env["PULUMI_PROJECT"] = "proj"
        self.proc = subprocess.Popen(
            [sys.executable, "-u", "-m", "pulumi.dynamic"],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert self.proc.stdout is not None
        port = self.proc.stdout.readline().decode().strip()  # the first stdout line is the port
        assert port.isdigit(), self.stderr()
        self.channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        self.stub = provider_pb2_grpc.ResourceProviderStub(self.channel)

    def stderr(self) -> str:
        self.proc.kill()
        assert self.proc.stderr is not None
        return self.proc.stderr.read().decode(errors="replace")

    def close(self) -> None:
        self.channel.close()
        self.proc.kill()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def dynamic_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DynamicProviderProcess]:
    process = DynamicProviderProcess(tmp_path_factory.mktemp("program"))
    try:
        yield process
    finally:
        process.close()


@pytest.fixture
def engine(dynamic_provider: DynamicProviderProcess, emulator: Any) -> Any:
    """The provider process configured with the emulator's key and URL (stack config, not env)."""
    from grpc_engine import Engine

    eng = Engine(dynamic_provider.stub)
    eng.configure({"barrack:apiKey": emulator.api_key, "barrack:apiUrl": emulator.base_url})
    return eng
