"""Startup scripts: read model, create and update (PUT) requests."""

from __future__ import annotations

from typing import Any

from shared_client.fields import FieldMode, spec
from shared_client.models.base import Id, RequestModel, ResourceModel
from shared_client.models.types import Content, Description, GeneralName


class Script(ResourceModel):
    id: Id
    name: str | None = None
    content: str | None = None
    description: str | None = None
    status: str | None = None
    created_at: str | None = None
    updated_at: str | None = None

    def current_values(self) -> dict[str, Any]:
        return {"name": self.name, "content": self.content, "description": self.description}


U = FieldMode.UPDATABLE


class ScriptCreate(RequestModel):
    """A startup script. Every field can be changed in place (PUT)."""

    name: GeneralName = spec(U, description="1-50 letters, digits, space, - _ .")
    content: Content = spec(U, description="the script text")
    description: Description | None = spec(U, None, description="at most 255 characters")


class ScriptUpdate(RequestModel):
    """A PUT body: only the fields set are sent."""

    name: GeneralName | None = spec(U, None)
    content: Content | None = spec(U, None)
    description: Description | None = spec(U, None)
