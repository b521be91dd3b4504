"""Fixtures of the stand-in language host tests (pulumi_language_host/, which is not part of the installed
distribution: it is put on sys.path from the checkout)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
for path in (str(REPO), str(HERE)):
    if path not in sys.path:
        sys.path.insert(0, path)

from langhost_support import RECORDER, FakeContext  # noqa: E402


@pytest.fixture
def shim(tmp_path: Path) -> Path:
    """A stand-in for pulumi-language-python-exec that writes its argv, cwd and environment to ``$RECORD_TO``."""
    path = tmp_path / "pulumi-language-python-exec"
    path.write_text(RECORDER)
    return path


@pytest.fixture
def context() -> FakeContext:
    return FakeContext()
