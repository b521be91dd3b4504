#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: snapshot
short_description: Manage instance snapshots on Barrack and restore them into new instances
version_added: 0.1.0
author: Barrack IaC team (@barrack-iac)
description:
  - Create and delete snapshots of Barrack instances, and restore a snapshot into a new instance.
  - Idempotent by name, V(present) means a snapshot with that O(name) exists. A snapshot cannot be changed - when
    it differs in O(description) or O(instance) (compared when given as the id, or with O(recreate=true)), or is in
    C(ERROR), the task fails naming the options, unless O(recreate=true) takes it again.
  - Snapshots can only be taken of the instances the API lists as snapshot-eligible (legacy tier, C(ACTIVE) or
    C(SHUTOFF)); the module checks this before it sends anything.
  - In check mode an instance that an earlier task only predicted gives a warning, and O(restore_to) of a
    snapshot that is only predicted is predicted too.
options:
  id:
    description:
      - Id of the snapshot, for example C(BRK-123456S).
  instance:
    description:
      - Name or id of the instance to snapshot.
      - Required to create a snapshot.
    type: str
  description:
    description:
      - Free text describing the snapshot. Only used when the snapshot is created.
    type: str
  restore_to:
    description:
      - Name of a new instance to create from the snapshot.
      - Idempotent, when an instance with this name exists nothing is restored.
      - The snapshot must have reached C(SUCCESS); with O(wait=false) a snapshot that is still being created
        makes the module fail, and a snapshot cannot be created and restored by the same task.
      - Only with O(state=present).
    type: str
  state:
    description:
      - V(present) makes sure the snapshot exists (and waits for it to reach C(SUCCESS) when O(wait=true)).
      - V(absent) deletes it. Instances restored from it are not touched. A snapshot that is still being
        created is first waited for when O(wait=true).
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.resource
"""

EXAMPLES = r"""
- name: Snapshot a trained model's instance
  barrack.cloud.snapshot:
    name: trainer-epoch-40
    instance: trainer
    description: After epoch 40

- name: Restore it into a new instance
  barrack.cloud.snapshot:
    name: trainer-epoch-40
    restore_to: trainer-replay
  register: restored

- name: Show the new instance's address
  ansible.builtin.debug:
    var: restored.barrack_instance.ip_address

- name: Delete the snapshot
  barrack.cloud.snapshot:
    name: trainer-epoch-40
    state: absent
"""

RETURN = r"""
barrack_snapshot:
  description: The snapshot (empty after a delete).
  returned: always
  type: dict
  contains:
    id:
      description: Id of the snapshot.
      type: str
      sample: BRK-123456S
    name:
      description: Name of the snapshot.
      type: str
      sample: trainer-epoch-40
    description:
      description: Free text describing the snapshot.
      type: str
      sample: After epoch 40
    instance_id:
      description: Id of the instance the snapshot was taken of.
      type: str
      sample: BRK-901234D
    region:
      description: Region of the snapshot.
      type: str
      sample: CANADA-1
    status:
      description: Status, C(CREATING) then C(SUCCESS) (or C(ERROR)).
      type: str
      sample: SUCCESS
    size_gb:
      description: Size of the snapshot in GB.
      type: float
      sample: 100
    created_at:
      description: Creation time.
      type: str
      sample: "2025-12-11T16:00:00Z"
barrack_instance:
  description:
    - The instance named O(restore_to), created from the snapshot or found existing.
  returned: when O(restore_to) is set and O(state=present)
  type: dict
  contains:
    instance_id:
      description: Id of the instance.
      type: str
      sample: BRK-901235D
    vm_name:
      description: Name of the instance.
      type: str
      sample: trainer-replay
    status:
      description: Status of the instance.
      type: str
      sample: ACTIVE
    ip_address:
      description: Public IP address, if any.
      type: str
      sample: 203.0.113.10
    boot_source:
      description: C(snapshot) for an instance restored from a snapshot.
      type: str
      sample: snapshot
"""


from ansible_collections.barrack.cloud.plugins.module_utils.barrack import BarrackResource, to_dict


class Snapshot(BarrackResource):
    result_key = "barrack_snapshot"
    sub_client = "snapshots"
    references = {"instance_id": "instances"}
    option_names = {"instance_id": "instance", "new_vm_name": "restore_to"}
    restored = None  # the restore_to instance (dict)
    restore_changed = False
    options = dict(instance=dict(type="str"), description=dict(type="str"), restore_to=dict(type="str"))

    def prepare(self):
        if self.params["restore_to"] is not None:
            if self.params["state"] == "absent":
                self.fail("option 'restore_to' can only be used with state=present")
            from shared_client.models import SnapshotRestore

            SnapshotRestore(new_vm_name=self.params["restore_to"])  # the name rule, before anything is sent

    def before_create(self, body):
        if self.params["restore_to"] and not self.waits:
            self.fail("option 'restore_to': a snapshot created by this task can only be restored with wait=true")
        instance = self.lookup("instances", self.params["instance"], "instance") if self.params["instance"] else None
        if instance is None:
            return  # required: reported by the validation; or only predicted (check mode)
        body["instance_id"] = str(instance.id)
        if str(instance.id) not in {str(i.id) for i in self.client.instances.snapshot_eligible()}:
            self.precondition(
                f"option 'instance': instance '{instance.name}' ({instance.id}) is {instance.status} in "
                f"{instance.region} ({instance.tier} tier); it is not snapshot-eligible now (the legacy tier's "
                "ACTIVE or SHUTOFF instances are)"
            )

    def ensure_present(self):
        resource = super().ensure_present()  # None in check mode when only predicted
        if self.params["restore_to"]:
            self.ensure_restored(resource, self.params["restore_to"])
        return resource

    def ensure_restored(self, resource, target):
        """Create instance ``target`` from the snapshot unless an instance with that name exists."""
        existing = self.client.instances.find_by_name(target)
        if existing is not None:
            self.restored = to_dict(existing)
            return
        self.mark_changed()
        self.restore_changed = True
        instances = self.client.instances
        self.restored = to_dict(instances.plan(None, instances.create_model.model_construct(name=target)).preview())
        if self.check_mode:
            return
        resource = resource if self.spec.is_ready(resource.status) else self.api.get(str(resource.id))
        if not self.spec.is_ready(resource.status):
            self.fail(
                f"option 'restore_to': snapshot '{resource.name}' is {resource.status}; it can be restored once it "
                "is ready (use wait=true)"
            )
        instance = self.api.restore(str(resource.id), target)
        if self.waits:
            instance = self.client.instances.wait_ready(str(instance.id), deadline=self.deadline)
        self.restored = to_dict(instance)

    def exit(self):
        if self.params["restore_to"] and self.params["state"] != "absent":
            self.result["barrack_instance"] = self.restored or {}
            if self.restore_changed:
                self.before = {**self.before, "restored_instance": {}}
                self.after = {**self.after, "restored_instance": self.restored}
        super().exit()


def main():
    Snapshot.main()


if __name__ == "__main__":
    main()
