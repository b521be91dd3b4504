"""Fixtures for the shared_client unit tests (fake API over httpx.MockTransport)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from client_fakes import FakeAPI, make_client

from shared_client import BarrackClient


@pytest.fixture
def fake_api() -> FakeAPI:
    return FakeAPI()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def mock_client(fake_api: FakeAPI, sleeps: list[float]) -> Iterator[BarrackClient]:
    with make_client(fake_api, sleeps=sleeps) as c:
        yield c


@pytest.fixture(autouse=True)
def _stop_marker_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stop markers (shared_client.stop_markers) of unit tests go to a fresh directory, never the user's."""
    monkeypatch.setenv("BARRACK_STATE_DIR", str(tmp_path_factory.mktemp("barrack-state")))
