"""Shared fixtures (one real emulator per test session — per xdist worker —, reset before every test that uses it)
and the test tiers.

Tiers (CONTRIBUTING.md, "Test tiers"): every collected test gets exactly one of the markers ``check``, ``fast`` or
``full`` — the smallest tier it belongs to — from its path and markers, here, so a new test file lands in the right
tier without naming one. ``--tier T`` runs the tiers up to T: ``make check`` is ``--tier check``, ``make test-fast``
``--tier fast``, ``make test`` ``--tier full``. Without ``--tier`` a bare ``pytest`` (no paths) runs the fast tier,
and ``pytest some/path`` runs everything under the paths given (``-m check`` etc. select tiers as usual).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from barrack_emulator.testing import EmulatorHandle

TESTS = Path(__file__).resolve().parent
TIERS = ("check", "fast", "full")

# In-process tests: the client on a fake transport, the Pulumi providers called directly or over gRPC by a
# `python -m pulumi.dynamic` process, Ansible modules' main() run in this process against the emulator (module_run).
CHECK_DIRS = ("unit", "pulumi/unit", "pulumi/protocol", "ansible/modules")
# Spawn ansible-playbook, ansible-test, ansible-galaxy/-lint/molecule or the pulumi CLI (or drive both front-ends).
FULL_DIRS = ("ansible/collection", "pulumi/engine", "conformance")
# Fixtures that spawn them, wherever the test lives: ansible-playbook runs, the built collection, both front-ends.
FULL_FIXTURES = ("ansible_run", "built_tarball", "conform")
# Files elsewhere that need the pulumi CLI, or run long (the schemathesis fuzz run).
FULL_FILES = ("pulumi/langhost/test_langhost_cli.py", "emulator/test_openapi_fuzz.py")
# Markers that put a test in the full tier wherever it lives (``slow``: stalls, sleeps, fuzzing; the others: the
# subprocesses above).
FULL_MARKERS = ("slow", "ansible", "engine")
# The collection gates that run ansible-test (one xdist worker runs them, one after the other).
ANSIBLE_TEST_FILES = ("test_sanity.py", "test_installed.py")


def _under(rel: str, dirs: tuple[str, ...]) -> bool:
    return any(rel == d or rel.startswith(d + "/") for d in dirs)


def tier_of(item: pytest.Item) -> str:
    """The tier of a test: an explicit tier marker wins; then the full-tier markers and paths; then its directory."""
    explicit = [name for name in TIERS if item.get_closest_marker(name) is not None]
    if explicit:
        return max(explicit, key=TIERS.index)
    try:
        rel = Path(str(item.path)).resolve().relative_to(TESTS).as_posix()
    except ValueError:  # a test outside tests/ (e.g. run by path from elsewhere): the full tier
        return "full"
    if any(item.get_closest_marker(m) is not None for m in FULL_MARKERS):
        return "full"
    if any(name in FULL_FIXTURES for name in getattr(item, "fixturenames", ())):
        return "full"
    if _under(rel, FULL_DIRS) or rel in FULL_FILES:
        return "full"
    return "check" if _under(rel, CHECK_DIRS) else "fast"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--tier",
        choices=TIERS,
        default=None,
        help="run the tiers up to this one (default: fast for a bare `pytest`, full when paths are given)",
    )


def selected_tier(config: pytest.Config) -> str:
    tier: str | None = config.getoption("--tier")
    if tier is not None:
        return tier
    return "fast" if config.args_source is pytest.Config.ArgsSource.TESTPATHS else "full"


def pytest_configure(config: pytest.Config) -> None:
    for name, text in (
        ("check", "tier 1 (make check): in-process unit tests, < 60 s"),
        ("fast", "tier 2 (make test-fast, bare pytest): emulator over loopback, no ansible-playbook/pulumi CLI"),
        ("full", "tier 3 (make test only): ansible-playbook, ansible-test, the pulumi CLI, fuzzing, slow faults"),
    ):
        config.addinivalue_line("markers", f"{name}: {text}")


def _xdist_group(item: pytest.Item) -> str | None:
    """The xdist group of a test (``--dist loadgroup`` runs a group on one worker, in order): the ansible-test runs
    share one (ansible-test caches its own venvs); a test using a module- or class-scoped fixture shares its file's
    (its tests build on each other's state, e.g. one stack)."""
    path = Path(str(item.path)).resolve()
    if path.name in ANSIBLE_TEST_FILES and path.parent.name == "collection":
        return "ansible-test"
    info = getattr(item, "_fixtureinfo", None)
    defs = info.name2fixturedefs.values() if info is not None else ()
    if any(d.scope in ("module", "class", "package") for fixturedefs in defs for d in fixturedefs):
        return path.relative_to(TESTS).as_posix() if TESTS in path.parents else path.as_posix()
    return None


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which turns the xdist_group markers into node ids
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Give every test its tier marker and xdist group, and deselect the tiers above ``--tier``."""
    limit = TIERS.index(selected_tier(config))
    keep, drop = [], []
    for item in items:
        tier = tier_of(item)
        if item.get_closest_marker(tier) is None:
            item.add_marker(getattr(pytest.mark, tier))
        if "ansible_run" in getattr(item, "fixturenames", ()) and item.get_closest_marker("ansible") is None:
            item.add_marker(pytest.mark.ansible)
        group = _xdist_group(item)
        if group is not None and item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(group))
        (keep if TIERS.index(tier) <= limit else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[EmulatorHandle]:
    """The Barrack emulator on a free loopback port (instant transitions, no rate limit); one per xdist worker."""
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
