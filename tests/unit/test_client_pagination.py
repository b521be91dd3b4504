"""One iterator over the three page styles; largest page size requested; short-page stop."""

from __future__ import annotations

import httpx
from client_fakes import FakeAPI, make_client, ok


def _vols(start: int, n: int) -> list[dict[str, object]]:
    return [{"id": str(i), "name": f"v{i}"} for i in range(start, start + n)]


def _standard(total: int, with_fields: str) -> object:
    def reply(request: httpx.Request) -> httpx.Response:
        p = int(request.url.params["page"])
        size = int(request.url.params["page_size"])
        items = _vols((p - 1) * size, max(0, min(size, total - (p - 1) * size)))
        data: dict[str, object] = {"volumes": items}
        if with_fields == "has_next":
            data.update(total_count=total, page=p, page_size=size, has_next=p * size < total)
        elif with_fields == "total_count":
            data.update(total_count=total, page=p, page_size=size)
        return ok(data)

    return reply


def test_standard_style_has_next() -> None:
    api = FakeAPI().on("GET", "/volumes/", _standard(250, "has_next"))  # type: ignore[arg-type]
    with make_client(api) as c:
        names = [v.name for v in c.volumes.list()]
    assert len(names) == 250 and len(set(names)) == 250
    assert api.count("GET") == 3
    assert all(r.url.params["page_size"] == "100" for r in api.requests)
    assert [r.url.params["page"] for r in api.requests] == ["1", "2", "3"]
    assert all("search" not in r.url.params and "region" not in r.url.params for r in api.requests)  # unset: unsent


def test_standard_style_exact_multiple_stops_without_extra_request() -> None:
    api = FakeAPI().on("GET", "/volumes/", _standard(200, "has_next"))  # type: ignore[arg-type]
    with make_client(api) as c:
        assert len(list(c.volumes.list())) == 200
    assert api.count("GET") == 2


def test_total_count_only() -> None:
    api = FakeAPI().on("GET", "/volumes/", _standard(200, "total_count"))  # type: ignore[arg-type]
    with make_client(api) as c:
        assert len(list(c.volumes.list())) == 200
    assert api.count("GET") == 2


def test_no_page_fields_stops_on_short_page() -> None:
    api = FakeAPI().on("GET", "/volumes/", _standard(230, "none"))  # type: ignore[arg-type]
    with make_client(api) as c:
        assert len(list(c.volumes.list())) == 230
    assert api.count("GET") == 3


def test_no_page_fields_full_last_page_needs_empty_probe() -> None:
    api = FakeAPI().on("GET", "/volumes/", _standard(200, "none"))  # type: ignore[arg-type]
    with make_client(api) as c:
        assert len(list(c.volumes.list())) == 200
    assert api.count("GET") == 3  # 100, 100, then an empty page


def test_snapshot_style_uses_camel_case_page_size() -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        assert "page_size" not in request.url.params
        p, size = int(request.url.params["page"]), int(request.url.params["pageSize"])
        n = max(0, min(size, 150 - (p - 1) * size))
        items = [{"id": f"BRK-{i}S", "name": f"s{i}"} for i in range((p - 1) * size, (p - 1) * size + n)]
        return ok({"snapshots": items, "total_count": 150, "page": p, "page_size": size, "has_next": p * size < 150})

    api = FakeAPI().on("GET", "/snapshots/", reply)
    with make_client(api) as c:
        assert len(list(c.snapshots.list(search="s"))) == 150
    assert [r.url.params["pageSize"] for r in api.requests] == ["100", "100"]
    assert all(r.url.params["search"] == "s" for r in api.requests)


def test_billing_style_limit_and_total_pages() -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        p, limit = int(request.url.params["page"]), int(request.url.params["limit"])
        recs = [{"resource_id": f"r{p}-{i}", "amount": 1.0} for i in range(limit if p < 3 else 5)]
        return ok(
            {"records": recs, "summary": {"total_amount": 0}, "total": 205, "page": p, "limit": limit, "total_pages": 3}
        )

    api = FakeAPI().on("GET", "/instances/billing/", reply)
    with make_client(api) as c:
        assert len(list(c.billing.instances())) == 205
    assert [r.url.params["limit"] for r in api.requests] == ["100"] * 3


def test_billing_total_without_total_pages() -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        p = int(request.url.params["page"])
        return ok({"records": [{"resource_id": str(i)} for i in range(100 if p == 1 else 1)], "total": 101})

    api = FakeAPI().on("GET", "/volumes/billing/", reply)
    with make_client(api) as c:
        assert len(list(c.volumes.billing())) == 101
    assert api.count("GET") == 2


def test_server_smaller_page_size_is_respected() -> None:
    def reply(request: httpx.Request) -> httpx.Response:  # server caps pages at 20 whatever is asked
        p = int(request.url.params["page"])
        return ok({"volumes": _vols((p - 1) * 20, 20 if p < 3 else 7), "total_count": 47, "page": p, "page_size": 20})

    api = FakeAPI().on("GET", "/volumes/", reply)
    with make_client(api) as c:
        assert len(list(c.volumes.list())) == 47
    assert api.count("GET") == 3


def test_single_page_lists_send_no_paging() -> None:
    api = FakeAPI().on("GET", "/regions/", ok({"regions": [{"name": "CANADA-1", "tier": "legacy"}]}))
    with make_client(api) as c:
        assert [r.id for r in c.regions.list()] == ["CANADA-1"]
    assert "page" not in api.requests[0].url.params


def test_region_filter_sent_and_applied() -> None:
    api = FakeAPI().on(
        "GET",
        "/volumes/",
        ok(
            {
                "volumes": [
                    {"id": "1", "name": "a", "region": "FINLAND-1"},
                    {"id": "2", "name": "b", "region": "CANADA-1"},
                ],
                "has_next": False,
            }
        ),
    )
    with make_client(api) as c:
        assert [v.id for v in c.volumes.list(region="FINLAND-1")] == ["1"]
    assert api.requests[0].url.params["region"] == "FINLAND-1"


def test_iteration_is_lazy() -> None:
    api = FakeAPI().on("GET", "/volumes/", _standard(1000, "has_next"))  # type: ignore[arg-type]
    with make_client(api) as c:
        it = c.volumes.list()
        next(it)
        assert api.count("GET") == 1
