"""SSH keys sub-client (the common operations only)."""

from __future__ import annotations

from shared_client.models import SshKey, SshKeyCreate
from shared_client.resources.base import ResourceClient


class SshKeysClient(ResourceClient[SshKey, SshKeyCreate]):
    kind = "ssh_keys"
    label = "SSH key"
    model = SshKey
    create_model = SshKeyCreate
