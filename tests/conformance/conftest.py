"""Fixtures of the conformance suite: the harness module on the path, a work folder per playbook run."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conformance_harness import Result, Scenario, run_both


@pytest.fixture
def conform(emulator: Any, tmp_path: Path) -> Callable[[Scenario], tuple[Result, Result]]:
    """``conform(scenario) -> (ansible, pulumi)``: run it through both front-ends; their dumps are equal."""
    counter = itertools.count()

    def run(scenario: Scenario) -> tuple[Result, Result]:
        return run_both(emulator, scenario, tmp_path / f"{scenario.name}-{next(counter)}")

    return run
