"""SSH keys sub-client (the common operations only: every field is create-only)."""

from __future__ import annotations

from typing import Final

from shared_client.models import SshKey, SshKeyCreate
from shared_client.resources.base import ResourceClient
from shared_client.specs import ResourceSpec

SPEC: Final = ResourceSpec(
    kind="ssh_keys",
    label="SSH key",
    model=SshKey,
    create_model=SshKeyCreate,
    name_scope="account",
    delete_blocked_by="used by a live instance",
)


class SshKeysClient(ResourceClient[SshKey, SshKeyCreate]):
    declared = SPEC
