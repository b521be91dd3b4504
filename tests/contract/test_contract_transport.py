"""Transport against the emulator: auth variants, 401, pagination of the real page styles, request counts."""

from __future__ import annotations

from typing import Any

import pytest
from client_contract_support import fast_client

from shared_client import BarrackClient, errors


@pytest.mark.parametrize(
    "header,scheme", [("Authorization", "Bearer"), ("Authorization", "Api-Key"), ("X-API-Key", ""), ("api_key", "")]
)
def test_auth_header_variants(emulator: Any, header: str, scheme: str) -> None:
    with fast_client(emulator, auth_header=header, auth_scheme=scheme) as c:
        assert c.balance.get().balance > 0


def test_wrong_key_is_401_and_not_shown(emulator: Any) -> None:
    bad = "wrong-key-0123456789"
    with BarrackClient(api_key=bad, base_url=emulator.base_url) as c, pytest.raises(errors.AuthenticationError) as ei:
        c.balance.get()
    assert ei.value.status == 401 and bad not in str(ei.value) and ei.value.request_id


def test_volume_listing_uses_minimum_requests(emulator: Any, client: BarrackClient) -> None:
    emulator.seed("volume", 250, region="FINLAND-1", volume_type="NVMe", size_gb=100)
    emulator.clear_log()
    vols = list(client.volumes.list())
    assert len(vols) == 250 and len({v.id for v in vols}) == 250
    assert emulator.request_counts()["GET /volumes/"] == 3  # page size 100 (the default 20 would need 13)


def test_snapshot_listing_camel_case(emulator: Any, client: BarrackClient) -> None:
    emulator.seed("snapshot", 130)
    emulator.clear_log()
    assert len(list(client.snapshots.list())) == 130
    assert emulator.request_counts()["GET /snapshots/"] == 2


def test_search_and_region_filters(emulator: Any, client: BarrackClient) -> None:
    emulator.seed("volume", 5, region="FINLAND-1", volume_type="NVMe", size_gb=100, name_prefix="alpha")
    emulator.seed("volume", 5, region="FINLAND-2", volume_type="NVMe", size_gb=100, name_prefix="beta")
    assert len(list(client.volumes.list(search="alpha"))) == 5
    assert {v.region for v in client.volumes.list(region="FINLAND-2")} == {"FINLAND-2"}
    name = next(iter(client.volumes.list(search="beta"))).name
    assert client.volumes.find_by_name(name or "", "FINLAND-2") is not None
