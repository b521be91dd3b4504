"""shared_client.replace_safety: the order a replacement needs, and the create preflight of a delete-first
replacement (against the emulator: stock, price and balance as the API reports them)."""

from __future__ import annotations

from typing import Any

import pytest

from shared_client import errors
from shared_client.replace_safety import attachment_replace_order, instance_replace_order, replacement_preflight


def test_kept_name_and_kept_volumes_need_delete_first() -> None:
    assert instance_replace_order({"name": "a"}, {"name": "a"}).delete_first
    assert not instance_replace_order(
        {"name": "a", "volume_ids": ["1"]}, {"name": "b", "volume_ids": ["2"]}
    ).delete_first
    order = instance_replace_order({"name": "a", "volume_ids": ["1", "2"]}, {"name": "b", "volume_ids": ["2", "3"]})
    assert order.delete_first and "2" in order.reasons[0] and "one instance at a time" in order.reasons[0]
    assert not instance_replace_order({"volume_ids": ["1"]}, {"volume_ids": object()}).delete_first  # not known yet


def test_a_volume_attachment_on_the_same_volume_detaches_first() -> None:
    assert attachment_replace_order("7", "7").delete_first
    assert not attachment_replace_order("7", "8").delete_first


LEGACY = {"region": "CANADA-1", "gpu_model": "RTX-A6000"}


def test_replacement_preflight_refuses_what_cannot_be_paid(emulator: Any, barrack_client: Any) -> None:
    emulator.configure(balance=1.0)
    assert replacement_preflight(barrack_client, {**LEGACY, "gpu_count": 1}, "old") is not None  # 0.69/h
    with pytest.raises(errors.BalanceTooLow) as ei:
        replacement_preflight(barrack_client, {**LEGACY, "gpu_count": 2}, "old")  # 1.38/h
    assert "'old' was not deleted" in str(ei.value) and ei.value.needed == pytest.approx(1.38)


def test_replacement_preflight_waits_for_known_values(barrack_client: Any) -> None:
    assert replacement_preflight(barrack_client, {"region": "CANADA-1", "gpu_count": 1}) is None


def test_a_replacement_booting_from_the_old_boot_volume_is_refused() -> None:
    old = {"name": "a", "boot_source": "volume", "boot_source_id": "9"}
    order = instance_replace_order(old, {"boot_source": "volume", "boot_source_id": "9", "gpu_count": 2})
    assert order.refused is not None and "clone" in order.refused
    assert instance_replace_order(old, {"boot_source": "volume", "boot_source_id": "10"}).refused is None
