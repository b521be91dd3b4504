"""The volume provider and the account rules of the Create Volume page: an incomplete billing profile fails the
create with the message saying what to complete; the minimum balance in the account currency."""

from __future__ import annotations

from typing import Any

import pytest

import pulumi_barrack as barrack

INPUTS = {"name": "acc-vol", "region": "CANADA-1", "size_gb": 100, "volume_type": "SSD", "schema_version": 1}
PROFILE_WORDS = ("billing name", "address", "postal code", "country")


def test_an_incomplete_profile_fails_create_with_the_profile_message(credentials: Any, barrack_client: Any) -> None:
    p = barrack.VolumeProvider()
    checked = p.check({}, INPUTS)
    assert checked.failures == []
    credentials.configure(profile_complete=False)
    with pytest.raises(Exception) as exc:
        p.create(checked.inputs)
    text = str(exc.value)
    assert "billing profile is incomplete" in text and all(word in text for word in PROFILE_WORDS), text
    assert credentials.api_key not in text
    assert list(barrack_client.volumes.list()) == []
    credentials.configure(profile_complete=True)
    assert p.create(checked.inputs).outs["name"] == "acc-vol"


def test_inr_minimum_balance(credentials: Any) -> None:
    p = barrack.VolumeProvider()
    inputs = p.check({}, INPUTS).inputs
    credentials.configure(currency="INR", balance=99)
    with pytest.raises(Exception, match=r"100\.00 INR"):
        p.create(inputs)
    credentials.configure(balance=100)
    assert p.create(inputs).id
