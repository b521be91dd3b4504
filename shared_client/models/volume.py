"""Volumes: read model, create request, and the catalogue's volume types."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationInfo, field_validator, model_validator

from shared_client import vocabulary
from shared_client.fields import FieldMode, spec
from shared_client.models.base import Id, NameKeyed, RequestModel, ResourceModel, fail
from shared_client.models.types import Description, RegionName, VolumeName, VolumeTypeName


class Volume(ResourceModel):
    """A volume (status ``creating`` -> ``available`` <-> ``in-use``; ``error``)."""

    id: Id
    name: str | None = None
    region: str | None = None
    tier: str | None = None
    size_gb: int | None = None
    volume_type: str | None = None
    description: str | None = None
    bootable: bool | None = None
    image: str | None = None
    status: str | None = None
    attached_to: Id | None = None
    created_at: str | None = None

    def current_values(self) -> dict[str, Any]:
        """The volume as `VolumeCreate` field values (the `old` side of a plan)."""
        values = {
            "name": self.name,
            "region": self.region,
            "size_gb": self.size_gb,
            "volume_type": self.volume_type,
            "description": self.description,
            "bootable": self.bootable,
            "image": self.image,
        }
        return {k: v for k, v in values.items() if k in self.model_fields_set or v is not None}


class VolumeType(NameKeyed):
    tier: str | None = None
    min_gb: int | None = None
    max_gb: int | None = None
    status: str | None = None


C, U = FieldMode.CREATE_ONLY, FieldMode.UPDATABLE


class VolumeCreate(RequestModel):
    """Body of a volume create. Sizes per type (D): SSD 100-102400 (legacy), NVMe 100-10000, HDD 100-16000
    (advanced). `size_gb` can later grow in place on the advanced tier only."""

    name: VolumeName = spec(C, description="3-30 letters, digits, - _; unique per region")
    region: RegionName = spec(C, choices=vocabulary.REGIONS)
    size_gb: int = spec(U, grow_only=True, update_tiers=[vocabulary.ADVANCED], description="GB")
    volume_type: VolumeTypeName = spec(
        C, description="SSD (legacy) | NVMe | HDD (advanced)", choices=vocabulary.VOLUME_TYPES
    )
    description: Description | None = spec(C, None, description="at most 255 characters")
    bootable: bool | None = spec(C, None, description="legacy tier only; needs an Ubuntu image")
    image: str | None = spec(C, None, description="bootable volumes only")

    @field_validator("volume_type")
    @classmethod
    def _tier(cls, v: str, info: ValidationInfo) -> str:
        tier = vocabulary.region_tier(info.data.get("region"))
        if tier is not None and vocabulary.VOLUME_TYPES[v].tier != tier:
            allowed = [n for n, t in vocabulary.VOLUME_TYPES.items() if t.tier == tier]
            raise ValueError(f"{v} is not available in {info.data['region']} ({tier} tier: {', '.join(allowed)})")
        return v

    @model_validator(mode="after")
    def _cross(self) -> VolumeCreate:
        vt = vocabulary.VOLUME_TYPES[self.volume_type]
        if not vt.min_gb <= self.size_gb <= vt.max_gb:
            raise fail("size_gb", f"{self.volume_type} volumes must be {vt.min_gb}-{vt.max_gb} GB")
        if self.bootable:
            if vocabulary.region_tier(self.region) != vocabulary.LEGACY:
                raise fail("bootable", "bootable volumes exist on the legacy tier only (CANADA-1)")
            if not self.image:
                raise fail("image", "a bootable volume needs an image")
            if "ubuntu" not in self.image.lower():
                raise fail("image", "a bootable volume needs an Ubuntu image")
        elif self.image is not None:
            raise fail("image", "only bootable volumes take an image")
        return self


def check_clone(volume: Volume) -> None:
    """Raise `ValidationError` naming the tier unless the volume can be cloned (advanced tier only, D)."""
    tier = volume.tier or vocabulary.region_tier(volume.region)
    if tier == vocabulary.LEGACY:
        raise fail("tier", "volumes on the legacy tier (CANADA-1) cannot be cloned (advanced tier only)")


def check_resize(volume: Volume, size_gb: int) -> None:
    """Raise `ValidationError` naming `size_gb` unless the volume can grow to `size_gb` in place."""
    tier = volume.tier or vocabulary.region_tier(volume.region)
    if tier == vocabulary.LEGACY:
        raise fail("size_gb", "volumes on the legacy tier cannot be resized (advanced tier only)")
    if volume.size_gb is not None and size_gb < volume.size_gb:
        raise fail("size_gb", f"volumes can only grow (current {volume.size_gb} GB, asked {size_gb} GB)")
    vt = vocabulary.VOLUME_TYPES.get(volume.volume_type or "")
    if vt is not None and size_gb > vt.max_gb:
        raise fail("size_gb", f"{volume.volume_type} volumes must be {vt.min_gb}-{vt.max_gb} GB")
