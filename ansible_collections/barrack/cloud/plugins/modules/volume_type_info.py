#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: volume_type_info
short_description: Gather the volume types Barrack offers
version_added: 0.2.0
author: Barrack IaC team (@barrack-iac)
description:
  - List the volume types with their tier and size bounds.
options:
  name:
    description:
      - Only return this volume type, for example C(NVMe).
    type: str
  tier:
    description:
      - Only return the volume types of this tier, V(legacy) or V(advanced).
    type: str
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.read_only
"""

EXAMPLES = r"""
- name: Volume types of the advanced tier
  barrack.cloud.volume_type_info:
    tier: advanced
  register: types
"""

RETURN = r"""
barrack_volume_type_info:
  description: The volume types.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Volume type.
      type: str
      sample: NVMe
    tier:
      description: Tier of the regions that offer it.
      type: str
      sample: advanced
    min_gb:
      description: Smallest size in GB.
      type: int
      sample: 100
    max_gb:
      description: Largest size in GB.
      type: int
      sample: 10000
"""

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import run_info


def main():
    run_info("barrack_volume_type_info", lambda client, params: client.volumes.types(), filters=("name", "tier"))


if __name__ == "__main__":
    main()
