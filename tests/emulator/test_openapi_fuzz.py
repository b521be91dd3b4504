"""Property-based fuzzing of the emulator's own OpenAPI document (schemathesis v3): no 5xx on any input."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from barrack_emulator.testing import EmulatorHandle


@pytest.fixture
def api_schema(emulator_server: EmulatorHandle) -> schemathesis.BaseSchema:
    emulator_server.reset_all()
    root = emulator_server.base_url.rsplit("/api", 1)[0]
    schemathesis.experimental.OPEN_API_3_1.enable()  # FastAPI emits OpenAPI 3.1
    return schemathesis.from_uri(root + "/openapi.json", base_url=root)


schema = schemathesis.from_pytest_fixture("api_schema")


@schema.parametrize(data_generation_methods=schemathesis.DataGenerationMethod.all())
@settings(max_examples=15, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_server_error(case: schemathesis.Case, emulator_server: EmulatorHandle) -> None:
    response = case.call(headers={"Authorization": f"Bearer {emulator_server.api_key}"}, timeout=10)
    case.validate_response(response, checks=(not_a_server_error,))
