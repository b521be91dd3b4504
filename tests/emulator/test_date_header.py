"""The ``Date`` header follows the emulator clock, as a real server's follows the clock of its ``created_at``."""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime

import httpx

from tests.emulator.conftest import Api


def _date_of(resp: httpx.Response) -> float:
    values = resp.headers.get_list("date")
    assert len(values) == 1, values  # one Date header: uvicorn's own is off
    return parsedate_to_datetime(values[0]).timestamp()


def test_date_header_follows_the_emulator_clock(api: Api) -> None:
    before = _date_of(api.call("GET", "/volumes/", expect=200))
    api.emu.advance_clock(3600)
    after = _date_of(api.call("GET", "/volumes/", expect=200))
    assert 3590 <= after - before <= 3660
    key_id = api.ssh_key("dated")
    resp = api.call("GET", f"/ssh-keys/{key_id}/", expect=200)
    created = datetime.fromisoformat(resp.json()["data"]["created_at"].replace("Z", "+00:00")).timestamp()
    assert abs(_date_of(resp) - created) < 5
