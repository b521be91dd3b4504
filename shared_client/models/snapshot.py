"""Snapshots (legacy tier): read model, create request and restore request."""

from __future__ import annotations

from typing import Any

from shared_client.fields import FieldMode, spec
from shared_client.models.base import Id, ReadModel, RequestModel
from shared_client.models.types import Description, GeneralName, RefId


class Snapshot(ReadModel):
    """A snapshot (status ``CREATING`` -> ``SUCCESS``; ``available`` also means done; ``ERROR``)."""

    id: Id
    name: str | None = None
    description: str | None = None
    instance_id: Id | None = None
    region: str | None = None
    status: str | None = None
    size_gb: float | None = None
    created_at: str | None = None

    def current_values(self) -> dict[str, Any]:
        return {"instance_id": self.instance_id, "name": self.name, "description": self.description}


C = FieldMode.CREATE_ONLY


class SnapshotCreate(RequestModel):
    instance_id: RefId = spec(C, description="an ACTIVE or SHUTOFF legacy-tier instance")
    name: GeneralName = spec(C, description="1-50 letters, digits, space, - _ .")
    description: Description | None = spec(C, None)


class SnapshotRestore(RequestModel):
    """Body of "restore snapshot into a new instance" (D)."""

    new_vm_name: GeneralName = spec(C, description="name of the new instance")
