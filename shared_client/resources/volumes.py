"""Volumes sub-client: the common operations plus resize, clone, types, billing."""

from __future__ import annotations

from collections.abc import Iterator

from shared_client import normalise
from shared_client.errors import ValidationError
from shared_client.models import BillingRecord, Volume, VolumeCreate, VolumeType
from shared_client.models.volume import check_resize
from shared_client.pagination import iter_items
from shared_client.resources.base import ResourceClient, reconciled_post


class VolumesClient(ResourceClient[Volume, VolumeCreate]):
    kind = "volumes"
    label = "volume"
    model = Volume
    create_model = VolumeCreate

    def resize(self, id: str, size_gb: int) -> Volume:
        """Grow a volume (advanced tier only). Shrinking or a legacy volume is a `ValidationError` on size_gb,
        raised before the resize is sent. Resizing to the current size returns the volume unchanged."""
        if isinstance(size_gb, bool) or not isinstance(size_gb, int):
            raise ValidationError.for_field("size_gb", "must be a whole number of GB")
        current = self.get(id)
        if current.size_gb == size_gb:
            return current
        check_resize(current, size_gb)
        return self._parse(self._t.call("volumes.resize", ids={"id": id}, json={"size_gb": size_gb}))

    def clone(self, id: str, name: str) -> Volume:
        """Clone into a new volume `name` (advanced tier; same region and type). Reconciled by name."""
        try:
            normalise.check_volume_name(name)
        except ValueError as exc:
            raise ValidationError.for_field("name", str(exc)) from None
        source = self.get(id)
        return reconciled_post(
            self._t,
            "volumes.clone",
            ids={"id": id},
            body={"name": name},
            parse=self._parse,
            lookup=lambda: self.find_by_name(name, source.region),
            what="volume",
        )

    def types(self) -> list[VolumeType]:
        return [VolumeType.model_validate(t) for t in iter_items(self._t, "volumes.types")]

    def billing(self) -> Iterator[BillingRecord]:
        for rec in iter_items(self._t, "volumes.billing"):
            yield BillingRecord.model_validate(rec)
