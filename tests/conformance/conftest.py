"""Fixtures of the conformance suite: the harness module on the path, a second emulator for the Pulumi runs."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conformance_harness import Result, Scenario, run_both


@pytest.fixture(scope="session")
def pulumi_emulator_server() -> Iterator[Any]:
    """An emulator of its own for the Pulumi side, so it runs while ``ansible-playbook`` runs on the other one."""
    from barrack_emulator.testing import start_emulator

    with start_emulator(delay_scale=0.0) as handle:
        yield handle


@pytest.fixture
def conform(emulator: Any, pulumi_emulator_server: Any, tmp_path: Path) -> Callable[[Scenario], tuple[Result, Result]]:
    """``conform(scenario) -> (ansible, pulumi)``: run it through both front-ends; their dumps are equal."""
    counter = itertools.count()

    def run(scenario: Scenario) -> tuple[Result, Result]:
        workdir = tmp_path / f"{scenario.name}-{next(counter)}"
        return run_both(emulator, scenario, workdir, pulumi_emulator=pulumi_emulator_server)

    return run
