#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: snapshot
short_description: Manage instance snapshots on Barrack and restore them into new instances
version_added: 0.1.0
author: Barrack IaC team
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
        makes the module fail.
      - Only with O(state=present).
    type: str
  state:
    description:
      - V(present) makes sure the snapshot exists (and waits for it to reach C(SUCCESS) when O(wait=true)).
      - V(absent) deletes it. Instances restored from it are not touched.
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
