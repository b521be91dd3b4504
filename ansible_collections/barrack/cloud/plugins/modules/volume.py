#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: volume
short_description: Manage block storage volumes on Barrack
version_added: 0.1.0
author: Barrack IaC team (@barrack-iac)
description:
  - Create, grow and delete volumes. Volume names are unique per region.
  - A volume is found by O(id) or by O(name) (and O(region) when the name exists in several regions).
  - Growing O(size_gb) resizes the volume in place on the advanced tier. Shrinking, and resizing on the legacy tier,
    fail naming O(size_gb) before anything is changed.
  - Every other option can only be set at creation; when the existing volume differs in one of them the task fails
    and lists them.
  - Attach volumes with M(barrack.cloud.volume_attachment) or the O(barrack.cloud.instance#module:volumes) option.
options:
  name:
    description:
      - Name of the volume, 3 to 30 letters, digits, C(-) or C(_), unique per region.
      - Required to create a volume.
    type: str
  id:
    description:
      - Id of the volume.
    type: str
  region:
    description:
      - Region of the volume, for example C(CANADA-1) (legacy tier) or C(FINLAND-1) (advanced tier).
      - Required to create a volume.
    type: str
  size_gb:
    description:
      - Size in GB. Bounds depend on O(volume_type) (SSD 100-102400, NVMe 100-10000, HDD 100-16000).
      - Required to create a volume. Can grow later on the advanced tier.
    type: int
  volume_type:
    description:
      - Volume type, V(SSD) (legacy tier) or V(NVMe) / V(HDD) (advanced tier).
      - Required to create a volume.
    type: str
  description:
    description:
      - Free text describing the volume.
    type: str
  bootable:
    description:
      - Create a bootable volume (legacy tier only, needs O(image)). Bootable volumes can never be detached.
    type: bool
  image:
    description:
      - OS image written to a bootable volume.
    type: str
  state:
    description:
      - V(present) makes sure the volume exists, V(absent) deletes it (it must be detached).
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
- name: A data volume
  barrack.cloud.volume:
    name: data
    region: FINLAND-1
    size_gb: 500
    volume_type: NVMe

- name: Grow it
  barrack.cloud.volume:
    name: data
    region: FINLAND-1
    size_gb: 1000

- name: Delete it
  barrack.cloud.volume:
    name: data
    region: FINLAND-1
    state: absent
"""

RETURN = r"""
barrack_volume:
  description: The volume (empty after a delete).
  returned: always
  type: dict
  contains:
    id:
      description: Id of the volume.
      type: str
      sample: "301"
    name:
      description: Name of the volume.
      type: str
      sample: data
    region:
      description: Region of the volume.
      type: str
      sample: FINLAND-1
    tier:
      description: Tier of the region, C(legacy) or C(advanced).
      type: str
      sample: advanced
    size_gb:
      description: Size in GB.
      type: int
      sample: 500
    volume_type:
      description: Volume type.
      type: str
      sample: NVMe
    description:
      description: Free text describing the volume.
      type: str
      sample: training data
    bootable:
      description: Whether the volume is bootable.
      type: bool
      sample: false
    image:
      description: OS image of a bootable volume.
      type: str
      sample: null
    status:
      description: C(creating), C(available), C(in-use) or C(error).
      type: str
      sample: available
    attached_to:
      description: Id of the instance the volume is attached to, or null.
      type: str
      sample: null
    created_at:
      description: Creation time.
      type: str
      sample: "2025-12-11T16:00:00Z"
"""

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import BarrackResource, barrack_module

READY = ("available", "in-use")


class Volume(BarrackResource):
    label = "volume"
    result_key = "barrack_volume"
    sub_client = "volumes"
    create_model = "VolumeCreate"
    find_in_region = True
    ready_status = set(READY)
    create_only = "fail"

    def update(self, resource, changes):
        size = int(changes["size_gb"])
        ident = str(resource.id)
        volume = self.act(lambda: self.api.resize(ident, size), lambda: int(self.api.get(ident).size_gb or 0) == size)
        if self.waits or volume is None:
            volume = self.api.wait_for(
                ident,
                lambda v: int(v.size_gb or 0) == size and v.status in READY,
                timeout=self.remaining(),
            )
        return volume

    def before_delete(self, resource):
        if getattr(resource, "attached_to", None):
            self.fail(
                f"volume '{resource.name}' is attached to instance {resource.attached_to}; "
                "detach it first (barrack.cloud.volume_attachment state=absent)"
            )

    def predict_create(self, body):
        result = dict(body)
        result.setdefault("bootable", False)
        result["status"] = "available"
        result["attached_to"] = None
        return result


def main():
    module = barrack_module(
        dict(
            name=dict(type="str"),
            id=dict(type="str"),
            region=dict(type="str"),
            size_gb=dict(type="int"),
            volume_type=dict(type="str"),
            description=dict(type="str"),
            bootable=dict(type="bool"),
            image=dict(type="str"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
        wait=True,
        required_one_of=[("id", "name")],
    )
    Volume(module).run()


if __name__ == "__main__":
    main()
