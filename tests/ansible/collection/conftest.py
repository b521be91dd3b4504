"""Session fixtures of the collection gates: the built tarball, built once per test session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .built import build_tarball
from .collection_paths import REPO_ROOT

if str(REPO_ROOT) not in sys.path:  # ansible_collections.barrack.cloud of the checkout, for the metadata tests
    sys.path.insert(0, str(REPO_ROOT))


@pytest.fixture(scope="session")
def built_tarball(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tarball of ``scripts/build-collection`` (shared_client vendored into it)."""
    return build_tarball(tmp_path_factory.mktemp("dist"))
