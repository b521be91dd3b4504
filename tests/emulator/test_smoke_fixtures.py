"""The shared fixtures give a live, reset emulator."""

from __future__ import annotations

import httpx


def test_emulator_fixture_serves_api_and_resets(emulator) -> None:
    r = httpx.post(emulator.base_url + "/scripts/", headers=emulator.headers,
                   json={"name": "s1", "content": "echo hi"})
    assert r.status_code == 201
    assert emulator.request_counts()["POST /scripts/"] == 1
    emulator.reset_all()
    r = httpx.get(emulator.base_url + "/scripts/", headers=emulator.headers)
    assert r.json()["data"]["scripts"] == []
    assert emulator.request_counts()["POST /scripts/"] == 0
