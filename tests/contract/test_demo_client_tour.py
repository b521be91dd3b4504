"""The client part of ``make demo`` runs against the emulator and leaves nothing behind."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from barrack_demo.client_demo import run_client_demo

LISTS = {"/instances/": "instances", "/volumes/": "volumes", "/firewalls/": "firewalls", "/ssh-keys/": "ssh_keys"}


def test_client_tour_runs_and_cleans_up(emulator: Any, capsys: pytest.CaptureFixture[str]) -> None:
    run_client_demo(emulator.base_url, emulator.api_key)
    out = capsys.readouterr().out
    assert "instance stopped for it: True, now ACTIVE" in out  # attach with stop_if_needed restored the power state
    assert "hibernated -> HIBERNATED" in out and "restored   -> ACTIVE" in out
    assert emulator.api_key not in out
    # no write was refused (the GETs that answer 404 are the waits for the deletions)
    refused = [r for r in emulator.request_log() if r["method"] != "GET" and r["status"] >= 400]
    assert refused == []
    with httpx.Client(base_url=emulator.base_url, headers=emulator.headers) as http:
        for route, key in LISTS.items():
            assert http.get(route).json()[key] == [], route
