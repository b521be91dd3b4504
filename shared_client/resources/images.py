"""Custom images sub-client (the common operations: every field is create-only)."""

from __future__ import annotations

from typing import Final

from shared_client.models import CustomImage, CustomImageCreate
from shared_client.resources.base import ResourceClient
from shared_client.specs import ResourceSpec

SPEC: Final = ResourceSpec(
    kind="images",
    label="custom image",
    model=CustomImage,
    create_model=CustomImageCreate,
    name_scope="account",
    ready=frozenset({"available"}),
    busy=frozenset({"creating", "CREATING", "deleting"}),
    server_fields=("id", "created", "size"),
)


class ImagesClient(ResourceClient[CustomImage, CustomImageCreate]):
    declared = SPEC
