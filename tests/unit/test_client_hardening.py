"""Issue 15 client hardening, fast: the key to plain http://, key echoes in altered forms, the server clock used by
reconciliation, scoped IPv6 prefixes. (The wire-level tests are tests/contract/test_client_hostile_server.py and
test_reconcile_clock_skew.py.)"""

from __future__ import annotations

import base64
from email.utils import formatdate
from typing import Any

import httpx
import pytest
from client_fakes import KEY, FakeAPI, err, make_client, ok, volume

from shared_client import BarrackClient, errors
from shared_client.models import ClientSettings, RuleSpec
from shared_client.redaction import REDACTED, WITHHELD, Redactor
from shared_client.server_clock import DateSample, ServerClock, server_time_at

# -- §8: the key never goes in clear to a non-local http:// URL --------------------------------------------------


@pytest.mark.parametrize("url", ["http://api.barrack.ai/api", "http://10.0.0.5:8765/api", "http://localhost.evil.com/"])
def test_plain_http_to_another_host_is_refused(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BARRACK_ALLOW_INSECURE_HTTP", raising=False)
    with pytest.raises(errors.ConfigurationError, match="clear text") as ei:
        BarrackClient(api_key=KEY, base_url=url)
    assert "allow_insecure_http" in str(ei.value) and "BARRACK_ALLOW_INSECURE_HTTP" in str(ei.value)
    assert KEY not in str(ei.value)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8765/api", "http://localhost:8765/api", "http://[::1]:8765/api", "http://emu.localhost/api"],
)
def test_plain_http_to_this_machine_stays_allowed(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BARRACK_ALLOW_INSECURE_HTTP", raising=False)
    BarrackClient(api_key=KEY, base_url=url).close()


def test_the_opt_in_through_argument_env_and_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "http://barrack.lan/api"
    BarrackClient(api_key=KEY, base_url=url, allow_insecure_http=True).close()
    monkeypatch.setenv("BARRACK_ALLOW_INSECURE_HTTP", "true")
    BarrackClient(api_key=KEY, base_url=url).close()
    with pytest.raises(errors.ConfigurationError):  # the argument wins over the environment
        BarrackClient(api_key=KEY, base_url=url, allow_insecure_http=False)
    BarrackClient.from_settings({"api_key": KEY, "base_url": url}).close()
    monkeypatch.setenv("BARRACK_ALLOW_INSECURE_HTTP", "maybe")
    with pytest.raises(errors.ConfigurationError, match="allow_insecure_http"):
        BarrackClient.from_settings({"api_key": KEY, "base_url": url})
    with pytest.raises(errors.ConfigurationError, match="BARRACK_ALLOW_INSECURE_HTTP"):
        BarrackClient(api_key=KEY, base_url=url)
    monkeypatch.delenv("BARRACK_ALLOW_INSECURE_HTTP")
    with pytest.raises(errors.ConfigurationError, match="clear text"):
        BarrackClient.from_settings({"api_key": KEY, "base_url": url})
    BarrackClient.from_settings(ClientSettings(api_key=KEY, base_url=url, allow_insecure_http="yes")).close()


def test_max_response_bytes_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BARRACK_MAX_RESPONSE_BYTES", "4096")
    with BarrackClient.from_settings({"api_key": KEY}) as c:
        assert c.transport.max_response_bytes == 4096
    with pytest.raises(errors.ConfigurationError, match="max_response_bytes"):
        BarrackClient.from_settings({"api_key": KEY, "max_response_bytes": 10})


# -- §9: key echoes in altered forms -------------------------------------------------------------------------------
SECRET = "Zq8-Pr0d-Key-7Hx2Lm9Vb4Nc6Tr1Ws3"


@pytest.mark.parametrize(
    "echo",
    [
        SECRET.lower(),
        SECRET.upper(),
        SECRET[:-1],
        SECRET[3:22],
        base64.b64encode(SECRET.encode()).decode(),
        base64.b64encode(b"user:" + SECRET.encode()).decode()[3:],  # a cut, misaligned base64 run
        base64.urlsafe_b64encode(b"\xff\xfe" + SECRET.encode()).decode(),
        "".join(f"%{b:02x}" for b in SECRET.encode()),
        SECRET.encode().hex(),
    ],
)
def test_altered_echoes_are_withheld(echo: str) -> None:
    assert Redactor(SECRET).scrub(f"token {echo} rejected") == WITHHELD


def test_exact_key_is_masked_and_innocent_text_kept() -> None:
    r = Redactor(SECRET)
    assert r.scrub(f"bad {SECRET}!") == f"bad {REDACTED}!"
    for text in ("volume 5001 not found", "req-3f2a9c0d1e7b4a5c9d8e", "Zq8-", SECRET[:7], "aGVsbG8gd29ybGQgaGVsbG8="):
        assert r.scrub(text) == text


def test_an_api_error_drops_altered_echoes_everywhere() -> None:
    api = FakeAPI().on(
        "GET",
        "/volumes/{id}/",
        err(400, "VALIDATION_ERROR", f"bad {KEY.upper()}", errors={KEY.lower(): [KEY[:-1]]}),
    )
    with make_client(api) as c, pytest.raises(errors.ValidationError) as ei:
        c.volumes.get("5001")
    dump = repr(vars(ei.value)) + str(ei.value) + repr(ei.value.args)
    for form in (KEY, KEY.upper(), KEY.lower(), KEY[:-1]):
        assert form not in dump


# -- §2: the server clock --------------------------------------------------------------------------------------------
def test_server_time_comes_from_the_date_sample_not_the_wall_clock() -> None:
    sample = DateSample(server=1_000_600.0, received=50.0)  # the server's clock says 1,000,600 at monotonic 50
    assert server_time_at(45.0, sample, wall_now=1_000_000.0, mono_now=52.0) == 1_000_595.0
    assert server_time_at(45.0, None, wall_now=1_000_000.0, mono_now=52.0) == 999_993.0  # no Date: wall clock


def test_server_clock_reads_date_headers() -> None:
    clock = ServerClock()
    clock.observe(None, 1.0)
    clock.observe("not a date", 1.0)
    assert clock.latest is None
    clock.observe(formatdate(1_700_000_000, usegmt=True), 10.0)
    assert clock.latest == DateSample(1_700_000_000.0, 10.0)
    assert clock.server_time(7.5) == 1_699_999_997.5


@pytest.mark.parametrize("offset", [600.0, -600.0, -30.0])
def test_adoption_follows_the_servers_date_whatever_the_offset(offset: float) -> None:
    """A fake server whose clock is `offset` seconds off: its Date header and created_at agree with each other."""
    import time

    now = time.time() + offset
    iso = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))  # noqa: E731
    date = {"Date": formatdate(now, usegmt=True)}
    spec = dict(size_gb=100, volume_type="HDD")
    theirs = volume(id="7", name="twin", created_at=iso(now - 12), **spec)
    api = FakeAPI().on("POST", "/volumes/", err(500), ok(volume(id="8", name="twin", created_at=iso(now), **spec)))
    api.on("GET", "/volumes/", ok({"volumes": [theirs]}, headers=date))
    with make_client(api) as c, pytest.raises(errors.Conflict, match="existed before"):
        c.volumes.create(name="twin", region="FINLAND-1", size_gb=100, volume_type="HDD")
    mine = volume(id="9", name="mine", created_at=iso(now), **spec)
    api = FakeAPI().on("POST", "/volumes/", httpx.ReadError("dropped"))
    api.on("GET", "/volumes/", ok({"volumes": [mine]}, headers=date))
    with make_client(api) as c:
        assert c.volumes.create(name="mine", region="FINLAND-1", size_gb=100, volume_type="HDD").id == "9"


