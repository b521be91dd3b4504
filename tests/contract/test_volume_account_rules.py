"""The last documented volume rules through the client and the emulator: a complete billing profile, the minimum
balance per account currency (USD/EUR 1.00, INR 100), and no clone on the legacy tier (refused before the POST)."""

from __future__ import annotations

from typing import Any

import pytest

from shared_client import BarrackClient, errors
from shared_client.models import VolumeCreate

LEGACY = VolumeCreate(name="leg-vol", region="CANADA-1", size_gb=100, volume_type="SSD")
ADVANCED = VolumeCreate(name="adv-vol", region="FINLAND-1", size_gb=100, volume_type="NVMe")
PROFILE_WORDS = ("billing name", "address", "postal code", "country")


def test_an_incomplete_profile_is_a_typed_error_telling_what_to_complete(client: BarrackClient, emulator: Any) -> None:
    src = client.volumes.create(ADVANCED)
    emulator.configure(profile_complete=False)
    with pytest.raises(errors.ProfileIncomplete) as exc:
        client.volumes.create(LEGACY)
    text = str(exc.value)
    assert exc.value.status == 403 and isinstance(exc.value, errors.PermissionDenied)
    assert "profile" in text and all(word in text for word in PROFILE_WORDS)
    with pytest.raises(errors.ProfileIncomplete):
        client.volumes.clone(src.id, "adv-copy")
    assert [v.name for v in client.volumes.list()] == ["adv-vol"]
    emulator.configure(profile_complete=True)
    assert client.volumes.create(LEGACY).name == "leg-vol"


def test_the_error_class_is_chosen_from_status_and_code() -> None:
    assert errors.error_class(403, "PROFILE_INCOMPLETE") is errors.ProfileIncomplete
    assert errors.error_class(403, "PERMISSION_DENIED") is errors.PermissionDenied
    assert errors.error_class(400, "PROFILE_INCOMPLETE") is errors.ValidationError  # the status decides first
    assert all(word in str(errors.ProfileIncomplete()) for word in PROFILE_WORDS)


@pytest.mark.parametrize("currency,low,enough", [("INR", 99.0, 100.0), ("EUR", 0.99, 1.0)])
def test_minimum_balance_in_the_account_currency(
    client: BarrackClient, emulator: Any, currency: str, low: float, enough: float
) -> None:
    emulator.configure(currency=currency, balance=low)
    bal = client.balance.get()
    assert (bal.balance, bal.currency) == (low, currency)
    with pytest.raises(errors.InsufficientBalance) as exc:
        client.volumes.create(LEGACY)
    assert f"{enough:.2f} {currency}" in str(exc.value)
    assert list(client.volumes.list()) == []
    emulator.configure(balance=enough)
    assert client.volumes.create(LEGACY).name == "leg-vol"


def test_inr_prices_are_the_documented_ones(client: BarrackClient, emulator: Any) -> None:
    emulator.configure(currency="INR", balance=100_000)
    vol = client.volumes.create(LEGACY.model_copy(update={"size_gb": 730}))
    emulator.advance_clock(3600)
    billed = {r.id: r for r in client.volumes.billing()}
    assert billed[vol.id].amount == pytest.approx(10.0, abs=1e-3)  # 10 INR per GB-month (D) / 730 h x 730 GB


def test_clone_on_the_legacy_tier_is_refused_before_the_clone_request(client: BarrackClient, emulator: Any) -> None:
    (vid,) = emulator.seed("volumes", 1, region="CANADA-1")
    emulator.clear_log()
    with pytest.raises(errors.ValidationError) as exc:
        client.volumes.clone(vid, "leg-copy")
    assert "tier" in exc.value.field_errors and "legacy" in str(exc.value) and "clone" in str(exc.value)
    assert [(e["method"], e["route"]) for e in emulator.request_log()] == [("GET", "/volumes/{id}/")]
    assert emulator.request_counts()["POST /volumes/{id}/clone/"] == 0
    assert len(list(client.volumes.list())) == 1
