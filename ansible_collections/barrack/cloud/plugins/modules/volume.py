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
    and lists them, unless O(recreate=true) replaces the volume (its data is lost).
  - Attach volumes with M(barrack.cloud.volume_attachment) or the O(barrack.cloud.instance#module:volumes) option.
  - A new volume can be a clone of another one (O(clone_from), advanced tier).
options:
  name:
    description:
      - Name of the volume, 3 to 30 letters, digits, C(-) or C(_), unique per region.
      - Required to create a volume.
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
  clone_from:
    description:
      - Name or id of a volume (in O(region)) the new volume is cloned from (advanced tier). The clone has the
        source's type and size, so O(volume_type) and O(size_gb) may be left out (given, they must match).
      - Only used when the volume is created; the API does not say what a volume was cloned from.
    type: str
  detach:
    description:
      - With O(state=absent), detach the volume from its instance first (see O(stop_if_needed)).
      - Without it, deleting an attached volume fails (in check mode it only warns, since an earlier task may
        delete or stop the instance).
    type: bool
    default: false
  stop_if_needed:
    description:
      - With O(detach=true), stop the instance when it must be stopped to detach (C(ACTIVE) or C(HIBERNATED)), and
        bring it back to its previous power state afterwards, whatever the outcome.
    type: bool
    default: false
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.resource
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

- name: A copy of it
  barrack.cloud.volume:
    name: data-copy
    region: FINLAND-1
    clone_from: data

- name: Delete it, detaching it from its instance (stopped for it when needed)
  barrack.cloud.volume:
    name: data
    region: FINLAND-1
    state: absent
    detach: true
    stop_if_needed: true
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

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import BarrackResource


class Volume(BarrackResource):
    result_key = "barrack_volume"
    sub_client = "volumes"
    source = None  # the clone_from volume of a create
    options = dict(
        region=dict(type="str"),
        size_gb=dict(type="int"),
        volume_type=dict(type="str"),
        description=dict(type="str"),
        bootable=dict(type="bool"),
        image=dict(type="str"),
        clone_from=dict(type="str"),
        detach=dict(type="bool", default=False),
        stop_if_needed=dict(type="bool", default=False),
    )

    def ensure_created(self):
        if self.params["clone_from"]:
            self.source = self.lookup("volumes", self.params["clone_from"], "clone_from", self.params["region"])
        return super().ensure_created()

    def desired(self):
        body = super().desired()
        for field in ("size_gb", "volume_type") if self.source else ():
            value = getattr(self.source, field)
            if body.setdefault(field, value) != value:
                self.fail(f"option '{field}': a clone has the {field} of its source volume ({value})")
        return body

    def validate(self, body, *, only=None):
        if self.params["clone_from"] and self.source is None and only is None:  # source only predicted (check mode)
            only = body
        super().validate(body, only=only)

    def create(self, body, plan):
        if self.source:
            volume = self.api.clone(str(self.source.id), body["name"])
            self.wrote = True  # the clone landed: a failure of the wait is after it
            return self.api.wait_ready(str(volume.id), deadline=self.deadline) if self.waits else volume
        return super().create(body, plan)

    def before_delete(self, resource):
        if resource.attached_to and not self.params["detach"]:
            self.precondition(
                f"volume '{resource.name}' is attached to instance {resource.attached_to}; set detach=true "
                "or detach it first (barrack.cloud.volume_attachment state=absent)"
            )

    def delete(self, resource):
        if resource.attached_to and self.params["detach"]:
            self.client.instances.detach_volume(
                str(resource.attached_to),
                str(resource.id),
                stop_if_needed=self.params["stop_if_needed"],
                deadline=self.deadline,
            )
        super().delete(resource)


def main():
    Volume.main()


if __name__ == "__main__":
    main()
