"""Retry decisions per status x method, Retry-After, budgets (MockTransport, no sleeping)."""

from __future__ import annotations

import time
from email.utils import formatdate

import httpx
import pytest
from client_fakes import FakeAPI, FakeClock, err, make_client, ok, volume

from shared_client import RetryPolicy, errors
from shared_client.retry import Decision, parse_retry_after

RETRIED_IDEMPOTENT = {429, 500, 502, 503, 504}
RETRIED_POST = {429, 503}
AMBIGUOUS_POST = {500, 502, 504}


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 409, 429, 500, 502, 503, 504])
@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "POST"])
def test_decision_matrix(method: str, status: int) -> None:
    d = RetryPolicy().decide_status(method, status)
    if method == "POST":
        expected = (
            Decision.RETRY
            if status in RETRIED_POST
            else (Decision.AMBIGUOUS if status in AMBIGUOUS_POST else Decision.FAIL)
        )
    else:
        expected = Decision.RETRY if status in RETRIED_IDEMPOTENT else Decision.FAIL
    assert d is expected


@pytest.mark.parametrize("status", sorted(RETRIED_IDEMPOTENT))
def test_get_retried_then_succeeds(status: int) -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", err(status), ok(volume()))
    sleeps: list[float] = []
    with make_client(api, sleeps=sleeps) as c:
        assert c.volumes.get("5001").name == "data-1"
    assert api.count("GET") == 2
    assert sleeps == [0.5]  # first backoff ceiling: base 0.5 s


@pytest.mark.parametrize("status", [400, 409, 404])
def test_get_not_retried(status: int) -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", err(status), ok(volume()))
    with make_client(api) as c, pytest.raises(errors.APIError) as ei:
        c.volumes.get("5001")
    assert ei.value.status == status
    assert api.count("GET") == 1


@pytest.mark.parametrize(
    "method,path,call",
    [
        (
            "PUT",
            "/scripts/{id}/",
            lambda c: c.scripts.update("7", __import__("shared_client.models", fromlist=["x"]).ScriptUpdate(name="s1")),
        ),
        ("DELETE", "/volumes/{id}/", lambda c: c.volumes.delete("5001")),
    ],
)
@pytest.mark.parametrize("status", sorted(RETRIED_IDEMPOTENT))
def test_put_delete_retried(method: str, path: str, call, status: int) -> None:  # type: ignore[no-untyped-def]
    api = FakeAPI().on(method, path, err(status), ok({"id": "7", "name": "s1"} if method == "PUT" else None))
    with make_client(api) as c:
        call(c)
    assert api.count(method) == 2


@pytest.mark.parametrize("status", sorted(RETRIED_POST))
def test_post_retried_on_429_503(status: int) -> None:
    api = FakeAPI().on(
        "POST", "/instances/{id}/start/", err(status), ok({"instance_id": "BRK-1D", "status": "STARTING"})
    )
    with make_client(api) as c:
        assert c.instances.start("BRK-1D").status == "STARTING"
    assert api.count("POST") == 2


@pytest.mark.parametrize("status", sorted(AMBIGUOUS_POST))
def test_post_action_ambiguous_not_resent(status: int) -> None:
    api = FakeAPI().on("POST", "/instances/{id}/start/", err(status), ok({"instance_id": "BRK-1D"}))
    with make_client(api) as c, pytest.raises(errors.ServerError) as ei:
        c.transport.call("instances.start", ids={"id": "BRK-1D"})
    assert ei.value.ambiguous is True
    assert api.count("POST") == 1


@pytest.mark.parametrize("status", sorted(AMBIGUOUS_POST))
def test_ambiguous_action_that_landed_is_not_resent(status: int) -> None:
    api = FakeAPI().on("POST", "/instances/{id}/start/", err(status), ok({"instance_id": "BRK-1D"}))
    api.on("GET", "/instances/{id}/", ok({"instance_id": "BRK-1D", "status": "STARTING"}))
    with make_client(api) as c:
        assert c.instances.start("BRK-1D").status == "STARTING"  # re-read: applied
    assert api.count("POST") == 1 and api.count("GET") == 1


def test_ambiguous_action_that_did_not_land_is_resent_once() -> None:
    api = FakeAPI().on("POST", "/instances/{id}/start/", err(500), ok({"instance_id": "BRK-1D", "status": "STARTING"}))
    api.on("GET", "/instances/{id}/", ok({"instance_id": "BRK-1D", "status": "SHUTOFF"}))
    with make_client(api) as c:
        assert c.instances.start("BRK-1D").status == "STARTING"
    assert api.count("POST") == 2 and api.count("GET") == 1


