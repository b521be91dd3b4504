"""Volumes sub-client: the common operations plus resize, clone, types, billing."""

from __future__ import annotations

import re
from typing import Any, Final

from shared_client import normalise
from shared_client.errors import ValidationError
from shared_client.models import BillingPage, Volume, VolumeBillingSummary, VolumeCreate, VolumeType
from shared_client.models.volume import check_clone, check_resize
from shared_client.outcome import Outcome
from shared_client.pagination import iter_items
from shared_client.plan import Plan
from shared_client.resources.base import Candidate, ResourceClient, reconciled_post
from shared_client.resources.catalogue import fetch_billing
from shared_client.specs import ResourceSpec, UpdateStep
from shared_client.waiting import Deadline

_INTEGRAL = re.compile(r"[+-]?[0-9]+(\.0*)?")


def as_int(field: str, value: Any) -> int:
    """An int, integral float or integral numeric string as an int; `ValidationError` naming `field` otherwise."""
    if isinstance(value, bool):
        raise ValidationError.for_field(field, "must be a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INTEGRAL.fullmatch(value.strip()):
        return int(value.strip().partition(".")[0])
    raise ValidationError.for_field(field, "must be a whole number")


SPEC: Final = ResourceSpec(
    kind="volumes",
    label="volume",
    model=Volume,
    create_model=VolumeCreate,
    name_scope="region",
    ready=frozenset({"available", "in-use"}),
    busy=frozenset({"creating", "attaching", "detaching", "resizing", "deleting"}),
    delete_blocked_by="attached to an instance (detach first)",
    steps=(UpdateStep("resize", ("size_gb",)),),
)


class VolumesClient(ResourceClient[Volume, VolumeCreate]):
    declared = SPEC

    def _apply_step(
        self, id: str, step: UpdateStep, plan: Plan[Volume, VolumeCreate], *, wait: bool, deadline: Deadline
    ) -> Outcome[Volume]:
        return self.resize(id, plan.desired.size_gb, wait=wait, deadline=deadline)

    def resize(
        self, id: str, size_gb: int, *, wait: bool = False, timeout: float = 600, deadline: Deadline | None = None
    ) -> Outcome[Volume]:
        """Grow a volume in place (advanced tier only; a shrink or a legacy volume: `ValidationError` on size_gb
        before anything is sent; the current size: unchanged). After an ambiguous failure the size is re-read. With
        `wait`, until the new size shows and the volume is ready. `size_gb` may be an integral string or float."""
        size = as_int("size_gb", size_gb)
        dl = deadline or Deadline(timeout)
        current = self.get(id)
        if current.size_gb == size:
            return Outcome(current, False)
        check_resize(current, size)
        vol = self._act("volumes.resize", id, {"size_gb": size}, applied=lambda v: v.size_gb == size, deadline=dl)
        if wait:
            vol = self.wait_for(id, lambda v: v.size_gb == size and self.spec.is_ready(v.status), deadline=dl)
        return Outcome(vol, True)

    def clone(self, id: str, name: str) -> Volume:
        """Clone into a new volume `name` (advanced tier; a legacy source is a `ValidationError` before sending). After
        a lost answer or a 409 a volume of that name is adopted only when it has the source's region, type and size
        and was created after the attempt began; otherwise `errors.Conflict` names it."""
        try:
            normalise.check_volume_name(name)
        except ValueError as exc:
            raise ValidationError.for_field("name", str(exc)) from None
        source = self.get(id)
        check_clone(source)

        def differs(found: Volume) -> list[str]:
            pairs: dict[str, tuple[object, object]] = {
                "region": (found.region, source.region),
                "volume_type": (found.volume_type, source.volume_type),
                "size_gb": (found.size_gb, source.size_gb),
            }
            return sorted(k for k, (a, b) in pairs.items() if a is not None and b is not None and a != b)

        return reconciled_post(
            self._t,
            "volumes.clone",
            ids={"id": source.id},
            body={"name": name},
            parse=self._parse,
            candidate=Candidate(lambda: self.find_by_name(name, source.region), differs=differs, label=self.label),
        )

    def types(self) -> list[VolumeType]:
        return [VolumeType.model_validate(t) for t in iter_items(self._t, "volumes.types")]

    def billing(self) -> BillingPage[VolumeBillingSummary]:
        """Every volume billing record and the summary beside them."""
        return fetch_billing(self._t, "volumes.billing", VolumeBillingSummary)
