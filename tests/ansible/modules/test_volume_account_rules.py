"""barrack.cloud.volume and the account rules of the Create Volume page: an incomplete billing profile, the minimum
balance in the account currency, no clone on the legacy tier."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.ansible

MOD = "barrack.cloud.volume"
DATA = {"name": "data", "region": "CANADA-1", "size_gb": 100, "volume_type": "SSD"}
PROFILE_WORDS = ("billing name", "address", "postal code", "country")


def test_an_incomplete_profile_fails_telling_what_to_complete(ansible_run, emulator, barrack_client):
    emulator.configure(profile_complete=False)
    run = ansible_run([{"name": "create", MOD: DATA}], allow_failures=True)
    task = run["create"]
    assert task.failed and "profile" in task.msg and all(word in task.msg for word in PROFILE_WORDS), task.msg
    assert emulator.api_key not in task.msg
    assert list(barrack_client.volumes.list()) == []
    emulator.configure(profile_complete=True)
    assert ansible_run([{"name": "create", MOD: DATA}])["create"].changed


def test_inr_minimum_balance(ansible_run, emulator, barrack_client):
    emulator.configure(currency="INR", balance=99)
    task = ansible_run([{"name": "create", MOD: DATA}], allow_failures=True)["create"]
    assert task.failed and "100.00 INR" in task.msg, task.msg
    emulator.configure(balance=100)
    assert ansible_run([{"name": "create", MOD: DATA}])["create"].changed