def test_ambiguous_action_whose_reread_fails_stays_ambiguous() -> None:
    api = FakeAPI().on("POST", "/instances/{id}/stop/", httpx.RemoteProtocolError("dropped"))
    api.on("GET", "/instances/{id}/", err(500))
    with make_client(api) as c, pytest.raises(errors.OutcomeUnknown) as ei:
        c.instances.stop("BRK-1D")
    assert ei.value.ambiguous and isinstance(ei.value.last_error, errors.RetryBudgetExceeded)
    assert isinstance(ei.value.last_error.last_error, errors.ServerError)
    assert isinstance(ei.value.write_error, errors.TransportError)
    assert api.count("POST") == 1


def test_late_landing_resend_answered_invalid_state_is_decided_by_rereading() -> None:
    api = FakeAPI().on(
        "POST", "/volumes/{id}/resize/", httpx.RemoteProtocolError("dropped"), err(400, "INVALID_STATE", "busy")
    )
    api.on("GET", "/volumes/{id}/", ok(volume(size_gb=200)), ok(volume(size_gb=200)), ok(volume(size_gb=300)))
    with make_client(api) as c:
        vol, changed = c.volumes.resize("5001", 300)
    assert vol.size_gb == 300 and changed
    assert api.count("POST") == 2


def test_post_connect_error_retried() -> None:
    api = FakeAPI().on(
        "POST",
        "/instances/{id}/stop/",
        httpx.ConnectError("refused"),
        httpx.ConnectTimeout("slow connect"),
        ok({"instance_id": "BRK-1D", "status": "STOPPING"}),
    )
    with make_client(api) as c:
        assert c.instances.stop("BRK-1D").status == "STOPPING"
    assert api.count("POST") == 3


@pytest.mark.parametrize(
    "exc", [httpx.ReadTimeout("read"), httpx.RemoteProtocolError("dropped"), httpx.ReadError("reset")]
)
def test_post_read_failures_are_ambiguous(exc: Exception) -> None:
    api = FakeAPI().on("POST", "/instances/{id}/stop/", exc, ok({"instance_id": "BRK-1D"}))
    with make_client(api) as c, pytest.raises(errors.TransportError) as ei:
        c.transport.call("instances.stop", ids={"id": "BRK-1D"})
    assert ei.value.ambiguous and ei.value.__cause__ is None  # httpx's exception is never chained
    assert api.count("POST") == 1


@pytest.mark.parametrize(
    "exc", [httpx.ReadTimeout("read"), httpx.RemoteProtocolError("dropped"), httpx.ConnectError("refused")]
)
def test_get_transport_errors_retried(exc: Exception) -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", exc, ok(volume()))
    with make_client(api) as c:
        c.volumes.get("5001")
    assert api.count("GET") == 2


def test_retry_after_seconds_honoured() -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", err(429, "RATE_LIMITED", headers={"Retry-After": "3"}), ok(volume()))
    sleeps: list[float] = []
    with make_client(api, sleeps=sleeps) as c:
        c.volumes.get("5001")
    assert sleeps == [3.0]


def test_retry_after_http_date_honoured() -> None:
    when = formatdate(time.time() + 5, usegmt=True)
    api = FakeAPI().on("GET", "/volumes/{id}/", err(503, headers={"Retry-After": when}), ok(volume()))
    sleeps: list[float] = []
    with make_client(api, sleeps=sleeps) as c:
        c.volumes.get("5001")
    assert len(sleeps) == 1 and 3.0 <= sleeps[0] <= 5.0


def test_parse_retry_after() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after(formatdate(1000.0, usegmt=True), now=990.0) == pytest.approx(10.0)
    assert parse_retry_after(formatdate(1000.0, usegmt=True), now=2000.0) == 0.0


