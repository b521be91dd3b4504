"""The dynamic-provider process serves more than 4 calls at once when ``pulumi_barrack`` is loaded there
(pulumi_barrack/_parallelism.py), tested against the pinned SDK: its guards, a real ``python -m pulumi.dynamic``
process, and an ``up`` of 20 volumes through the CLI that has at least 16 creates in flight at the emulator."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from engine_support import Engine, counts, in_flight_peak

from pulumi_barrack import _parallelism

HERE = Path(__file__).resolve().parent


# -- the guards ------------------------------------------------------------------------------------------------


def test_does_nothing_outside_the_provider_process() -> None:
    assert not _parallelism.in_provider_process()
    assert _parallelism.raise_provider_workers(100) is None


def test_only_ever_raises_the_pool() -> None:
    with ThreadPoolExecutor(max_workers=100) as big, ThreadPoolExecutor(max_workers=4) as small:
        assert not _parallelism.raise_pool(big, 64)
        assert big._max_workers == 100
        assert _parallelism.raise_pool(small, 64)
        assert small._max_workers == 64


def test_raising_starts_threads_for_calls_already_waiting() -> None:
    import threading

    release = threading.Event()
    with ThreadPoolExecutor(max_workers=1) as pool:
        futures = [pool.submit(release.wait, 30) for _ in range(5)]  # 1 running, 4 queued
        assert _parallelism.raise_pool(pool, 8)
        assert len(pool._threads) == 5
        release.set()
        assert all(f.result(timeout=30) for f in futures)


def test_where_the_mechanism_is_absent_it_is_a_no_op_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_parallelism, "in_provider_process", lambda: True)
    monkeypatch.setattr(_parallelism, "provider_thread_pools", lambda: [])
    with pytest.warns(RuntimeWarning, match="keep running at most 4"):
        assert _parallelism.raise_provider_workers() is None


def test_pool_size_from_the_environment() -> None:
    assert _parallelism.wanted_workers({}) == _parallelism.DEFAULT_WORKERS
    assert _parallelism.wanted_workers({"BARRACK_PROVIDER_WORKERS": "12"}) == 12
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert _parallelism.wanted_workers({"BARRACK_PROVIDER_WORKERS": "lots"}) == _parallelism.DEFAULT_WORKERS
    assert "BARRACK_PROVIDER_WORKERS" in str(caught[0].message)


# -- a real provider process of the pinned SDK -------------------------------------------------------------------


class ProviderProcess:
    """``python -u -m pulumi.dynamic`` in this directory (so it can import barrier_provider by reference)."""

    def __init__(self, **env: str) -> None:
        import grpc
        from pulumi.runtime.proto import provider_pb2_grpc

        self.proc = subprocess.Popen(
            [sys.executable, "-u", "-m", "pulumi.dynamic"],
            cwd=HERE,
            env={**os.environ, "PULUMI_PROJECT": "par", **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert self.proc.stdout is not None
        port = self.proc.stdout.readline().decode().strip()
        assert port.isdigit(), port
        self.channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        self.stub = provider_pb2_grpc.ResourceProviderStub(self.channel)

    def checks(self, count: int) -> list[dict[str, Any]]:
        """``count`` Check calls at once; their returned inputs."""
        from barrier_provider import BarrierProvider
        from google.protobuf import json_format, struct_pb2
        from pulumi.dynamic.dynamic import serialize_provider
        from pulumi.runtime.proto import provider_pb2

        news = struct_pb2.Struct()
        news.update({"__provider": serialize_provider(BarrierProvider())})

        def one(i: int) -> dict[str, Any]:
            urn = f"urn:pulumi:s::par::pulumi-python:dynamic:Resource::r{i}"
            resp = self.stub.Check(provider_pb2.CheckRequest(urn=urn, olds=struct_pb2.Struct(), news=news))
            return json_format.MessageToDict(resp.inputs)

        with ThreadPoolExecutor(max_workers=count) as callers:
            return list(callers.map(one, range(count)))

    def close(self) -> str:
        self.channel.close()
        self.proc.kill()
        _, err = self.proc.communicate(timeout=30)
        return err.decode(errors="replace")


@pytest.fixture
def provider_process(request: pytest.FixtureRequest) -> Iterator[ProviderProcess]:
    proc = ProviderProcess(**getattr(request, "param", {}))
    yield proc
    proc.close()


def test_provider_process_of_the_pinned_sdk_serves_20_calls_at_once(provider_process: ProviderProcess) -> None:
    results = provider_process.checks(20)
    assert [r["met"] for r in results] == [True] * 20
    assert {r["workers"] for r in results} == {_parallelism.DEFAULT_WORKERS}


@pytest.mark.parametrize("provider_process", [{"BARRACK_PROVIDER_WORKERS": "4", "BARRIER_TIMEOUT": "3"}],
                         indirect=True)  # fmt: skip
def test_without_raising_the_provider_process_serves_4_calls_at_once(provider_process: ProviderProcess) -> None:
    """The control: asked for 4 workers (no raise), the 20 checks can never all meet."""
    results = provider_process.checks(20)
    assert not any(r["met"] for r in results)
    assert {r["workers"] for r in results} == {4}


# -- through the CLI ---------------------------------------------------------------------------------------------


def test_up_of_20_volumes_has_16_or_more_creates_in_flight(engine: Engine, emulator: Any) -> None:
    # each create request takes 2 s at the emulator: creates overlap only as far as the provider runs them at once
    emulator.add_fault("POST", "/volumes/", "slow", times=20, seconds=2)
    proj = engine.project("volumes", emulator, params={"count": 20, "prefix": "par"})
    emulator.clear_log()
    result = proj.up("--skip-preview", "--parallel", "32")
    assert result.changes() == {"create": 21}, result.output
    assert counts(emulator)["volumes"] == 20
    peak = in_flight_peak(emulator).get("POST /volumes/", 0)
    assert peak >= 16, in_flight_peak(emulator)
    proj.destroy()
    assert counts(emulator)["volumes"] == 0


def test_emulator_request_log_counts_requests_in_flight() -> None:
    from barrack_emulator.requestlog import RequestLog

    log = RequestLog()
    for _ in range(3):
        log.start("POST", "/volumes/", "/api/volumes/")
    log.add("POST", "/volumes/", "/api/volumes/", 201, "r1")
    assert log.in_flight() == {"in_flight": {"POST /volumes/": 2}, "peak": {"POST /volumes/": 3}}
    log.clear()  # the peak starts again from what is still in flight
    assert log.in_flight()["peak"] == {"POST /volumes/": 2}
    log.add("POST", "/volumes/", "/api/volumes/", 201, "r2")
    log.add("POST", "/volumes/", "/api/volumes/", 201, "r3")
    log.add("GET", None, "/api/unknown/", 404, "r4")  # never started: no negative count
    assert log.in_flight() == {"in_flight": {}, "peak": {"POST /volumes/": 2}}