# -- §13: scoped IPv6 prefixes ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("prefix", ["fe80::%eth0/64", "fe80::1%1", "fe80::%25eth0/64"])
def test_a_scoped_ipv6_prefix_is_refused(prefix: str) -> None:
    with pytest.raises(errors.ValidationError, match="remote_ip_prefix") as ei:
        RuleSpec(protocol="tcp", ethertype="IPv6", remote_ip_prefix=prefix)
    assert "zone" in str(ei.value) or "not a valid CIDR" in str(ei.value)


def test_a_firewall_create_with_a_scoped_prefix_sends_nothing() -> None:
    api = FakeAPI()
    rules: Any = [{"protocol": "tcp", "ethertype": "IPv6", "remote_ip_prefix": "fe80::%eth0/64"}]
    with make_client(api) as c, pytest.raises(errors.ValidationError) as ei:
        c.firewalls.create(name="fw", region="CANADA-1", rules=rules)
    assert "remote_ip_prefix" in str(ei.value) and api.requests == []


def test_pulumi_stack_config_carries_the_opt_in(monkeypatch: pytest.MonkeyPatch) -> None:
    from pulumi_barrack import _credentials

    monkeypatch.delenv("BARRACK_ALLOW_INSECURE_HTTP", raising=False)
    config = {"apiKey": KEY, "apiUrl": "http://barrack.lan/api"}
    with pytest.raises(errors.ConfigurationError, match="clear text"):
        BarrackClient.from_settings(_credentials.settings(config))
    BarrackClient.from_settings(_credentials.settings({**config, "allowInsecureHttp": "true"})).close()
