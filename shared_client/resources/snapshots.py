"""Snapshots sub-client: the common operations plus restore into a new instance, billing."""

from __future__ import annotations

from collections.abc import Iterator

from shared_client.models import BillingRecord, Instance, Snapshot, SnapshotCreate, SnapshotRestore
from shared_client.pagination import iter_items
from shared_client.resources.base import ResourceClient, reconciled_post
from shared_client.resources.instances import InstancesClient
from shared_client.transport import Transport
from shared_client.waiting import WaitPolicy


class SnapshotsClient(ResourceClient[Snapshot, SnapshotCreate]):
    kind = "snapshots"
    label = "snapshot"
    model = Snapshot
    create_model = SnapshotCreate

    def __init__(self, transport: Transport, wait_policy: WaitPolicy, instances: InstancesClient) -> None:
        super().__init__(transport, wait_policy)
        self._instances = instances

    def restore(self, id: str, new_vm_name: str) -> Instance:
        """Restore into a new instance (D). The response may show a final or a transitional status.
        After a lost response the new instance is looked up by name instead of restoring twice."""
        body = SnapshotRestore(new_vm_name=new_vm_name).to_body()
        return reconciled_post(
            self._t,
            "snapshots.restore",
            ids={"id": id},
            body=body,
            parse=Instance.model_validate,
            lookup=lambda: self._instances.find_by_name(new_vm_name),
            what="instance",
        )

    def billing(self) -> Iterator[BillingRecord]:
        for rec in iter_items(self._t, "snapshots.billing"):
            yield BillingRecord.model_validate(rec)
