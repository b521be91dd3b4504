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
  - Idempotent by name, V(present) means a custom image with that O(name) exists; an existing image is never
    re-created, differences in O(snapshot) or O(description) are reported as a warning.
  - The snapshot must have reached C(SUCCESS); the module checks this before it sends anything.
options:
  name:
    description:
      - Name of the image, unique per account.
      - Required to create an image.
    type: str
  id:
    description:
      - Id of the image, for example C(12345).
    type: str
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

import contextlib

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import BarrackResource, barrack_module

try:
    from shared_client import errors
except ImportError:  # reported by barrack_module
    errors = None

IMAGE_READY = "available"
SNAPSHOT_DONE = ("SUCCESS", "available")


class Image(BarrackResource):
    label = "custom image"
    result_key = "barrack_image"
    sub_client = "images"
    create_model = "CustomImageCreate"
    ready_status = IMAGE_READY
    option_names = {"snapshot_id": "snapshot"}

    def desired(self):
        body = {"name": self.params["name"]}
        if self.params["description"] is not None:
            body["description"] = self.params["description"]
        if self.params["snapshot"]:
            body["snapshot_id"] = self.params["snapshot"]
        return body

    def before_create(self, body):
        """Resolve the snapshot; it must be SUCCESS (with wait, a snapshot still being created is waited for)."""
        ident = self.params["snapshot"]
        try:
            snapshot = self.client.snapshots.resolve(ident)
        except errors.NotFound:
            if self.check_mode:
                self.warn(f"snapshot: no snapshot named or with id '{ident}' yet (check mode continues with it)")
                return
            self.fail(f"option 'snapshot': no snapshot named or with id '{ident}'")
        except errors.AmbiguousName:
            self.fail(f"option 'snapshot': more than one snapshot is named '{ident}'; use its id")
        status = getattr(snapshot, "status", None)
        if status not in SNAPSHOT_DONE:
            if status == "CREATING" and self.waits and not self.check_mode:
                snapshot = self.client.snapshots.wait_for(
                    str(snapshot.id), set(SNAPSHOT_DONE), timeout=self.remaining()
                )
            elif status != "CREATING" or not self.waits:
                self.fail(
                    f"option 'snapshot': snapshot '{snapshot.name}' ({snapshot.id}) is {status}; "
                    "a custom image needs a snapshot in SUCCESS"
                )
        body["snapshot_id"] = str(snapshot.id)

    def delete(self, resource):
        """An image still being created cannot be deleted: with wait, let it finish first."""
        if getattr(resource, "status", None) == "creating" and self.waits:
            with contextlib.suppress(errors.ResourceFailed):  # an image in error can be deleted
                self.api.wait_for(str(resource.id), lambda i: i.status != "creating", timeout=self.remaining())
        super().delete(resource)

    def predict_create(self, body):
        return {**body, "status": "creating"}

    def ensure_present(self):
        resource = self.find()
        if resource is None:
            return self.ensure_created()
        self.before = self.to_result(resource)
        self.after = dict(self.before)
        wanted = self.params["description"]
        if wanted is not None and wanted != (self.before.get("description") or ""):
            self.warn(
                f"custom image '{resource.name}' exists with another description; custom images cannot be changed, "
                "it is left as it is"
            )
        if self.waits and getattr(resource, "status", None) != IMAGE_READY:
            resource = self.wait_ready(resource)
        return resource


def main():
    module = barrack_module(
        dict(
            name=dict(type="str"),
            id=dict(type="str"),
            snapshot=dict(type="str"),
            description=dict(type="str"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
        wait=True,
        required_one_of=[("id", "name")],
    )
    Image(module).run()


if __name__ == "__main__":
    main()
