#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: gpu_stock_info
short_description: Gather information about free GPU capacity on Barrack
version_added: 0.1.0
author: Barrack IaC team (@barrack-iac)
description:
  - List how many machines of each size (1, 2, 4 or 8 GPUs) are free, per region and GPU model.
options:
  region:
    description:
      - Only return stock in this region, for example C(CANADA-1).
    type: str
  gpu_model:
    description:
      - Only return stock of this GPU model, for example C(RTX-A6000).
    type: str
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.read_only
"""

EXAMPLES = r"""
- name: Free RTX A6000 machines in Canada
  barrack.cloud.gpu_stock_info:
    region: CANADA-1
    gpu_model: RTX-A6000
  register: stock

- name: Fail early when no 4-GPU machine is free
  ansible.builtin.assert:
    that: stock.barrack_gpu_stock_info | map(attribute='available') | map(attribute='4x') | sum > 0
"""

RETURN = r"""
barrack_gpu_stock_info:
  description: Stock per region and GPU model.
  returned: always
  type: list
  elements: dict
  contains:
    region:
      description: Region of the stock.
      type: str
      sample: CANADA-1
    gpu_model:
      description: GPU model.
      type: str
      sample: RTX-A6000
    available:
      description: Number of free machines per size, keyed C(1x), C(2x), C(4x), C(8x).
      type: dict
      sample: {"1x": 12, "2x": 6, "4x": 2, "8x": 0}
"""
from ansible_collections.barrack.cloud.plugins.module_utils.barrack import run_info


def main():
    run_info("barrack_gpu_stock_info", lambda client, params: client.gpu_stock.list(), filters=("region", "gpu_model"))


if __name__ == "__main__":
    main()
