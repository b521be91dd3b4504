"""Engine end-to-end fixtures: the locally built Pulumi CLI, driven through the Automation API (inline programs,
file backend, isolated PULUMI_HOME) against the Barrack emulator.

The engine comes from ``$PULUMI_ENGINE_BIN``, a ``pulumi`` of the pinned version on PATH, or the cache of
``scripts/build-pulumi-engine``. When it is missing these tests SKIP, except when ``CI`` is set: then they FAIL.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from engine_support import Engine, OpLog  # noqa: E402

if TYPE_CHECKING:
    from barrack_emulator.testing import EmulatorHandle


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests of this directory that use the engine get the marker ``engine`` (``-m "not engine"`` skips them)."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents and "engine" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.engine)


def _missing_engine(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"the Pulumi engine is required in CI: {reason}", pytrace=False)
    pytest.skip(f"Pulumi engine not available: {reason}")


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The isolated engine environment (session-wide; stacks are separated by project name)."""
    try:
        from pulumi_barrack.runner import RunnerError, engine_bin_dir
    except ImportError as exc:
        _missing_engine(f"cannot import pulumi_barrack.runner: {exc}")
        raise
    try:
        bin_dir = engine_bin_dir(build=False)
    except RunnerError as exc:
        _missing_engine(str(exc))
        raise
    eng = Engine(bin_dir=bin_dir, root=tmp_path_factory.mktemp("pulumi-engine"))
    eng.home.mkdir()
    eng.backend_dir.mkdir()
    return eng


@pytest.fixture(scope="module")
def module_emulator(emulator_server: EmulatorHandle) -> EmulatorHandle:
    """The session emulator, reset once per module: for modules whose tests share stacks (the function-scoped
    ``emulator`` fixture would wipe the resources between tests)."""
    emulator_server.reset_all()
    return emulator_server


@pytest.fixture
def op_log() -> Callable[[], OpLog]:
    """Factory of engine-output collectors (``log = op_log(); stack.up(on_output=log)``)."""
    return OpLog
