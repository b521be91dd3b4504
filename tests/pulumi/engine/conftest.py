"""Engine end-to-end fixtures: the plain ``pulumi`` CLI in program folders (file backend, isolated PULUMI_HOME)
against the Barrack emulator.

The engine comes from ``$PULUMI_ENGINE_BIN``, a Pulumi installation on PATH, or the cache of
``scripts/build-pulumi-engine``. When it is missing these tests SKIP, except when ``CI`` is set: then they FAIL.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from engine_support import PASSPHRASE, Engine  # noqa: E402

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
    from barrack_demo.pulumi_cli import EngineNotFound, Workspace, find_engine

    try:
        bin_dir = find_engine(build=False)
    except EngineNotFound as exc:
        _missing_engine(str(exc))
        raise
    return Engine(Workspace(bin_dir, tmp_path_factory.mktemp("pulumi-engine"), PASSPHRASE))


@pytest.fixture(scope="module")
def module_emulator(emulator_server: EmulatorHandle) -> EmulatorHandle:
    """The session emulator, reset once per module: for modules whose tests share stacks (the function-scoped
    ``emulator`` fixture would wipe the resources between tests)."""
    emulator_server.reset_all()
    return emulator_server
