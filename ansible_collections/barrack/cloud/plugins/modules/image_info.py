#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: image_info
short_description: Gather information about custom images on Barrack
version_added: 0.1.0
author: Barrack IaC team (@barrack-iac)
description:
  - Gather information about one or all custom images of the account.
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.info
  - barrack.cloud.barrack.info_filters
"""

EXAMPLES = r"""
- name: List all custom images
  barrack.cloud.image_info:
  register: result

- name: Look one up by name
  barrack.cloud.image_info:
    name: golden-cuda-12
  register: result
"""

RETURN = r"""
barrack_image_info:
  description: The custom images found, in the order the API lists them.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Id of the image.
      type: str
      sample: "12345"
    name:
      description: Name of the image.
      type: str
      sample: "golden-cuda-12"
    type:
      description: Kind of image.
      type: str
      sample: "Snapshot"
    status:
      description: Status, C(creating), C(available) or C(error).
      type: str
      sample: "available"
    size:
      description: Size as a display string.
      type: str
      sample: "25.5 GB"
    snapshot_id:
      description: Id of the snapshot the image was built from.
      type: str
      sample: "BRK-123456S"
    snapshot_name:
      description: Name of the snapshot the image was built from.
      type: str
      sample: "trainer-epoch-40"
    description:
      description: Free text describing the image.
      type: str
      sample: "CUDA 12.2 with our toolchain"
    created:
      description: Creation time.
      type: str
      sample: "2025-12-11T16:00:00Z"
"""

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import run_resource_info


def main():
    run_resource_info("barrack_image_info", "images", filters=("status", "region"))


if __name__ == "__main__":
    main()
