"""SSH keys and startup scripts against the emulator."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from client_contract_support import ED25519

from shared_client import BarrackClient, errors
from shared_client.models import Instance, ScriptCreate, ScriptUpdate, SshKeyCreate
from shared_client.normalise import ssh_fingerprint


def test_ssh_key_fingerprint_matches_local(client: BarrackClient) -> None:
    key = client.ssh_keys.create(SshKeyCreate(name="k1", public_key=ED25519))
    assert key.fingerprint == ssh_fingerprint(ED25519)
    assert client.ssh_keys.resolve("k1").id == key.id
    with pytest.raises(errors.Conflict):
        client.ssh_keys.create(SshKeyCreate(name="k1", public_key=ED25519))


def test_key_used_by_live_instance_cannot_be_deleted(
    client: BarrackClient, key_id: str, make_instance: Callable[..., Instance]
) -> None:
    inst = make_instance()
    with pytest.raises(errors.APIError) as ei:
        client.ssh_keys.delete(key_id)
    assert ei.value.status in (400, 409)
    client.instances.delete(inst.id)
    client.instances.wait_deleted(inst.id, timeout=10)
    client.ssh_keys.delete(key_id)
    assert client.ssh_keys.find_by_name("ct-key") is None


def test_ssh_key_quota(client: BarrackClient, emulator: object) -> None:
    emulator.seed("ssh_key", 25)  # type: ignore[attr-defined]
    with pytest.raises(errors.APIError) as ei:
        client.ssh_keys.create(SshKeyCreate(name="k26", public_key=ED25519))
    assert ei.value.status in (400, 403, 409)


def test_scripts_crud_update_bulk_delete(client: BarrackClient) -> None:
    s1 = client.scripts.create(ScriptCreate(name="boot", content="#!/bin/sh\necho hi\n", description="d"))
    s2 = client.scripts.create(ScriptCreate(name="boot2", content="echo 2"))
    up = client.scripts.update(s1.id, ScriptUpdate(content="echo changed"))
    assert (up.name, up.content, up.description) == ("boot", "echo changed", "d")
    assert client.scripts.get(s1.id).content == "echo changed"
    assert sorted(client.scripts.bulk_delete([s1.id, s2.id])) == sorted([s1.id, s2.id])
    assert list(client.scripts.list()) == []