def test_backoff_exponential_capped_full_jitter() -> None:
    seen: list[tuple[float, float]] = []
    p = RetryPolicy(backoff_base=0.5, backoff_cap=3.0, rng=lambda lo, hi: seen.append((lo, hi)) or hi)
    assert [p.backoff(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    assert all(lo == 0.0 for lo, _ in seen)  # full jitter: uniform(0, ceiling)
    real = RetryPolicy(backoff_base=0.5, backoff_cap=3.0)
    assert all(0.0 <= real.backoff(4) <= 3.0 for _ in range(50))


def test_max_attempts_gives_clear_error_with_last_error() -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", err(503, "INTERNAL_ERROR", "overloaded", request_id="r-last"))
    with make_client(api, max_attempts=4) as c, pytest.raises(errors.RetryBudgetExceeded) as ei:
        c.volumes.get("5001")
    assert api.count("GET") == 4
    e = ei.value
    assert isinstance(e.last_error, errors.ServerError) and e.last_error.status == 503
    assert e.attempts == 4
    assert "4 attempt" in str(e) and "overloaded" in str(e) and "r-last" in str(e)


def test_time_budget_exhausted_by_retry_after() -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", err(429, "RATE_LIMITED", headers={"Retry-After": "30"}))
    sleeps: list[float] = []
    with make_client(api, sleeps=sleeps, total_budget=5.0) as c, pytest.raises(errors.RetryBudgetExceeded) as ei:
        c.volumes.get("5001")
    assert sleeps == []  # never sleeps past the budget
    assert api.count("GET") == 1
    assert isinstance(ei.value.last_error, errors.RateLimited)
    assert "budget" in str(ei.value)


def test_time_budget_real_clock() -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", err(502))
    clock = FakeClock()
    policy = RetryPolicy(
        max_attempts=100,
        backoff_base=0.0625,
        backoff_cap=0.0625,
        rng=lambda lo, hi: hi,
        sleep=clock.sleep,
        clock=clock.now,
    )
    from shared_client import BarrackClient

    with BarrackClient(
        api_key="k" * 8, base_url="http://[::1]/api", transport=httpx.MockTransport(api), retry=policy, total_budget=0.3
    ) as c:
        t0 = clock.now()
        with pytest.raises(errors.RetryBudgetExceeded) as ei:
            c.volumes.get("1")
        assert clock.now() - t0 < 0.3  # never sleeps past the budget
    assert "budget" in str(ei.value) and ei.value.attempts == api.count("GET")
    assert api.count("GET") == 5 and clock.slept == [0.0625] * 4  # a 5th backoff would end past the 0.3 s budget


def test_connect_errors_exhausted_raise_transport_error_inside() -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", httpx.ConnectError("refused"))
    with make_client(api, max_attempts=3) as c, pytest.raises(errors.RetryBudgetExceeded) as ei:
        c.volumes.get("5001")
    assert isinstance(ei.value.last_error, errors.TransportError)
    assert "ConnectError" in str(ei.value)


def test_pricing_post_is_retried_like_a_read() -> None:
    api = FakeAPI().on("POST", "/pricing/", err(502), ok({"pricing_data": {"gpus": [], "estimate": {"hourly": 1.38}}}))
    with make_client(api) as c:
        assert c.pricing.hourly_cost("RTX-A6000", 2) == 1.38
    assert api.count("POST") == 2


def test_permanent_transport_failures_are_not_retried() -> None:
    import ssl

    tls = httpx.ConnectError("certificate verify failed")
    tls.__cause__ = ssl.SSLCertVerificationError("self-signed certificate")
    for exc in (tls, httpx.UnsupportedProtocol("ftp://"), httpx.LocalProtocolError("bad header")):
        api = FakeAPI().on("GET", "/volumes/{id}/", exc, ok(volume()))
        with make_client(api) as c, pytest.raises(errors.TransportError):
            c.volumes.get("5001")
        assert api.count("GET") == 1, exc


def test_attempt_timeout_is_clipped_to_the_budget() -> None:
    seen: list[dict[str, float]] = []

    def reply(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return ok(volume())

    api = FakeAPI().on("GET", "/volumes/{id}/", reply)
    with make_client(api, total_budget=5.0, timeout=30.0) as c:
        c.volumes.get("5001")
    assert 4.0 < seen[0]["read"] <= 5.0  # not the 30 s default
    with make_client(api, total_budget=60.0, timeout=30.0) as c:
        c.volumes.get("5001")
    assert seen[1]["read"] == 30.0


def test_timed_out_action_is_watched_before_it_is_sent_again() -> None:
    """After a read timeout the request may still run on the server: the client watches for it to land (up to twice
    the request timeout) instead of sending it again at once."""
    api = FakeAPI().on("POST", "/instances/{id}/stop/", httpx.ReadTimeout("slow"))
    api.on(
        "GET",
        "/instances/{id}/",
        ok({"instance_id": "BRK-1D", "status": "ACTIVE"}),
        ok({"instance_id": "BRK-1D", "status": "ACTIVE"}),
        ok({"instance_id": "BRK-1D", "status": "STOPPING"}),
    )
    with make_client(api) as c:
        assert c.instances.stop("BRK-1D").status == "STOPPING"
    assert api.count("POST") == 1 and api.count("GET") == 3
