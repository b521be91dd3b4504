"""Stable auto-names (pulumi_barrack._stable): the same resource of the same stack gets the same name on every
check without old inputs (a re-run after a killed ``up``), a replacement gets another one, a replacement that
would get the old name again runs delete-first, and a create meeting the name adopts only a matching object."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pulumi.output import Unknown
from pulumi_inputs import VALID

import pulumi_barrack as barrack
from pulumi_barrack._provider import BarrackProviderError

VOLUME = {k: v for k, v in VALID["VolumeProvider"].items() if k != "name"}
IDENTITY = {"auto_name": "data", "auto_name_key": "org/proj/dev//pulumi-python:dynamic/barrack:Volume::data"}


def test_same_resource_same_name_every_time(credentials: Any) -> None:
    p = barrack.VolumeProvider()
    first = p.check({}, {**VOLUME, **IDENTITY}).inputs["name"]
    assert re.fullmatch(r"data-[a-z0-9]{7}", first)
    assert p.check({}, {**VOLUME, **IDENTITY}).inputs["name"] == first  # a re-run after a killed up
    other_stack = {**IDENTITY, "auto_name_key": IDENTITY["auto_name_key"].replace("/dev/", "/prod/")}
    assert p.check({}, {**VOLUME, **other_stack}).inputs["name"] != first
    assert p.check({}, {**VOLUME, **IDENTITY, "volume_type": "HDD"}).inputs["name"] != first  # a replacement


def test_unknown_replace_inputs_leave_the_name_unknown_at_preview(credentials: Any) -> None:
    result = barrack.VolumeProvider().check({}, {**VOLUME, **IDENTITY, "region": Unknown()})
    assert result.failures == [] and "name" not in result.inputs


def test_identity_input_is_never_a_change(credentials: Any) -> None:
    p = barrack.VolumeProvider()
    old = p.check({}, {**VOLUME, "auto_name": "data"}).inputs  # made before stable names: random, kept
    new = p.check(old, {**VOLUME, **IDENTITY}).inputs
    assert new["name"] == old["name"]
    assert p.diff("5001", old, new).changes is False


def test_a_replacement_that_would_keep_the_name_deletes_first(credentials: Any) -> None:
    p = barrack.VolumeProvider()
    inputs = p.check({}, {**VOLUME, **IDENTITY}).inputs
    # forced (pulumi up --replace, replace_on_changes): the replace-forcing inputs did not change
    assert p.delete_first(inputs, inputs, [])
    changed = p.diff("5001", inputs, {**inputs, "volume_type": "HDD"})
    assert changed.replaces == ["volume_type"] and not changed.delete_before_replace


def test_create_adopts_only_a_matching_object_with_its_stable_name(credentials: Any, barrack_client: Any) -> None:
    p = barrack.VolumeProvider()
    inputs = p.check({}, {**VOLUME, **IDENTITY}).inputs
    made = barrack_client.volumes.create(**{k: inputs[k] for k in (*VOLUME, "name")})  # the killed run's object
    result = p.create(inputs)
    assert result.id == made.id and len(list(barrack_client.volumes.list())) == 1
    barrack_client.volumes.delete(made.id)
    barrack_client.volumes.create(**{**{k: inputs[k] for k in (*VOLUME, "name")}, "volume_type": "HDD"})
    with pytest.raises(BarrackProviderError, match="cannot adopt"):
        p.create(inputs)


def test_a_name_that_is_not_the_stable_one_is_never_adopted(credentials: Any, barrack_client: Any) -> None:
    p = barrack.VolumeProvider()
    inputs = {**p.check({}, {**VOLUME, **IDENTITY}).inputs, "name": "someone-elses"}
    barrack_client.volumes.create(**{k: inputs[k] for k in (*VOLUME, "name")})
    with pytest.raises(BarrackProviderError, match="already exists outside this stack"):
        p.create(inputs)


def test_replacing_an_instance_booting_from_its_volume_fails_at_check(credentials: Any) -> None:
    p = barrack.InstanceProvider()
    base = {k: v for k, v in VALID["InstanceProvider"].items() if k != "image"}
    old = {**base, "boot_source": "volume", "boot_source_id": "9"}
    failures = p.check(old, {**old, "gpu_count": 2}).failures
    assert [f.property for f in failures] == ["boot_source_id"] and "clone" in failures[0].reason
