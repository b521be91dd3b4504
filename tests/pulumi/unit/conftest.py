"""Fixtures for the provider unit tests: valid inputs per provider and credentials bound to the emulator."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def credentials(emulator: Any) -> Iterator[Any]:
    """Provider credentials pointing at the emulator (as configure() would set them)."""
    from pulumi_barrack import _credentials

    _credentials.set_credentials(emulator.api_key, emulator.base_url)
    try:
        yield emulator
    finally:
        _credentials.reset()


@pytest.fixture
def world(credentials: Any, barrack_client: Any) -> dict[str, str]:
    """An SSH key, a legacy-tier (CANADA-1) and an advanced-tier (FINLAND-1) running instance."""
    from pulumi_inputs import PUBKEY

    from shared_client.models import InstanceCreate, SshKeyCreate

    key = barrack_client.ssh_keys.create(SshKeyCreate(name="world-key", public_key=PUBKEY))
    ids = {"key": key.id}
    for label, region, gpu in (("legacy", "CANADA-1", "RTX-A6000"), ("advanced", "FINLAND-1", "H100-SXM5-80GB")):
        request = InstanceCreate(
            name=f"world-{label}",
            region=region,
            gpu_model=gpu,
            gpu_count=1,
            image="Ubuntu Server 22.04 LTS R535 CUDA 12.2",
            ssh_key_ids=[key.id],
        )
        inst = barrack_client.instances.create(request)
        barrack_client.instances.wait_for(inst.id, "ACTIVE", timeout=10)
        ids[label] = inst.id
    credentials.clear_log()
    return ids
