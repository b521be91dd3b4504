"""The client against servers that misbehave on purpose, over real HTTP on loopback (issue 15 §6, §7, §9, §10):
every call ends within its total budget, bodies are bounded, the key never comes back in any form, deep JSON is a
typed error."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from client_contract_support import fast_client
from hostile_server import drip, hostile, reply

from shared_client import BarrackClient, errors
from shared_client.redaction import WITHHELD

ROOT = Path(__file__).resolve().parents[2]
KEY = "sk-Live-9F8e7D6c5B4a3F2e1D0c9B8a7F6e5D4c"
MARGIN = 1.5  # seconds past the budget a call may take (teardown of the attempt, scheduling on a busy machine)


def client(url: str, **kwargs: Any) -> BarrackClient:
    kwargs.setdefault("timeout", 2)
    kwargs.setdefault("total_budget", 6)
    return BarrackClient(api_key=KEY, base_url=url, **kwargs)


# -- §6: one total deadline per call ----------------------------------------------------------------------------
BODY_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
HEADER_DRIP = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"


@pytest.mark.parametrize(
    "head,payload",
    [
        (BODY_HEAD, b'{"success": true, "data": {"id": "1", "name": "' + b"x" * 1000),  # valid header, body drips
        (HEADER_DRIP, b"X-Slow: " + b"a" * 1000),  # the headers themselves never end
    ],
    ids=["body-drip", "header-drip"],
)
def test_a_drip_cannot_hold_a_call_past_its_total_budget(head: bytes, payload: bytes) -> None:
    """One byte every 0.5 s never trips a 2 s read timeout; the 6 s total budget ends the call anyway."""
    with hostile(lambda conn, _h, stop: drip(conn, head, payload, 0.5, stop)) as url, client(url) as c:
        started = time.monotonic()
        with pytest.raises(errors.BarrackError) as ei:
            c.volumes.get("1")
        took = time.monotonic() - started
    print(f"deadline held: call ended after {took:.2f}s (budget 6s)")
    assert took < 6 + MARGIN, f"the call took {took:.1f}s with a 6s budget"
    assert isinstance(ei.value, errors.RetryBudgetExceeded | errors.TransportError)
    assert "budget" in str(ei.value) or "timed out" in str(ei.value).lower() or "Timeout" in str(ei.value)


def test_a_drip_on_a_create_ends_in_budget_and_is_ambiguous() -> None:
    with (
        hostile(lambda conn, _h, stop: drip(conn, BODY_HEAD, b"{", 0.5, stop)) as url,
        client(url, total_budget=3) as c,
    ):
        started = time.monotonic()
        with pytest.raises(errors.BarrackError) as ei:
            c.transport.call("volumes.create", json={"name": "v"})
        took = time.monotonic() - started
    assert took < 3 + MARGIN and ei.value.ambiguous


def test_every_socket_of_the_default_pool_is_deadline_aware() -> None:
    """Guards the one private attribute the deadline relies on: an httpx/httpcore upgrade that moves the pool's
    network backend fails here instead of silently dropping the deadline."""
    from shared_client.deadline import DeadlineBackend

    with client("http://127.0.0.1:9/api") as c:
        pool = c.transport._http._transport._pool  # type: ignore[attr-defined]
        assert isinstance(pool._network_backend, DeadlineBackend)


# -- §7: bounded bodies ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("framing", ["content-length", "chunked"])
def test_a_400_mb_body_is_refused_without_buffering_it(framing: str) -> None:
    """benchmarks/response_size_cap.py in its own process: peak RSS stays far below the body (it was 1.6 GB)."""
    cmd = [sys.executable, str(ROOT / "benchmarks" / "response_size_cap.py"), "--mb", "400"]
    if framing == "chunked":
        cmd.append("--chunked")
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True, cwd=ROOT).stdout
    figures = dict(line.split("=", 1) for line in out.split())
    print(figures)
    assert figures["outcome"] == "ResponseTooLarge"
    assert float(figures["peak_rss_after_mib"]) < 250, figures  # generous: the cap is 32 MiB, the body 400 MB


def test_the_cap_is_configurable_and_typed() -> None:
    body = json.dumps({"success": True, "data": {"id": "1", "name": "v" * 5000}}).encode()
    with hostile(lambda conn, _h, _s: reply(conn, 200, body)) as url:
        with client(url, max_response_bytes=4096) as c, pytest.raises(errors.ResponseTooLarge) as ei:
            c.wire("volumes").get("1")
        assert isinstance(ei.value, errors.UnexpectedResponse) and "max_response_bytes=4096" in str(ei.value)
        with client(url, max_response_bytes=4096) as c, pytest.raises(errors.ResponseTooLarge) as ei:
            c.transport.call("volumes.create", json={"name": "v"})
        assert ei.value.ambiguous  # a success answer to a write: it may have landed


def test_a_huge_error_body_leaves_the_status_to_speak() -> None:
    body = b'{"message": "' + b"z" * 200_000 + b'"}'
    with (
        hostile(lambda conn, _h, _s: reply(conn, 404, body)) as url,
        client(url, max_response_bytes=4096) as c,
        pytest.raises(errors.NotFound) as ei,
    ):
        c.volumes.get("1")
    assert "zzzz" not in str(ei.value)


# -- §9: the key in any form never comes back --------------------------------------------------------------------
ECHOES = {
    "lower": KEY.lower(),
    "upper": KEY.upper(),
    "last-char-cut": KEY[:-1],
    "long-substring": KEY[5:30],
    "base64": base64.b64encode(KEY.encode()).decode(),
    "base64-bearer": base64.b64encode(f"Bearer {KEY}".encode()).decode(),
    "urlsafe-base64": base64.urlsafe_b64encode(b"\xfb\xff" + KEY.encode()).decode().rstrip("="),
    "url-encoded": quote(KEY, safe=""),
    "url-encoded-all": "".join(f"%{b:02X}" for b in KEY.encode()),
    "hex": KEY.encode().hex(),
}


def _every_text(err: BaseException) -> str:
    """str, repr and every attribute (recursively through nested errors and containers)."""
    seen: list[str] = [str(err), repr(err)]

    def walk(value: Any, depth: int) -> None:
        if depth > 4:
            return
        if isinstance(value, BaseException):
            seen.extend([str(value), repr(value), repr(value.args)])
            for name in ("__cause__", "__context__"):
                walk(getattr(value, name), depth + 1)
            for attr in vars(value).values():
                walk(attr, depth + 1)
        elif isinstance(value, dict):
            for k, v in value.items():
                seen.append(repr(k))
                walk(v, depth + 1)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v, depth + 1)
        elif value is not None:
            seen.append(repr(value))

    walk(err, 0)
    return "\n".join(seen)


@pytest.mark.parametrize("form", sorted(ECHOES))
def test_the_key_echoed_in_any_form_never_reaches_the_error(form: str) -> None:
    echo = ECHOES[form]
    body = json.dumps(
        {
            "success": False,
            "error_code": "VALIDATION_ERROR",
            "message": f"bad token {echo}",
            "errors": {f"hdr {echo}": [f"got {echo}"]},
            "request_id": f"req-{echo}",
        }
    ).encode()
    with (
        hostile(lambda conn, _h, _s: reply(conn, 400, body, f"X-Request-Id: {echo}\r\n")) as url,
        client(url) as c,
        pytest.raises(errors.ValidationError) as ei,
    ):
        c.volumes.get("1")
    text = _every_text(ei.value)
    plain = [KEY, KEY.lower(), KEY.upper(), KEY[:-1], KEY[5:30], echo]
    assert not [p for p in plain if p.lower() in text.lower()], text
    assert WITHHELD in str(ei.value) or echo == KEY  # the exact key is replaced by *** (URL-encoding left it as is)
    assert ei.value.status == 400 and ei.value.error_code == "VALIDATION_ERROR"


def test_a_transport_error_never_chains_httpx_exceptions() -> None:
    """httpx's exception holds the request (and its Authorization header): not even as __context__. A POST whose
    connection drops before the answer is raised at once (ambiguous), from inside the transport's handler."""
    with (
        hostile(lambda conn, _h, _s: None) as url,  # reads the request, closes without answering
        client(url) as c,
        pytest.raises(errors.TransportError) as ei,
    ):
        c.transport.call("volumes.create", json={"name": "v"})
    assert ei.value.ambiguous
    text = _every_text(ei.value)
    assert KEY not in text and "Authorization" not in text
    chain: BaseException | None = ei.value
    while chain is not None:
        assert not isinstance(chain, httpx.HTTPError)
        chain = chain.__cause__ or chain.__context__


