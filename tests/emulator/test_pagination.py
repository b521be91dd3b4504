"""The three page styles, list keys, search and region filters."""

from __future__ import annotations

import pytest

from .conftest import Api

ENVELOPE = {"success", "message", "request_id", "timestamp"}


def test_standard_page_style_walks_all_pages(api: Api) -> None:
    api.emu.seed("volumes", 45, region="FINLAND-2")
    seen = []
    page = 1
    while True:
        data = api.data("GET", "/volumes/", params={"page": page, "page_size": 20})
        assert set(data) == ENVELOPE | {"volumes", "total_count", "page", "page_size", "has_next"}
        assert data["total_count"] == 45 and data["page"] == page and data["page_size"] == 20
        seen += [v["id"] for v in data["volumes"]]
        if not data["has_next"]:
            break
        page += 1
    assert page == 3 and len(seen) == len(set(seen)) == 45


def test_default_and_max_page_size(api: Api) -> None:
    api.emu.seed("scripts", 25)
    data = api.data("GET", "/scripts/")
    assert data["page_size"] == 20 and len(data["scripts"]) == 20 and data["has_next"] is True
    data = api.data("GET", "/scripts/", params={"page_size": 100})
    assert len(data["scripts"]) == 25 and data["has_next"] is False
    err = api.error("GET", "/scripts/?page_size=101", code="VALIDATION_ERROR")
    assert "page_size" in err["errors"]
    assert api.data("GET", "/scripts/", params={"page": 9})["scripts"] == []


def test_snapshots_use_camelcase_page_size(api: Api) -> None:
    api.emu.seed("snapshots", 7)
    data = api.data("GET", "/snapshots/", params={"pageSize": 5, "page": 2})
    assert len(data["snapshots"]) == 2 and data["total_count"] == 7 and data["page_size"] == 5
    assert data["has_next"] is False
    assert "pageSize" in api.error("GET", "/snapshots/?pageSize=0")["errors"]


def test_custom_images_page_style(api: Api) -> None:
    api.emu.seed("images", 3)
    data = api.data("GET", "/custom-images/", params={"page_size": 2})
    # the documented example: items and page fields at the top level, beside `tier` (no `data`)
    assert set(data) == ENVELOPE | {"images", "total_count", "page", "page_size", "has_next", "tier"}
    assert data["tier"] == "legacy"
    assert data["has_next"] is True and data["images"][0]["type"] == "Snapshot"


@pytest.mark.parametrize("path", ["/instances/billing/", "/volumes/billing/", "/snapshots/billing/"])
def test_billing_page_style(api: Api, path: str) -> None:
    kind = path.split("/")[1]
    api.emu.seed(kind, 5)
    data = api.data("GET", path, params={"limit": 2, "page": 3})
    assert set(data) >= {"records", "summary", "total", "page", "limit", "total_pages"}
    assert data["total"] == 5 and data["limit"] == 2 and data["total_pages"] == 3 and len(data["records"]) == 1
    assert data["summary"]["currency"] == "USD"
    assert "limit" in api.error("GET", path + "?limit=0")["errors"]


@pytest.mark.parametrize(
    "path,key",
    [
        ("/regions/", "regions"),
        ("/gpu-specs/", "gpu_specs"),
        ("/gpu-stocks/", "stocks"),
        ("/os-images/", "images"),
        ("/volumes/types/", "volume_types"),
        ("/firewalls/protocols/", "protocols"),
    ],
)
def test_catalogue_lists_are_one_page(api: Api, path: str, key: str) -> None:
    data = api.data("GET", path)
    assert set(data) == ENVELOPE | {key} and data[key]


def test_search_is_case_insensitive_substring_and_region_filters(api: Api) -> None:
    api.volume("Data-Alpha", region="CANADA-1")
    api.volume("data-beta", region="FINLAND-1")
    api.volume("other", region="FINLAND-1")
    names = {v["name"] for v in api.data("GET", "/volumes/", params={"search": "DATA"})["volumes"]}
    assert names == {"Data-Alpha", "data-beta"}
    names = {
        v["name"] for v in api.data("GET", "/volumes/", params={"search": "data", "region": "FINLAND-1"})["volumes"]
    }
    assert names == {"data-beta"}
    inst = api.instance("Worker One")
    found = api.data("GET", "/instances/", params={"search": "worker"})["instances"]
    assert [i["instance_id"] for i in found] == [inst["instance_id"]]
