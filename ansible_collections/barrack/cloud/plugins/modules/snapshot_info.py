#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: snapshot_info
short_description: Gather information about snapshots on Barrack
version_added: 0.1.0
author: Barrack IaC team (@barrack-iac)
description:
  - Gather information about one or all snapshots of the account.
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.info
  - barrack.cloud.barrack.info_filters
"""

EXAMPLES = r"""
- name: List all snapshots
  barrack.cloud.snapshot_info:
  register: result

- name: Look one up by name
  barrack.cloud.snapshot_info:
    name: trainer-epoch-40
  register: result
"""

RETURN = r"""
barrack_snapshot_info:
  description: The snapshots found, in the order the API lists them.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Id of the snapshot.
      type: str
      sample: "BRK-123456S"
    name:
      description: Name of the snapshot.
      type: str
      sample: "trainer-epoch-40"
    description:
      description: Free text describing the snapshot.
      type: str
      sample: "After epoch 40"
    instance_id:
      description: Id of the instance the snapshot was taken of.
      type: str
      sample: "BRK-901234D"
    region:
      description: Region of the snapshot.
      type: str
      sample: "CANADA-1"
    status:
      description: Status, C(CREATING), C(SUCCESS) or C(ERROR).
      type: str
      sample: "SUCCESS"
    size_gb:
      description: Size in GB.
      type: float
      sample: 100
    created_at:
      description: Creation time.
      type: str
      sample: "2025-12-11T16:00:00Z"
"""

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import run_resource_info


def main():
    run_resource_info("barrack_snapshot_info", "snapshots", filters=("status", "region"))


if __name__ == "__main__":
    main()
