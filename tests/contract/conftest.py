"""Fixtures for shared_client contract tests against the real emulator over loopback HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from shared_client import BarrackClient, RetryPolicy, WaitPolicy
from shared_client.models import Instance, InstanceCreate, SshKeyCreate

UBUNTU = "Ubuntu Server 22.04 LTS R535 CUDA 12.2"
ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIxcxnbCeTCvvmMo2MTySpEOAk4nYU2szhvc9zSxZrDJ demo@barrack"
FAST_RETRY = RetryPolicy(max_attempts=4, backoff_base=0.01, backoff_cap=0.05)
FAST_WAIT = WaitPolicy(initial=0.01, factor=1.5, cap=0.05)


def fast_client(emulator: Any, **kwargs: Any) -> BarrackClient:
    """A client with small retry/backoff/wait settings so fault tests stay quick."""
    opts: dict[str, Any] = dict(retry=FAST_RETRY, wait_policy=FAST_WAIT, timeout=5.0, total_budget=10.0,
                                user_agent="barrack-contract-tests/0")
    opts.update(kwargs)
    return BarrackClient(api_key=emulator.api_key, base_url=emulator.base_url, **opts)


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

    def make(name: str = "ct-vm", region: str = "CANADA-1", gpu_model: str = "RTX-A6000", gpu_count: int = 1,
             wait: bool = True, **extra: Any) -> Instance:
        req = InstanceCreate(name=name, region=region, gpu_model=gpu_model, gpu_count=gpu_count, image=UBUNTU,
                             ssh_key_ids=[key_id], **extra)
        inst = client.instances.create(req)
        return client.instances.wait_for(inst.id, "ACTIVE", timeout=10) if wait else inst

    return make
