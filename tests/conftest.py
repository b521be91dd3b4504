"""Shared fixtures: one real emulator per test session, reset before every test that uses it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from barrack_emulator.testing import EmulatorHandle


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[EmulatorHandle]:
    """The Barrack emulator on a free loopback port (instant transitions, no rate limit)."""
    from barrack_emulator.testing import start_emulator

    with start_emulator(delay_scale=0.0) as handle:
        yield handle


@pytest.fixture
def emulator(emulator_server: EmulatorHandle) -> EmulatorHandle:
    """The session emulator with state, faults, request log and config reset to the start-up defaults."""
    emulator_server.reset_all()
    return emulator_server


@pytest.fixture
def barrack_client(emulator: EmulatorHandle) -> Iterator[Any]:
    """A ``shared_client.BarrackClient`` bound to the emulator (closed after the test)."""
    from shared_client import BarrackClient

    client = BarrackClient(api_key=emulator.api_key, base_url=emulator.base_url)
    try:
        yield client
    finally:
        client.close()
