"""`shared_client.connection.plain_resolved` (settings without pydantic) gives what `ClientSettings` gives, or
leaves the input to the model (None)."""

from __future__ import annotations

from typing import Any

import pytest

from shared_client.connection import plain_resolved
from shared_client.models.settings import ClientSettings

URL = "http://127.0.0.1:8765/api"


def plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.get_secret_value() if hasattr(v, "get_secret_value") else v for k, v in values.items()}


@pytest.mark.parametrize(
    ("given", "environ"),
    [
        ({"api_key": "k", "base_url": URL}, {}),
        ({"api_key": "k", "base_url": f"  {URL} ", "timeout": 1, "max_attempts": 1}, {}),
        ({"timeout": 2.5, "verify": False, "allow_insecure_http": True, "max_response_bytes": 4096}, {}),
        ({"auth_header": "X-Key", "auth_scheme": ""}, {"BARRACK_API_KEY": "env", "BARRACK_API_URL": URL}),
        ({"api_key": "  ", "base_url": " "}, {"BARRACK_API_KEY": "env", "BARRACK_AUTH_SCHEME": "  "}),
        ({}, {"BARRACK_API_KEY": " ", "BARRACK_AUTH_HEADER": "X-Key"}),
    ],
)
def test_plain_resolution_equals_the_model(given: dict[str, Any], environ: dict[str, str]) -> None:
    resolved = plain_resolved(given, environ)
    assert resolved is not None
    assert plain(resolved) == plain(ClientSettings(**given).resolved(environ))


@pytest.mark.parametrize(
    ("given", "environ"),
    [
        ({"timeout": "30"}, {}),  # a conversion
        ({"timeout": 0}, {}),  # invalid: the model's error
        ({"max_attempts": 21}, {}),
        ({"max_attempts": True}, {}),
        ({"max_response_bytes": 10}, {}),
        ({"verify": "false"}, {}),
        ({"base_url": "ftp://x"}, {}),
        ({"api_key": 5}, {}),
        ({"unknown": 1}, {}),
        ({}, {"BARRACK_API_TIMEOUT": "5"}),
        ({}, {"BARRACK_API_URL": "barrack.ai"}),
    ],
)
def test_anything_else_is_left_to_the_model(given: dict[str, Any], environ: dict[str, str]) -> None:
    assert plain_resolved(given, environ) is None
