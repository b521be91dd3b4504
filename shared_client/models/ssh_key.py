"""SSH keys: read model and create request (the fingerprint is computed locally too)."""

from __future__ import annotations

from typing import Any

from pydantic import field_validator

from shared_client import normalise
from shared_client.fields import FieldMode, Kind, spec
from shared_client.models.base import Id, RequestModel, ResourceModel
from shared_client.models.types import SshKeyName


class SshKey(ResourceModel):
    id: Id
    name: str | None = None
    public_key: str | None = None
    fingerprint: str | None = None
    status: str | None = None
    created_at: str | None = None

    def current_values(self) -> dict[str, Any]:
        return {"name": self.name, "public_key": self.public_key}


C = FieldMode.CREATE_ONLY


class SshKeyCreate(RequestModel):
    """An OpenSSH one-line public key (ssh-rsa, ssh-ed25519, ecdsa-sha2-nistp256/384/521)."""

    name: SshKeyName = spec(C, description="1-50 letters, digits, - _ . (no spaces)")
    public_key: str = spec(C, kind=Kind.PUBLIC_KEY, description="compared as type + base64; comment ignored")

    @field_validator("public_key")
    @classmethod
    def _key(cls, v: str) -> str:
        normalise.parse_public_key(v)
        return v.strip()

    @property
    def fingerprint(self) -> str:
        """`SHA256:...` as `ssh-keygen -l` prints it."""
        return normalise.ssh_fingerprint(self.public_key)

    def derived(self) -> dict[str, Any]:
        return {"fingerprint": self.fingerprint}
