"""Snapshots (legacy tier): read model, create request and restore request."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, field_validator

from shared_client.fields import FieldMode, spec
from shared_client.models.base import Id, ReadModel, RequestModel, ResourceModel
from shared_client.models.types import Description, GeneralName, RefId


def _yes_no(value: Any) -> Any:
    """ "Yes"/"No" (the D display words) or a bool."""
    if isinstance(value, str) and value.strip().lower() in ("yes", "no", "true", "false"):
        return value.strip().lower() in ("yes", "true")
    return value


YesNo = Annotated[bool | None, BeforeValidator(_yes_no)]


class Snapshot(ResourceModel):
    """A snapshot (status ``CREATING`` -> ``SUCCESS``; ``available`` also means done; ``ERROR``). The details
    are the D words of "Managing Snapshots" (field names I)."""

    id: Id
    name: str | None = None
    description: str | None = None
    instance_id: Id | None = None
    vm_name: str | None = None
    region: str | None = None
    status: str | None = None
    size_gb: float | None = None
    vcpus: int | None = None
    ram_gb: float | None = None
    gpu_type: str | None = None
    gpu_count: int | None = None
    disk_gb: float | None = None
    is_image: YesNo = None
    created_at: str | None = None

    def current_values(self) -> dict[str, Any]:
        return {"instance_id": self.instance_id, "name": self.name, "description": self.description}


C = FieldMode.CREATE_ONLY
MAX_BATCH = 100  # I (the page-size maximum)


class SnapshotCreate(RequestModel):
    instance_id: RefId = spec(C, description="an ACTIVE or SHUTOFF legacy-tier instance")
    name: GeneralName = spec(C, description="1-50 letters, digits, space, - _ .")
    description: Description | None = spec(C, None)


class SnapshotRestore(RequestModel):
    """Body of "restore snapshot into a new instance" (D)."""

    new_vm_name: GeneralName = spec(C, description="name of the new instance")


class SnapshotImageRelationship(ReadModel):
    """Whether a snapshot is also a custom image (`GET /snapshots/{id}/image/`, one row of the batch answer)."""

    snapshot_id: Id
    is_image: YesNo = None
    image_id: Id | None = None
    image_name: str | None = None


class SnapshotImagesRequest(RequestModel):
    """Body of `POST /snapshots/images/` (read-only): the snapshots to look up."""

    snapshot_ids: list[str] = spec(C, description=f"1-{MAX_BATCH} snapshot ids")

    @field_validator("snapshot_ids", mode="before")
    @classmethod
    def _ids(cls, v: Any) -> Any:
        return (
            [str(i) if isinstance(i, int) and not isinstance(i, bool) else i for i in v]
            if isinstance(v, list | tuple)
            else v
        )

    @field_validator("snapshot_ids")
    @classmethod
    def _count(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError("at least one snapshot id is required")
        if len(v) > MAX_BATCH:
            raise ValueError(f"at most {MAX_BATCH} snapshot ids per call")
        if any(not i.strip() for i in v):
            raise ValueError("ids must not be empty")
        return v


class SnapshotImagesResponse(ReadModel):
    """Answer of `POST /snapshots/images/`: one relationship per asked snapshot."""

    relationships: list[SnapshotImageRelationship] = Field(default_factory=list)
