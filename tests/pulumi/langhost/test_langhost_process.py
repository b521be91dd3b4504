"""The stand-in language host as a process: the port handshake, gRPC on loopback, clean shutdown on signals."""

from __future__ import annotations

import importlib.metadata
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from google.protobuf import empty_pb2
from pulumi.runtime.proto import language_pb2_grpc

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def host_process(shim: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "pulumi_language_host", "--use-executor", str(shim), "127.0.0.1:1"],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    port = proc.stdout.readline().decode().strip()
    assert port.isdigit(), proc.communicate(timeout=30)
    yield proc, int(port)
    if proc.poll() is None:
        proc.kill()
        proc.communicate(timeout=30)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_serves_on_the_printed_port_and_stops_cleanly(
    host_process: tuple[subprocess.Popen[bytes], int], sig: int
) -> None:
    proc, port = host_process
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        info = language_pb2_grpc.LanguageRuntimeStub(channel).GetPluginInfo(empty_pb2.Empty(), timeout=30)
    assert info.version == importlib.metadata.version("pulumi")
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert b"Traceback" not in err
    assert b"KeyboardInterrupt" not in err
    assert out == b""


def test_missing_executor_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pulumi_language_host", "--use-executor", str(tmp_path / "nope"), "127.0.0.1:1"],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1
    assert "missing executor" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_exits_when_the_cli_is_gone(shim: Path, tmp_path: Path) -> None:
    """A killed CLI never stops its host: the host notices it was orphaned and exits."""
    parent = subprocess.Popen(
        ["sh", "-c", '"$0" -m pulumi_language_host --use-executor "$1" 127.0.0.1:1 > "$2" & echo $!; wait',
         sys.executable, str(shim), str(tmp_path / "port")],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
    )  # fmt: skip
    assert parent.stdout is not None
    host_pid = int(parent.stdout.readline())
    deadline = time.monotonic() + 60
    port_file = tmp_path / "port"
    while not (port_file.exists() and port_file.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.1)  # serving
    parent.kill()
    parent.wait(timeout=30)
    while Path(f"/proc/{host_pid}").exists() and "Z" not in _state(host_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not Path(f"/proc/{host_pid}").exists() or "Z" in _state(host_pid), "the orphaned host kept running"


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2]
    except (OSError, IndexError):
        return "Z"
