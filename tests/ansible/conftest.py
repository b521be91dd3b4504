"""Fixtures of the Ansible tests: run tasks against the emulator — in this process (``module_run``: each module's
``main()``, the check tier) or through ``ansible-playbook`` (``ansible_run``: the full tier) —, count writes."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from module_runner import run_tasks
from playbook import PlaybookRun, run_playbook, write_count, writes_of

__all__ = ["PlaybookRun", "write_count", "writes_of"]


@pytest.fixture
def ansible_run(emulator: Any, tmp_path: Path) -> Callable[..., PlaybookRun]:
    """``ansible_run(tasks, check=False, diff=False, allow_failures=False, **kw) -> PlaybookRun`` on the emulator."""
    counter = itertools.count()

    def run(tasks: Sequence[Mapping[str, Any]], **kwargs: Any) -> PlaybookRun:
        kwargs.setdefault("api_url", emulator.base_url)
        kwargs.setdefault("api_key", emulator.api_key)
        return run_playbook(tasks, workdir=tmp_path / f"run{next(counter)}", **kwargs)

    return run


@pytest.fixture
def module_run(emulator: Any, tmp_path: Path) -> Callable[..., PlaybookRun]:
    """``module_run(tasks, check=False, diff=False, allow_failures=False, **kw) -> PlaybookRun``: like ``ansible_run``
    but each task's module ``main()`` runs in this process (tests/ansible/module_runner.py)."""
    counter = itertools.count()

    def run(tasks: Sequence[Mapping[str, Any]], **kwargs: Any) -> PlaybookRun:
        kwargs.setdefault("api_url", emulator.base_url)
        kwargs.setdefault("api_key", emulator.api_key)
        return run_tasks(tasks, workdir=tmp_path / f"inprocess{next(counter)}", **kwargs)

    return run


@pytest.fixture
def writes(emulator: Any) -> Callable[[], int]:
    """``writes()`` -> number of write requests the emulator has seen since the test started (or ``clear_log()``)."""
    return lambda: write_count(emulator.request_counts())


@pytest.fixture
def write_requests(emulator: Any) -> Callable[[], dict[str, int]]:
    """``write_requests()`` -> the write requests by route (for assertion messages)."""
    return lambda: writes_of(emulator.request_counts())
