"""Custom images sub-client (the common operations)."""

from __future__ import annotations

from shared_client.models import CustomImage, CustomImageCreate
from shared_client.resources.base import ResourceClient


class ImagesClient(ResourceClient[CustomImage, CustomImageCreate]):
    kind = "images"
    label = "custom image"
    model = CustomImage
    create_model = CustomImageCreate
