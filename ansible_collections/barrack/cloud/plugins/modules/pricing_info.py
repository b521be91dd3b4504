#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: pricing_info
short_description: Gather Barrack prices and estimate hourly costs
version_added: 0.1.0
author: Barrack IaC team (@barrack-iac)
description:
  - Return the price lists for GPUs, volumes and snapshots.
  - With O(gpu_model) and O(gpu_count), or O(volume_size_gb) and O(volume_type), also an hourly cost estimate.
options:
  tier:
    description:
      - Only return prices of this tier, V(legacy) or V(advanced).
    type: str
  currency:
    description:
      - Currency of the prices and the estimate.
    type: str
    choices: [USD, EUR, INR]
    default: USD
  gpu_model:
    description:
      - GPU model to estimate, for example C(RTX-A6000). Needs O(gpu_count).
    type: str
  gpu_count:
    description:
      - Number of GPUs to estimate. Needs O(gpu_model).
    type: int
  volume_size_gb:
    description:
      - Volume size in GB to estimate. Needs O(volume_type).
    type: int
  volume_type:
    description:
      - Volume type to estimate. Needs O(volume_size_gb).
    type: str
    choices: [SSD, NVMe, HDD]
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.read_only
"""

EXAMPLES = r"""
- name: What would two RTX A6000 cost per hour, in euros?
  barrack.cloud.pricing_info:
    gpu_model: RTX-A6000
    gpu_count: 2
    currency: EUR
  register: price

- name: Show it
  ansible.builtin.debug:
    msg: "{{ price.barrack_pricing_info.hourly_estimate }} {{ price.barrack_pricing_info.currency }} per hour"
"""

RETURN = r"""
barrack_pricing_info:
  description: Price lists and, when asked for, the hourly estimate.
  returned: always
  type: dict
  contains:
    currency:
      description: Currency of the estimate.
      type: str
      sample: USD
    hourly_estimate:
      description:
        - Estimated cost per hour of the GPUs and the volume asked for, in RV(barrack_pricing_info.currency).
        - Null when neither O(gpu_model) nor O(volume_size_gb) is given.
      type: float
      sample: 1.38
    pricing_data:
      description: The price lists as the API returns them.
      type: dict
      contains:
        gpus:
          description: Price per GPU-hour per model and tier, in every currency.
          type: list
          elements: dict
          sample: [{"gpu_model": "RTX-A6000", "tier": "legacy", "prices": {"USD": 0.69, "EUR": 0.64, "INR": 57.5}}]
        volumes:
          description: Price per GB-hour per volume type and tier.
          type: list
          elements: dict
        snapshots:
          description: Price per GB-hour of snapshots per tier.
          type: list
          elements: dict
        metadata:
          description: Currency, tier and generation time of the price list.
          type: dict
        estimate:
          description: The API's own estimate, when one was asked for.
          type: dict
          sample: {"hourly": 1.38, "currency": "USD"}
"""
from ansible_collections.barrack.cloud.plugins.module_utils.barrack import run_info


QUERY_OPTIONS = ("tier", "currency", "gpu_model", "gpu_count", "volume_size_gb", "volume_type")


def fetch(client, params):
    from shared_client.models import PricingQuery

    query = PricingQuery(**{k: params[k] for k in QUERY_OPTIONS if params[k] is not None})
    pricing = client.pricing.get(query).to_dict()
    estimate = (pricing.get("estimate") or {}).get("hourly")
    return dict(currency=params["currency"], hourly_estimate=estimate, pricing_data=pricing)


def main():
    options = dict(
        tier=dict(type="str"),
        currency=dict(type="str", choices=["USD", "EUR", "INR"], default="USD"),
        gpu_model=dict(type="str"),
        gpu_count=dict(type="int"),
        volume_size_gb=dict(type="int"),
        volume_type=dict(type="str", choices=["SSD", "NVMe", "HDD"]),
    )
    together = [("gpu_model", "gpu_count"), ("volume_size_gb", "volume_type")]
    run_info("barrack_pricing_info", fetch, options, required_together=together)


if __name__ == "__main__":
    main()
