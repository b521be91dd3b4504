#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: image
short_description: Manage custom images on Barrack
version_added: 0.1.0
author: Barrack IaC team (@barrack-iac)
description:
  - Create custom images from instance snapshots, and delete them.
  - Idempotent by name, V(present) means a custom image with that O(name) exists. An image cannot be changed - when
    it differs in O(description) or O(snapshot) (compared when given as the id, or with O(recreate=true)), or is in
    C(error), the task fails naming the options, unless O(recreate=true) builds it again.
  - The snapshot must be ready (C(SUCCESS)); with O(wait=true) one still being created is waited for. In check
    mode a snapshot that an earlier task only predicted gives a warning.
options:
  id:
    description:
      - Id of the image, for example C(12345).
  snapshot:
    description:
      - Name or id of the snapshot to build the image from.
      - Required to create an image.
    type: str
  description:
    description:
      - Free text describing the image. Only used when the image is created.
    type: str
  state:
    description:
      - V(present) makes sure the image exists (and waits for it to become C(available) when O(wait=true)).
      - V(absent) deletes it. An image that is still being created is first waited for when O(wait=true).
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.resource
"""

EXAMPLES = r"""
- name: Build a golden image from a snapshot
  barrack.cloud.image:
    name: golden-cuda-12
    snapshot: trainer-epoch-40
    description: CUDA 12.2 with our toolchain

- name: Delete the image
  barrack.cloud.image:
    name: golden-cuda-12
    state: absent
"""

RETURN = r"""
barrack_image:
  description: The custom image (empty after a delete).
  returned: always
  type: dict
  contains:
    id:
      description: Id of the image.
      type: str
      sample: "12345"
    name:
      description: Name of the image.
      type: str
      sample: golden-cuda-12
    type:
      description: Kind of image.
      type: str
      sample: Snapshot
    status:
      description: Status, C(creating) then C(available) (or C(error)).
      type: str
      sample: available
    size:
      description: Size as a display string.
      type: str
      sample: 25.5 GB
    snapshot_id:
      description: Id of the snapshot the image was built from.
      type: str
      sample: BRK-123456S
    snapshot_name:
      description: Name of the snapshot the image was built from.
      type: str
      sample: trainer-epoch-40
    description:
      description: Free text describing the image.
      type: str
      sample: CUDA 12.2 with our toolchain
    region:
      description: Region of the image.
      type: str
      sample: CANADA-1
    created:
      description: Creation time.
      type: str
      sample: "2025-12-11T16:00:00Z"
"""

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import BarrackResource


class Image(BarrackResource):
    result_key = "barrack_image"
    sub_client = "images"
    references = {"snapshot_id": "snapshots"}
    option_names = {"snapshot_id": "snapshot"}
    options = dict(snapshot=dict(type="str"), description=dict(type="str"))

    def before_create(self, body):
        """The snapshot must be ready; with wait, one still being created is waited for."""
        snapshot = self.lookup("snapshots", self.params["snapshot"], "snapshot") if self.params["snapshot"] else None
        if snapshot is None:
            return  # required: reported by the validation; or only predicted (check mode)
        snapshots = self.client.snapshots
        status, spec = snapshot.status, snapshots.spec
        if spec.is_busy(status) and self.waits and not self.check_mode:
            snapshot = snapshots.wait_ready(str(snapshot.id), deadline=self.deadline)
        elif not spec.is_ready(status):
            msg = (
                f"option 'snapshot': snapshot '{snapshot.name}' ({snapshot.id}) is {status}; a custom image needs a "
                f"snapshot that is {' or '.join(sorted(spec.ready))}"
            )
            if not spec.is_busy(status):
                self.fail(msg)
            self.precondition(msg + " (set wait=true to wait for it)")
        body["snapshot_id"] = str(snapshot.id)


def main():
    Image.main()


if __name__ == "__main__":
    main()
