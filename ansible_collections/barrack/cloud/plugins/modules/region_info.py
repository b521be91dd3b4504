#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: region_info
short_description: Gather information about Barrack regions
version_added: 0.1.0
author: Barrack IaC team (@barrack-iac)
description:
  - List the regions of the Barrack GPU cloud, their tier and the GPU models they offer.
options:
  name:
    description:
      - Only return the region with this name, for example C(CANADA-1).
    type: str
  tier:
    description:
      - Only return regions of this tier, V(legacy) or V(advanced).
    type: str
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.read_only
"""

EXAMPLES = r"""
- name: List all regions
  barrack.cloud.region_info:
  register: result

- name: Regions of the advanced tier
  barrack.cloud.region_info:
    tier: advanced
  register: result
"""

RETURN = r"""
barrack_region_info:
  description: The regions found.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Name of the region.
      type: str
      sample: CANADA-1
    tier:
      description: Tier of the region, C(legacy) or C(advanced).
      type: str
      sample: legacy
    gpu_models:
      description: GPU models offered in the region.
      type: list
      elements: str
      sample: ["H100-PCIe-NVLink-80GB", "RTX-A6000"]
"""
from ansible_collections.barrack.cloud.plugins.module_utils.barrack import run_info


def main():
    run_info("barrack_region_info", lambda client, params: client.regions.list(), filters=("name", "tier"))


if __name__ == "__main__":
    main()
