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
  - Idempotent by name, V(present) means a snapshot with that O(name) exists; an existing snapshot is never
    re-taken, differences in O(instance) or O(description) are reported as a warning.
  - Snapshots can only be taken of instances of the legacy tier that are C(ACTIVE) or C(SHUTOFF);
    the module checks this before it sends anything.
options:
  name:
    description:
      - Name of the snapshot, unique per account.
      - Required to create a snapshot.
    type: str
  id:
    description:
      - Id of the snapshot, for example C(BRK-123456S).
    type: str
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
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.wait
notes:
  - Supports C(check_mode) and C(diff).
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


import contextlib

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import (
    BarrackResource,
    barrack_module,
    error_details,
    field_errors_of,
    to_dict,
)

try:
    from shared_client import errors
except ImportError:  # reported by barrack_module
    errors = None

# Snapshots are taken of legacy-tier instances in one of these statuses (contract).
SNAPSHOT_TIER = "legacy"
SNAPSHOT_INSTANCE_STATUSES = ("ACTIVE", "SHUTOFF")
SNAPSHOT_DONE = ("SUCCESS", "available")
INSTANCE_READY = "ACTIVE"


class Snapshot(BarrackResource):
    label = "snapshot"
    result_key = "barrack_snapshot"
    sub_client = "snapshots"
    create_model = "SnapshotCreate"
    ready_status = set(SNAPSHOT_DONE)
    option_names = {"instance_id": "instance"}

    def __init__(self, module):
        super().__init__(module)
        self.restored = None  # the restore_to instance (dict)
        self.restore_changed = False

    # ------------------------------------------------------------------------------------- flow
    def run(self):
        state = self.params["state"]
        target = self.params["restore_to"]
        if target is not None:
            if state == "absent":
                self.fail("option 'restore_to' can only be used with state=present")
            self.validate_restore_name(target)
        try:
            if state == "absent":
                self.ensure_absent()
            else:
                resource = self.ensure_present()
                if resource is not None and not (self.check_mode and self.result["changed"]):
                    self.after = self.to_result(resource)
                if target:
                    self.ensure_restored(resource, target)
        except errors.BarrackError as err:
            self.fail(**error_details(err, self.option_names))
        self.exit()

    def exit(self):
        if self.params["restore_to"] and self.params["state"] != "absent":
            self.result["barrack_instance"] = self.restored or {}
            if self.restore_changed:
                self.before = {**self.before, "restored_instance": {}}
                self.after = {**self.after, "restored_instance": self.restored or {}}
        super().exit()

    # ----------------------------------------------------------------------------------- create
    def desired(self):
        body = {"name": self.params["name"]}
        if self.params["description"] is not None:
            body["description"] = self.params["description"]
        if self.params["instance"]:
            body["instance_id"] = self.params["instance"]
        return body

    def before_create(self, body):
        """Resolve the instance and check the snapshot preconditions before anything is sent."""
        if self.params["restore_to"] and not self.waits:
            self.fail("option 'restore_to': a snapshot created by this task can only be restored with wait=true")
        ident = self.params["instance"]
        try:
            instance = self.client.instances.resolve(ident)
        except errors.NotFound:
            if self.check_mode:
                self.warn(f"instance: no instance named or with id '{ident}' yet (check mode continues with it)")
                return
            self.fail(f"option 'instance': no instance named or with id '{ident}'")
        except errors.AmbiguousName:
            self.fail(f"option 'instance': more than one instance is named '{ident}'; use its id")
        tier = getattr(instance, "tier", None)
        status = getattr(instance, "status", None)
        where = f"instance '{instance.name}' ({instance.id})"
        if tier and tier != SNAPSHOT_TIER:
            self.fail(
                f"option 'instance': {where} is in region {getattr(instance, 'region', '?')} of the {tier} tier; "
                f"snapshots can only be taken on the {SNAPSHOT_TIER} tier"
            )
        if status not in SNAPSHOT_INSTANCE_STATUSES:
            self.fail(
                f"option 'instance': {where} is {status}; a snapshot needs it {' or '.join(SNAPSHOT_INSTANCE_STATUSES)}"
            )
        body["instance_id"] = str(instance.id)

    def predict_create(self, body):
        return {**body, "status": "CREATING"}

    def delete(self, resource):
        """A snapshot still being created cannot be deleted: with wait, let it finish first."""
        if getattr(resource, "status", None) == "CREATING" and self.waits:
            with contextlib.suppress(errors.ResourceFailed):  # an ERROR snapshot can be deleted
                self.api.wait_for(str(resource.id), lambda s: s.status != "CREATING", timeout=self.remaining())
        super().delete(resource)

    # ---------------------------------------------------------------------------------- present
    def ensure_present(self):
        resource = self.find()
        if resource is None:
            return self.ensure_created()
        self.before = self.to_result(resource)
        self.after = dict(self.before)
        wanted = self.params["description"]
        if wanted is not None and wanted != (self.before.get("description") or ""):
            self.warn(
                f"snapshot '{resource.name}' exists with another description; snapshots cannot be changed, "
                "it is left as it is"
            )
        if self.waits and getattr(resource, "status", None) not in SNAPSHOT_DONE:
            resource = self.wait_ready(resource)
        return resource

    def ensure_restored(self, resource, target):
        """Create instance ``target`` from the snapshot unless an instance with that name exists."""
        existing = self.client.instances.find_by_name(target)
        if existing is not None:
            self.restored = to_dict(existing)
            return
        self.mark_changed()
        self.restore_changed = True
        if self.check_mode:
            self.restored = {"vm_name": target, "boot_source": "snapshot", "status": "CREATING"}
            return
        status = getattr(resource, "status", None)
        if status not in SNAPSHOT_DONE:
            resource = self.api.get(str(resource.id))
            status = getattr(resource, "status", None)
        if status not in SNAPSHOT_DONE:
            self.fail(
                f"option 'restore_to': snapshot '{resource.name}' is {status}; it can be restored once it is "
                "SUCCESS (use wait=true)"
            )
        instance = self.api.restore(str(resource.id), target)
        if self.waits and getattr(instance, "status", None) != INSTANCE_READY:
            instance = self.client.instances.wait_for(str(instance.id), INSTANCE_READY, timeout=self.remaining())
        self.restored = to_dict(instance)

    def validate_restore_name(self, name):
        """The new instance's name follows the instance name rule: fail before anything is sent."""
        from shared_client.models import SnapshotRestore

        try:
            SnapshotRestore(new_vm_name=name)
        except errors.ValidationError as err:
            messages = field_errors_of(err).get("new_vm_name") or [str(err)]
            self.fail(f"Invalid input: option 'restore_to': {'; '.join(messages)}")


def main():
    module = barrack_module(
        dict(
            name=dict(type="str"),
            id=dict(type="str"),
            instance=dict(type="str"),
            description=dict(type="str"),
            restore_to=dict(type="str"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
        wait=True,
        required_one_of=[("id", "name")],
    )
    Snapshot(module).run()


if __name__ == "__main__":
    main()
