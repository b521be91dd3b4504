"""Issue-9 stack-user defects under the plain ``pulumi`` CLI: a number given as a string (what ``pulumi.Config().get``
returns) is created and recorded as a number; a generated private key survives an in-place update; a failed check
of an oversized secret input never prints its plaintext and writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from engine_support import Engine, Project, counts, list_all, writes

SECRET_MARK = "sEcReT-cloud-init-"


@pytest.fixture(scope="module")
def emu() -> Iterator[Any]:
    from barrack_emulator.testing import start_emulator

    with start_emulator(delay_scale=0.0) as handle:
        yield handle


@pytest.fixture(scope="module")
def stack(engine: Engine, emu: Any) -> Iterator[Project]:
    proj = engine.project("stack_defects", emu, name="defects", params={})
    yield proj
    proj.destroy(check=False)


def test_number_as_string_is_created_and_recorded_as_a_number(stack: Project, emu: Any) -> None:
    stack.run("config", "set", "size", "150")
    result = stack.up()
    assert result.changes() == {"create": 3}, result.output
    assert list_all(emu)["volumes"][0]["size_gb"] == 150
    assert stack.resources()["vol"]["outputs"]["size_gb"] == 150
    assert stack.outputs()["size_gb"] == 150
    stack.preview("--expect-no-changes")


def test_generated_private_key_survives_an_in_place_update(stack: Project, emu: Any) -> None:
    before = stack.outputs(show_secrets=True)["private_key"]
    assert before.startswith("-----BEGIN OPENSSH PRIVATE KEY-----")
    stack.set_params({"key_timeout": 120})
    result = stack.up()
    assert result.changes() == {"update": 1, "same": 2}, result.output
    assert stack.outputs(show_secrets=True)["private_key"] == before
    assert before not in stack.outputs()["private_key"]  # shown as a secret without --show-secrets


def test_failed_check_of_a_secret_input_shows_no_plaintext_and_writes_nothing(stack: Project, emu: Any) -> None:
    oversized = SECRET_MARK + "x" * (17 * 1024)
    stack.set_params({"key_timeout": 120, "cloud_init": oversized})
    emu.clear_log()
    failed = stack.preview(check=False)
    assert failed.returncode != 0
    assert "cloud_init" in failed.output, failed.output
    assert SECRET_MARK not in failed.output
    failed = stack.up(check=False)
    assert failed.returncode != 0
    assert SECRET_MARK not in failed.output
    assert writes(emu.request_log()) == []
    assert counts(emu)["instances"] == 0
