#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: volume_info
short_description: Gather information about volumes on Barrack
version_added: 0.1.0
author: Barrack IaC team (@barrack-iac)
description:
  - Gather information about one or all volumes of the account.
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.info
  - barrack.cloud.barrack.info_filters
"""

EXAMPLES = r"""
- name: List all volumes
  barrack.cloud.volume_info:
  register: result

- name: Look one up by name
  barrack.cloud.volume_info:
    name: datasets
  register: result

- name: List the volumes of one region
  barrack.cloud.volume_info:
    region: CANADA-1
  register: result
"""

RETURN = r"""
barrack_volume_info:
  description: The volumes found, in the order the API lists them.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Id of the volume.
      type: str
      sample: "17"
    name:
      description: Name of the volume.
      type: str
      sample: "datasets"
    region:
      description: Region of the volume.
      type: str
      sample: "CANADA-1"
    size_gb:
      description: Size in GB.
      type: int
      sample: 500
    volume_type:
      description: Volume type, C(SSD), C(NVMe) or C(HDD).
      type: str
      sample: "SSD"
    description:
      description: Free text describing the volume.
      type: str
      sample: "Training data"
    bootable:
      description: Whether the volume is bootable.
      type: bool
      sample: false
    status:
      description: Status, C(creating), C(available), C(in-use) or C(error).
      type: str
      sample: "available"
    attached_to:
      description: Id of the instance it is attached to, or null.
      type: str
      sample: "BRK-901234D"
    created_at:
      description: Creation time.
      type: str
      sample: "2025-12-11T16:00:00Z"
"""

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import run_resource_info


def main():
    run_resource_info("barrack_volume_info", "volumes", filters=("region", "status"))


if __name__ == "__main__":
    main()
