"""Account rules of the Create Volume page: a complete billing profile, the minimum balance per currency (USD, EUR,
INR) with prices in the account currency; and a scoped IPv6 prefix refused in a rule."""

from __future__ import annotations

import httpx
import pytest

from barrack_emulator.testing import spawn_emulator, start_emulator

from .conftest import Api

SSD = {"name": "vol-acc", "region": "CANADA-1", "size_gb": 100, "volume_type": "SSD"}


def test_an_incomplete_profile_refuses_volume_create_and_clone(api: Api) -> None:
    src = api.volume("clone-src", region="FINLAND-1")
    assert api.emu.config()["profile_complete"] is True  # complete by default
    api.emu.configure(profile_complete=False)
    err = api.error("POST", "/volumes/", SSD, expect=403, code="PROFILE_INCOMPLETE")
    for word in ("billing name", "address", "postal code", "country"):
        assert word in err["message"]
    api.error("POST", f"/volumes/{src['id']}/clone/", {"name": "clone-1"}, expect=403, code="PROFILE_INCOMPLETE")
    assert api.data("GET", "/volumes/")["total_count"] == 1  # nothing was created
    api.emu.configure(profile_complete=True)
    api.data("POST", "/volumes/", SSD, expect=201)


def test_reset_all_restores_the_profile_and_currency_of_the_start(api: Api) -> None:
    api.emu.configure(profile_complete=False, currency="INR")
    api.emu.reset_all()
    cfg = api.emu.config()
    assert cfg["profile_complete"] is True and cfg["currency"] == "USD"


@pytest.mark.parametrize("currency,low,enough", [("INR", 99.0, 100.0), ("EUR", 0.99, 1.0), ("USD", 0.99, 1.0)])
def test_minimum_balance_per_currency(api: Api, currency: str, low: float, enough: float) -> None:
    cfg = api.emu.configure(currency=currency, balance=low)
    assert cfg["currency"] == currency and cfg["balance"] == low
    assert api.data("GET", "/balance/") == {"balance": low, "currency": currency}
    err = api.error("POST", "/volumes/", SSD, expect=402, code="INSUFFICIENT_BALANCE")
    assert f"{enough:.2f} {currency}" in err["message"]
    api.emu.configure(balance=enough)
    api.data("POST", "/volumes/", SSD, expect=201)


def test_prices_and_charges_follow_the_account_currency(api: Api) -> None:
    api.emu.configure(currency="INR", balance=10_000)
    vol = api.volume("inr-vol", size_gb=730)  # SSD: 10 INR per GB-month (D) -> 10 INR per hour for 730 GB
    inst = api.instance("inr-vm")
    assert inst["billing"] == {"hourly_rate": pytest.approx(0.69 * 83), "currency": "INR"}
    api.emu.advance_clock(3600)
    recs = {r["resource_id"]: r for r in api.data("GET", "/volumes/billing/")["records"]}
    assert recs[vol["id"]]["amount"] == pytest.approx(10.0, abs=1e-3) and recs[vol["id"]]["currency"] == "INR"
    balance = api.data("GET", "/balance/")
    assert balance["currency"] == "INR"
    assert balance["balance"] == pytest.approx(10_000 - 10.0 - 0.69 * 83, abs=0.05)
    pricing = api.data("GET", "/pricing/")
    assert pricing["pricing_data"]["metadata"]["currency"] == "INR"


def test_eur_volume_price_is_the_documented_one(api: Api) -> None:
    api.emu.configure(currency="EUR")
    vol = api.volume("eur-vol", size_gb=730)
    api.emu.advance_clock(3600)
    rec = next(r for r in api.data("GET", "/volumes/billing/")["records"] if r["resource_id"] == vol["id"])
    assert rec["currency"] == "EUR" and rec["amount"] == pytest.approx(0.10, abs=1e-4)  # 0.10 EUR / GB-month (D)


@pytest.mark.parametrize("body", [{"currency": "GBP"}, {"currency": 5}, {"profile_complete": "no"}])
def test_bad_account_config_is_a_400(api: Api, body: dict[str, object]) -> None:
    before = api.emu.config()
    resp = httpx.post(api.emu.admin_url + "/config", json=body)
    assert resp.status_code == 400 and resp.json()["error"]
    assert api.emu.config() == before


def test_cli_flags_set_currency_and_profile() -> None:
    with spawn_emulator(balance=99, extra_args=["--currency", "INR", "--profile-incomplete"]) as emu:
        api = Api(emu)
        assert emu.config()["currency"] == "INR" and emu.config()["profile_complete"] is False
        api.error("POST", "/volumes/", SSD, expect=403, code="PROFILE_INCOMPLETE")
        emu.configure(profile_complete=True)
        api.error("POST", "/volumes/", SSD, expect=402, code="INSUFFICIENT_BALANCE")
        api.http.close()


def test_currency_and_profile_survive_a_restart(tmp_path: object) -> None:
    from pathlib import Path

    state = Path(str(tmp_path)) / "state.db"
    with start_emulator(state_file=state) as emu:
        emu.configure(currency="EUR", profile_complete=False, balance=5)
    with start_emulator(state_file=state) as emu:
        cfg = emu.config()
        assert (cfg["currency"], cfg["profile_complete"], cfg["balance"]) == ("EUR", False, 5)


@pytest.mark.parametrize("prefix", ["fe80::%eth0/64", "fe80::1%2/128", "fe80::%25eth0/64"])
def test_a_scoped_ipv6_prefix_is_refused_in_a_rule(api: Api, prefix: str) -> None:
    fw = api.firewall()
    rule = {"direction": "ingress", "ethertype": "IPv6", "protocol": "tcp", "remote_ip_prefix": prefix}
    err = api.error("POST", f"/firewalls/{fw['id']}/rules/", rule, code="VALIDATION_ERROR")
    assert "remote_ip_prefix" in err["errors"]
    assert api.data("GET", f"/firewalls/{fw['id']}/")["rules"] == []
    api.data("POST", f"/firewalls/{fw['id']}/rules/", {**rule, "remote_ip_prefix": "fe80::/64"}, expect=201)
