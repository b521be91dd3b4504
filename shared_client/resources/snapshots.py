"""Snapshots sub-client: the common operations plus restore into a new instance, billing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

from shared_client.ids import check_id
from shared_client.models import (
    BillingPage,
    BillingSummary,
    Instance,
    Snapshot,
    SnapshotCreate,
    SnapshotImageRelationship,
    SnapshotImagesRequest,
    SnapshotImagesResponse,
    SnapshotRestore,
)
from shared_client.resources.base import Candidate, ResourceClient, reconciled_post
from shared_client.resources.catalogue import fetch_billing
from shared_client.specs import SNAPSHOT_ID, ResourceSpec

if TYPE_CHECKING:
    from shared_client.resources.instances import InstancesClient


SPEC: Final = ResourceSpec(
    kind="snapshots",
    label="snapshot",
    model=Snapshot,
    create_model=SnapshotCreate,
    name_scope="account",
    id_shape=SNAPSHOT_ID,
    ready=frozenset({"SUCCESS", "available"}),
    busy=frozenset({"CREATING", "creating", "DELETING"}),
    server_fields=("id", "created_at", "size_gb"),
)


class SnapshotsClient(ResourceClient[Snapshot, SnapshotCreate]):
    declared = SPEC

    @property
    def _instances(self) -> InstancesClient:
        return self.owner.instances

    def restore(self, id: str, new_vm_name: str) -> Instance:
        """Restore into a new instance (D); after a lost response it is looked up by name instead of restored twice."""
        body = SnapshotRestore(new_vm_name=new_vm_name).to_body()

        def differs(found: Instance) -> list[str]:  # an instance restored from this snapshot, not another one
            out = []
            if found.boot_source not in (None, "snapshot"):
                out.append("boot_source")
            if found.snapshot is not None and found.snapshot.id not in (None, id):
                out.append("snapshot")
            return out

        return reconciled_post(
            self._t,
            "snapshots.restore",
            ids={"id": check_id("id", id)},
            body=body,
            parse=Instance.model_validate,
            candidate=Candidate(
                lambda: self._instances.find_by_name(new_vm_name), differs=differs, label=self._instances.label
            ),
        )

    def billing(self) -> BillingPage[BillingSummary]:
        """Every snapshot billing record and the summary beside them."""
        return fetch_billing(self._t, "snapshots.billing", BillingSummary)

    def image(self, id: str) -> SnapshotImageRelationship:
        """Whether snapshot `id` is also a custom image, and which."""
        return SnapshotImageRelationship.model_validate(self._t.call("snapshots.image", ids={"id": id}))

    def images(self, snapshot_ids: Iterable[str]) -> list[SnapshotImageRelationship]:
        """The snapshot -> image relationship of several snapshots in one (read-only) call."""
        body = SnapshotImagesRequest(snapshot_ids=list(snapshot_ids)).to_body()
        data = self._t.call("snapshots.images", json=body, idempotent=True)
        return SnapshotImagesResponse.model_validate(data or {}).relationships
