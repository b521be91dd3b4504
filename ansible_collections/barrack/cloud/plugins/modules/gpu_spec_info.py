#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: gpu_spec_info
short_description: Gather the GPU models Barrack offers and their specifications
version_added: 0.2.0
author: Barrack IaC team (@barrack-iac)
description:
  - List the GPU models with their tier, memory and the GPU counts an instance may have.
options:
  gpu_model:
    description:
      - Only return this GPU model, for example C(H100-SXM5-80GB).
    type: str
  tier:
    description:
      - Only return the GPU models of this tier, V(legacy) or V(advanced).
    type: str
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.read_only
"""

EXAMPLES = r"""
- name: GPU models of the advanced tier
  barrack.cloud.gpu_spec_info:
    tier: advanced
  register: gpus
"""

RETURN = r"""
barrack_gpu_spec_info:
  description: The GPU models.
  returned: always
  type: list
  elements: dict
  contains:
    gpu_model:
      description: GPU model.
      type: str
      sample: H100-SXM5-80GB
    tier:
      description: Tier of the regions that offer it.
      type: str
      sample: advanced
    max_count:
      description: Most GPUs of this model per instance.
      type: int
      sample: 8
    vram_gb:
      description: Memory per GPU in GB.
      type: float
      sample: 80
    counts:
      description: GPU counts an instance may have.
      type: list
      elements: int
      sample: [1, 2, 4, 8]
"""

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import run_info


def main():
    run_info("barrack_gpu_spec_info", lambda client, params: client.gpu_specs.list(), filters=("gpu_model", "tier"))


if __name__ == "__main__":
    main()
