"""Reconciliation that cannot take over somebody else's object (issue 7 §2), against the emulator."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from client_contract_support import ED25519, fast_client

from shared_client import BarrackClient, errors
from shared_client.models import Instance, RuleSpec, SnapshotCreate, SshKeyCreate
from shared_client.resources import base

OTHER_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC6Bs8bGmdS1ovwuLybzcux1OHaBCwIuqe7YyIqDq7e/ other@test"
AMBIGUOUS = [
    dict(kind="status", status=500),
    dict(kind="status", status=502),
    dict(kind="drop_after_commit"),
]


@pytest.mark.parametrize("fault", AMBIGUOUS, ids=lambda f: str(f.get("status", f["kind"])))
def test_precious_volume_is_never_adopted(emulator: Any, client: BarrackClient, fault: dict[str, Any]) -> None:
    precious = client.volumes.create(
        name="data", region="FINLAND-1", size_gb=3000, volume_type="NVMe", description="precious"
    )
    emulator.add_fault("POST", "/volumes/", **fault)
    with fast_client(emulator) as c, pytest.raises(errors.Conflict) as ei:
        c.volumes.create(name="data", region="FINLAND-1", size_gb=100, volume_type="HDD")
    assert ei.value.existing_id == precious.id and ei.value.existing_name == "data"
    assert precious.id in str(ei.value) and "volume_type" in str(ei.value)
    assert [(v.id, v.size_gb, v.volume_type) for v in client.volumes.list()] == [(precious.id, 3000, "NVMe")]


def test_ssh_key_of_another_key_is_never_adopted(emulator: Any, client: BarrackClient) -> None:
    theirs = client.ssh_keys.create(SshKeyCreate(name="deploy", public_key=OTHER_KEY))
    emulator.add_fault("POST", "/ssh-keys/", kind="status", status=500)
    with fast_client(emulator) as c, pytest.raises(errors.Conflict) as ei:
        c.ssh_keys.create(name="deploy", public_key=ED25519)
    assert ei.value.existing_id == theirs.id and "public_key" in str(ei.value)
    assert OTHER_KEY.split()[1] not in str(ei.value)  # names the object, never its content


def test_identical_object_made_before_the_attempt_is_not_adopted(
    emulator: Any, client: BarrackClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No tolerance: wait past the whole-second stamps instead — created_at and the server's Date header (which
    # uvicorn refreshes once a second) each lose up to a second, so the server-time estimate may lag by two.
    monkeypatch.setattr(base, "CREATED_AT_TOLERANCE", 0.0)
    old = client.volumes.create(name="twin", region="FINLAND-1", size_gb=100, volume_type="HDD")
    time.sleep(3.1)
    emulator.add_fault("POST", "/volumes/", kind="status", status=504)
    with fast_client(emulator) as c, pytest.raises(errors.Conflict, match="existed before") as ei:
        c.volumes.create(name="twin", region="FINLAND-1", size_gb=100, volume_type="HDD")
    assert ei.value.existing_id == old.id and ei.value.ambiguous


def test_ghost_create_is_adopted_when_it_is_ours(emulator: Any, client: BarrackClient) -> None:
    emulator.add_fault("POST", "/volumes/", kind="drop_after_commit")
    with fast_client(emulator) as c:
        made = c.volumes.create(name="mine", region="FINLAND-1", size_gb=100, volume_type="HDD")
    assert [v.id for v in client.volumes.list()] == [made.id]
    assert emulator.request_counts()["POST /volumes/"] == 1


def test_plain_duplicate_name_is_a_conflict_naming_the_object(client: BarrackClient) -> None:
    first = client.volumes.create(name="dup", region="FINLAND-1", size_gb=100, volume_type="HDD")
    with pytest.raises(errors.Conflict) as ei:
        client.volumes.create(name="dup", region="FINLAND-1", size_gb=100, volume_type="HDD")
    assert ei.value.status == 409 and ei.value.existing_id == first.id and not ei.value.ambiguous


@pytest.mark.parametrize("adopt", [True, False])
def test_concurrent_runs_converge_on_one_object(emulator: Any, client: BarrackClient, adopt: bool) -> None:
    """Two runs that both found no volume 'shared' create it at once: with adopt_concurrent both end with the same
    object; without it the loser's 409 is a Conflict naming the winner's object. Never two objects."""
    results: list[Any] = []
    barrier = threading.Barrier(2)

    def run() -> None:
        with fast_client(emulator) as c:
            barrier.wait()
            try:
                results.append(
                    c.volumes.create(
                        name="shared", region="FINLAND-1", size_gb=100, volume_type="HDD", adopt_concurrent=adopt
                    ).id
                )
            except errors.Conflict as exc:
                results.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    ids = [v.id for v in client.volumes.list()]
    assert len(ids) == 1
    if adopt:
        assert results == [ids[0], ids[0]]
    else:
        assert sorted(map(type, results), key=str) == sorted([str, errors.Conflict], key=str)
        conflict = next(r for r in results if isinstance(r, errors.Conflict))
        assert conflict.existing_id == ids[0]


def test_concurrent_adoption_still_checks_the_fields(client: BarrackClient) -> None:
    theirs = client.volumes.create(name="shared", region="FINLAND-1", size_gb=100, volume_type="NVMe")
    with pytest.raises(errors.Conflict, match="volume_type") as ei:
        client.volumes.create(name="shared", region="FINLAND-1", size_gb=100, volume_type="HDD", adopt_concurrent=True)
    assert ei.value.existing_id == theirs.id


def test_rule_that_was_already_there_is_not_adopted(emulator: Any, client: BarrackClient) -> None:
    fw = client.firewalls.wait_ready(client.firewalls.create(name="fw", region="CANADA-1").id, timeout=10)
    existing = client.firewalls.add_rule(fw.id, {"protocol": "tcp", "port_range_min": 22})
    emulator.add_fault("POST", "/firewalls/{id}/rules/", kind="status", status=500)
    with fast_client(emulator) as c, pytest.raises(errors.Conflict) as ei:
        c.firewalls.add_rule(fw.id, RuleSpec(protocol="tcp", port_range_min=22))
    assert ei.value.existing_id == existing.id
    assert len(client.firewalls.get(fw.id).rules) == 1


def test_lost_rule_add_is_adopted(emulator: Any, client: BarrackClient) -> None:
    fw = client.firewalls.wait_ready(client.firewalls.create(name="fw", region="CANADA-1").id, timeout=10)
    emulator.add_fault("POST", "/firewalls/{id}/rules/", kind="drop_after_commit")
    with fast_client(emulator) as c:
        rule = c.firewalls.add_rule(fw.id, {"protocol": "tcp", "port_range_min": 22})
    assert [r.id for r in client.firewalls.get(fw.id).rules] == [rule.id]


def test_clone_never_adopts_a_different_volume(emulator: Any, client: BarrackClient) -> None:
    src = client.volumes.wait_ready(
        client.volumes.create(name="src", region="FINLAND-1", size_gb=200, volume_type="NVMe").id, timeout=10
    )
    other = client.volumes.create(name="copy", region="FINLAND-1", size_gb=100, volume_type="HDD")
    emulator.add_fault("POST", "/volumes/{id}/clone/", kind="status", status=502)
    with fast_client(emulator) as c, pytest.raises(errors.Conflict) as ei:
        c.volumes.clone(src.id, "copy")
    assert ei.value.existing_id == other.id
    assert len(list(client.volumes.list())) == 2


def test_restore_never_adopts_an_unrelated_instance(
    emulator: Any, client: BarrackClient, make_instance: Callable[..., Instance]
) -> None:
    source = make_instance("src-vm")
    snap = client.snapshots.create(SnapshotCreate(instance_id=source.id, name="snap"))
    client.snapshots.wait_ready(snap.id, timeout=10)
    unrelated = make_instance("restored")
    emulator.add_fault("POST", "/snapshots/{id}/restore/", kind="status", status=500)
    with fast_client(emulator) as c, pytest.raises(errors.Conflict) as ei:
        c.snapshots.restore(snap.id, "restored")
    assert ei.value.existing_id == unrelated.id
    assert len(list(client.instances.list())) == 2


def test_lost_restore_is_adopted(emulator: Any, client: BarrackClient, make_instance: Callable[..., Instance]) -> None:
    source = make_instance("src-vm")
    snap = client.snapshots.wait_ready(
        client.snapshots.create(SnapshotCreate(instance_id=source.id, name="snap")).id, timeout=10
    )
    emulator.add_fault("POST", "/snapshots/{id}/restore/", kind="drop_after_commit")
    with fast_client(emulator) as c:
        restored = c.snapshots.restore(snap.id, "restored")
    assert restored.name == "restored" and len(list(client.instances.list())) == 2
