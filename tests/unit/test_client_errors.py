"""Error mapping: status -> class, fields, request_id, str()."""

from __future__ import annotations

import httpx
import pytest
from client_fakes import FakeAPI, err, make_client

from shared_client import errors


@pytest.mark.parametrize(
    "status,code,cls",
    [
        (400, "VALIDATION_ERROR", errors.ValidationError),
        (400, "INVALID_STATE", errors.InvalidState),
        (400, None, errors.ValidationError),
        (401, "AUTHENTICATION_FAILED", errors.AuthenticationError),
        (402, "INSUFFICIENT_BALANCE", errors.InsufficientBalance),
        (403, "PERMISSION_DENIED", errors.PermissionDenied),
        (404, "NOT_FOUND", errors.NotFound),
        (404, "CONFLICT", errors.NotFound),  # the status wins over error_code
        (409, "CONFLICT", errors.Conflict),
        (418, "TEAPOT", errors.APIError),
        (500, "INTERNAL_ERROR", errors.ServerError),
    ],
)
def test_status_maps_to_class(status: int, code: str | None, cls: type[errors.APIError]) -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", err(status, code or "", "boom", request_id="abc123"))
    with make_client(api) as c, pytest.raises(errors.BarrackError) as ei:
        c.volumes.get("1")
    got = ei.value.last_error if isinstance(ei.value, errors.RetryBudgetExceeded) else ei.value  # 5xx are retried
    assert type(got) is cls
    assert isinstance(got, errors.APIError) and got.status == status
    assert got.request_id == "abc123"
    assert isinstance(ei.value, errors.BarrackError)


def test_field_errors_and_str() -> None:
    api = FakeAPI().on(
        "POST",
        "/instances/{id}/attach-volumes/",
        err(
            400,
            "VALIDATION_ERROR",
            "Invalid query parameters",
            errors={"page": ["Ensure this value is greater than or equal to 1."]},
            request_id="a1b2c3d4",
        ),
    )
    with make_client(api) as c, pytest.raises(errors.ValidationError) as ei:
        c.instances.attach_volumes("BRK-1D", ["5"])
    e = ei.value
    assert e.field_errors == {"page": ["Ensure this value is greater than or equal to 1."]}
    assert e.error_code == "VALIDATION_ERROR"
    assert str(e) == (
        "400 VALIDATION_ERROR: Invalid query parameters "
        "[page: Ensure this value is greater than or equal to 1.] (request_id=a1b2c3d4)"
    )


def test_request_id_from_header_when_body_lacks_it() -> None:
    api = FakeAPI().on(
        "GET",
        "/volumes/{id}/",
        httpx.Response(404, json={"success": False, "message": "gone"}, headers={"X-Request-Id": "hdr-1"}),
    )
    with make_client(api) as c, pytest.raises(errors.NotFound) as ei:
        c.volumes.get("1")
    assert ei.value.request_id == "hdr-1"
    assert str(ei.value) == "404: gone (request_id=hdr-1)"


def test_non_json_error_body() -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", httpx.Response(500, text="<html>bad gateway</html>"))
    with make_client(api, max_attempts=1) as c, pytest.raises(errors.RetryBudgetExceeded) as ei:
        c.volumes.get("1")
    assert isinstance(ei.value.last_error, errors.ServerError) and ei.value.last_error.status == 500
    assert "Internal Server Error" in str(ei.value)


def test_success_false_in_200_is_an_error() -> None:
    api = FakeAPI().on(
        "GET", "/volumes/{id}/", httpx.Response(200, json={"success": False, "message": "nope", "error_code": "X"})
    )
    with make_client(api) as c, pytest.raises(errors.APIError, match="nope"):
        c.volumes.get("1")


def test_rate_limited_carries_retry_after() -> None:
    api = FakeAPI().on("POST", "/instances/{id}/stop/", err(429, "RATE_LIMITED", headers={"Retry-After": "99"}))
    with make_client(api, total_budget=5) as c, pytest.raises(errors.RetryBudgetExceeded) as ei:
        c.instances.stop("BRK-1D")
    last = ei.value.last_error
    assert isinstance(last, errors.RateLimited) and last.retry_after == 99.0


def test_delete_missing_ok() -> None:
    api = FakeAPI().on("DELETE", "/volumes/{id}/", err(404, "NOT_FOUND"))
    with make_client(api) as c:
        assert c.volumes.delete("1") is False  # already gone: nothing deleted by this call
        with pytest.raises(errors.NotFound):
            c.volumes.delete("1", missing_ok=False)


def test_client_side_validation_error_str_names_field() -> None:
    e = errors.ValidationError.for_field("size_gb", "can only grow")
    assert e.status is None
    assert "size_gb: can only grow" in str(e)


def test_delete_404_after_a_retried_attempt_is_success() -> None:
    # first DELETE's answer lost (the server did delete), the retry sees 404: that is success even if not missing_ok
    api = FakeAPI().on("DELETE", "/volumes/{id}/", httpx.ReadTimeout("lost"), err(404, "NOT_FOUND"))
    with make_client(api) as c:
        c.volumes.delete("1", missing_ok=False)
    assert api.count("DELETE") == 2