# -- §10: deep JSON ------------------------------------------------------------------------------------------------
DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize("status", [200, 201, 500])
def test_deeply_nested_json_is_a_typed_error(status: int) -> None:
    with hostile(lambda conn, _h, _s: reply(conn, status, DEEP)) as url, client(url, total_budget=2) as c:
        with pytest.raises(errors.BarrackError) as got:
            c.volumes.get("1")
        with pytest.raises(errors.BarrackError) as posted:
            c.transport.call("volumes.create", json={"name": "v"})
    if status < 400:
        assert isinstance(got.value, errors.UnexpectedResponse) and not got.value.ambiguous
        assert "nested too deeply" in str(got.value)
        assert isinstance(posted.value, errors.UnexpectedResponse) and posted.value.ambiguous
    else:
        assert isinstance(posted.value, errors.ServerError) and posted.value.ambiguous


class DeepAnswerToCreates(httpx.BaseTransport):
    """Sends every request to the emulator over HTTP, then replaces the answer to ``POST /volumes/`` (the volume is
    made) with 100,000 nested brackets: a hostile proxy in front of a real server."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        resp = self.inner.handle_request(request)
        if request.method == "POST" and request.url.path.endswith("/volumes/"):
            resp.read()
            resp.close()
            return httpx.Response(resp.status_code, headers={"Date": resp.headers["date"]}, content=DEEP)
        return resp

    def close(self) -> None:
        self.inner.close()


def test_a_create_answered_with_deep_json_is_reconciled(emulator: Any) -> None:
    """The create landed, its answer is unreadable: ambiguous, looked up by name, adopted — one volume, no error."""
    with fast_client(emulator, transport=DeepAnswerToCreates()) as c:
        made = c.volumes.create(name="deep", region="FINLAND-1", size_gb=100, volume_type="HDD")
        assert [v.id for v in c.volumes.list()] == [made.id]
    assert emulator.request_counts()["POST /volumes/"] == 1
