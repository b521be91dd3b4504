"""Fixtures for shared_client contract tests against the real emulator over loopback HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from client_contract_support import ED25519, UBUNTU, fast_client

from shared_client import BarrackClient
from shared_client.models import Instance, InstanceCreate, SshKeyCreate


@pytest.fixture
def client(emulator: Any) -> Iterator[BarrackClient]:
    with fast_client(emulator) as c:
        yield c


@pytest.fixture
def key_id(client: BarrackClient) -> str:
    return client.ssh_keys.create(SshKeyCreate(name="ct-key", public_key=ED25519)).id


@pytest.fixture
def make_instance(client: BarrackClient, key_id: str) -> Callable[..., Instance]:
    """Create an instance (default: legacy RTX-A6000 x1) and wait until ACTIVE."""

    def make(
        name: str = "ct-vm",
        region: str = "CANADA-1",
        gpu_model: str = "RTX-A6000",
        gpu_count: int = 1,
        wait: bool = True,
        **extra: Any,
    ) -> Instance:
        req = InstanceCreate(
            name=name,
            region=region,
            gpu_model=gpu_model,
            gpu_count=gpu_count,
            image=UBUNTU,
            ssh_key_ids=[key_id],
            **extra,
        )
        inst = client.instances.create(req)
        return client.instances.wait_for(inst.id, "ACTIVE", timeout=10) if wait else inst

    return make
