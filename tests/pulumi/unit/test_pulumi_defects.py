"""Defects a stack user hit (issue 9 §3): each test fails when the defect comes back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pulumi_inputs import RULE, VALID

import pulumi_barrack as barrack

DATA = Path(__file__).parent / "data"
VOLUME = {"name": "vol-d", "region": "FINLAND-1", "size_gb": 100, "volume_type": "NVMe"}


def test_generated_private_key_survives_in_place_updates(credentials: Any) -> None:
    p = barrack.SshKeyProvider()
    checked = p.check({}, {"name": "gen-upd", "generate": True})
    created = p.create(checked.inputs)
    private = created.outs["private_key"]
    assert private.startswith("-----BEGIN OPENSSH PRIVATE KEY-----")
    for change in ({"timeouts": {"create": 30}}, {"adopt": True}, {"schema_version": 2}):
        new = {**checked.inputs, **change}
        d = p.diff(created.id, created.outs, new)
        assert (d.changes, d.replaces) == (True, [])
        updated = p.update(created.id, created.outs, new).outs
        assert updated["private_key"] == private, change
        assert p.read(created.id, updated).outs["private_key"] == private


def test_shrinking_below_the_current_size_fails_check_and_diff_never_replaces() -> None:
    p = barrack.VolumeProvider()
    grown = {**VOLUME, "size_gb": 300}  # refreshed inputs after an outside resize
    failures = p.check(grown, VOLUME).failures
    assert [f.property for f in failures] == ["size_gb"]
    assert "at least 300" in failures[0].reason and 'ignore_changes=["size_gb"]' in failures[0].reason
    d = p.diff("1", {**grown, "tier": "advanced"}, VOLUME)  # diff (also run by refresh) never plans a replace
    assert (d.changes, d.replaces) == (True, [])
    assert p.check(grown, {**VOLUME, "size_gb": 400}).failures == []


def test_strings_for_numbers_are_coerced_by_check(credentials: Any, barrack_client: Any) -> None:
    p = barrack.VolumeProvider()
    checked = p.check({}, {**VOLUME, "size_gb": "100"})
    assert checked.failures == [] and checked.inputs["size_gb"] == 100 and type(checked.inputs["size_gb"]) is int
    rules = barrack.FirewallProvider().check(
        {}, {**VALID["FirewallProvider"], "rules": [{**RULE, "port_range_min": "22"}]}
    )
    assert rules.failures == [] and rules.inputs["rules"][0]["port_range_min"] == 22
    created = p.create(checked.inputs)
    assert created.outs["size_gb"] == 100
    assert [v.id for v in barrack_client.volumes.list()] == [created.id]


def test_a_failure_after_the_post_leaves_no_unrecorded_object(
    credentials: Any, barrack_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Any, model: Any) -> dict[str, Any]:
        raise TypeError("outputs() crashed")

    monkeypatch.setattr(barrack.VolumeProvider, "read_only", broken)
    with pytest.raises(barrack.BarrackProviderError, match="It was deleted again"):
        barrack.VolumeProvider().create(VOLUME)
    assert list(barrack_client.volumes.list()) == []


def test_a_failed_check_never_prints_a_secret_input(monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "TOPSECRET-cloud-init-" * 900  # > 16 KB
    inputs = {**VALID["InstanceProvider"], "cloud_init": secret}
    failures = barrack.InstanceProvider().check({}, inputs).failures
    assert [f.property for f in failures] == ["cloud_init"]
    assert all("TOPSECRET" not in f.reason for f in failures)

    def echo(cls: Any, old: dict[str, Any], inputs: dict[str, Any]) -> list[tuple[str, str]]:
        return [("cloud_init", f"bad value {inputs['cloud_init']!r}")]  # a message that would echo the value

    monkeypatch.setattr(barrack.InstanceProvider, "shrink_failures", classmethod(echo))
    short = {**VALID["InstanceProvider"], "cloud_init": "#cloud-config password: hunter2"}
    reasons = [f.reason for f in barrack.InstanceProvider().check({}, short).failures]
    assert reasons and all("hunter2" not in r for r in reasons)


def test_an_existing_object_outside_the_stack_says_how_to_adopt_it(credentials: Any, barrack_client: Any) -> None:
    from shared_client.models import VolumeCreate

    barrack_client.volumes.create(VolumeCreate(**VOLUME))
    with pytest.raises(barrack.BarrackProviderError) as err:
        barrack.VolumeProvider().create(VOLUME)
    assert "outside this stack" in str(err.value) and "adopt=True" in str(err.value)
    assert len(list(barrack_client.volumes.list())) == 1


def test_a_reordered_rule_set_plus_one_is_one_addition() -> None:
    web = {**RULE, "port_range_min": 443, "port_range_max": 443}
    dns = {**RULE, "protocol": "udp", "port_range_min": 53, "port_range_max": 53}
    p = barrack.FirewallProvider()
    old = p.check({}, {**VALID["FirewallProvider"], "rules": [RULE, web]}).inputs
    new = p.check(old, {**VALID["FirewallProvider"], "rules": [dns, web, {**RULE, "protocol": "TCP"}]}).inputs
    assert new["rules"][:2] == [RULE, web] or new["rules"][:2] == [{**RULE, "protocol": "TCP"}, web]
    assert new["rules"][2] == dns  # the engine's positional diff: exactly one added element
    inst = barrack.InstanceProvider()
    before = inst.check({}, {**VALID["InstanceProvider"], "ssh_key_ids": ["1", "2"]}).inputs
    after = inst.check(before, {**VALID["InstanceProvider"], "ssh_key_ids": ["3", "2", "1"]}).inputs
    assert after["ssh_key_ids"] == ["1", "2", "3"]


def test_adopt_with_differing_create_only_fields_fails_at_check(credentials: Any, barrack_client: Any) -> None:
    from shared_client.models import VolumeCreate

    barrack_client.volumes.create(VolumeCreate(**VOLUME))
    p = barrack.VolumeProvider()
    failures = p.check({}, {**VOLUME, "volume_type": "HDD", "adopt": True}).failures
    assert [f.property for f in failures] == ["volume_type"] and "cannot adopt" in failures[0].reason
    assert p.check({}, {**VOLUME, "size_gb": 200, "adopt": True}).failures == []  # updatable: applied at up
    assert p.check({}, {**VOLUME, "name": "vol-none", "adopt": True}).failures == []  # nothing to adopt


CHILD = r"""
import base64, json, sys
import dill
out = {}
for path in sys.argv[1:]:
    for qualname, blob in json.load(open(path))["blobs"].items():
        obj = dill.loads(base64.b64decode(blob))
        out[qualname] = f"{type(obj).__module__}.{type(obj).__qualname__}"
print(json.dumps(out))
"""


def test_golden_provider_blobs_of_every_release_still_unpickle(tmp_path: Path) -> None:
    """State stores providers by reference (module + class name): a rename or move breaks every stack."""
    files = sorted(DATA.glob("provider-blobs-*.json"))
    current = DATA / f"provider-blobs-{barrack.__version__}.json"
    assert current in files, "add the golden blobs of this release (see docs/pulumi.md, provider identity)"
    recorded = set(json.loads(current.read_text())["blobs"])
    assert recorded == {f"{c.__module__}.{c.__qualname__}" for c in barrack.PROVIDERS}
    env = {k: v for k, v in os.environ.items() if not k.startswith("BARRACK_")}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, *map(str, files)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    loaded = json.loads(proc.stdout)
    assert loaded == {name: name for name in loaded}
    assert set(loaded) >= recorded
