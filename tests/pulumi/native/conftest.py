"""Fixtures of the native ``barrack`` provider's engine tests: the plain ``pulumi`` CLI (plus the YAML language
host) in program folders whose ``Pulumi.yaml`` points ``plugins.providers`` at this venv's
``pulumi-resource-barrack``, against two emulators (two Barrack accounts).

Like the other engine tests they SKIP when the engine is missing, except when ``CI`` is set: then they FAIL. Test
files that run the ``pulumi`` CLI, ``go`` or ``npm`` are marked ``engine`` / ``slow`` (the full tier, ``make test``);
the unit and protocol tests run in the check and fast tiers.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "engine"))

from native_support import PASSPHRASE, Native, missing  # noqa: E402

if TYPE_CHECKING:
    from barrack_emulator.testing import EmulatorHandle


@pytest.fixture(scope="session")
def native(tmp_path_factory: pytest.TempPathFactory) -> Native:
    """The isolated engine environment with the YAML language host."""
    from barrack_demo.pulumi_cli import EngineNotFound, Workspace, find_engine

    try:
        bin_dir = find_engine(build=False)
    except EngineNotFound as exc:
        missing(f"Pulumi engine not available: {exc}")
        raise
    if not (bin_dir / "pulumi-language-yaml").exists():
        missing(f"no pulumi-language-yaml in {bin_dir} (run scripts/build-pulumi-engine)")
    return Native(Workspace(bin_dir, tmp_path_factory.mktemp("pulumi-native"), PASSPHRASE))


@pytest.fixture(scope="module")
def account_a(emulator_server: EmulatorHandle) -> EmulatorHandle:
    """The first account: the session emulator, reset once for the module."""
    emulator_server.reset_all()
    return emulator_server


@pytest.fixture(scope="module")
def account_b() -> Iterator[EmulatorHandle]:
    """A second account: its own emulator with its own key."""
    from barrack_emulator.testing import start_emulator

    with start_emulator(delay_scale=0.0, api_keys=("second-account-key",)) as handle:
        yield handle
