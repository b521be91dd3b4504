"""Custom images (made from a snapshot): read model and create request."""

from __future__ import annotations

from typing import Any

from shared_client.fields import FieldMode, spec
from shared_client.models.base import Id, RequestModel, ResourceModel
from shared_client.models.types import Description, GeneralName, RefId


class CustomImage(ResourceModel):
    """A custom image (status ``creating`` -> ``available``; ``error``). `size` is a display string."""

    id: Id
    name: str | None = None
    type: str | None = None
    status: str | None = None
    size: str | None = None
    snapshot_name: str | None = None
    snapshot_id: Id | None = None
    region: str | None = None
    created: str | None = None
    description: str | None = None

    def current_values(self) -> dict[str, Any]:
        return {"snapshot_id": self.snapshot_id, "name": self.name, "description": self.description}


C = FieldMode.CREATE_ONLY


class CustomImageCreate(RequestModel):
    snapshot_id: RefId = spec(C, description="a SUCCESS snapshot")
    name: GeneralName = spec(C, description="1-50 letters, digits, space, - _ .")
    description: Description | None = spec(C, None)
