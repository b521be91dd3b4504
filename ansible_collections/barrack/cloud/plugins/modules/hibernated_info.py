#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: hibernated_info
short_description: Gather the hibernated instances of a Barrack account and what hibernation saves
version_added: 0.2.0
author: Barrack IaC team (@barrack-iac)
description:
  - Return how many instances are hibernated, the recent hibernations, and the hourly cost and savings.
  - Hibernate or restore an instance with M(barrack.cloud.instance) (O(barrack.cloud.instance#module:state)).
options:
  region:
    description:
      - Only return the recent hibernations in this region.
    type: str
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.read_only
"""

EXAMPLES = r"""
- name: What does hibernation save?
  barrack.cloud.hibernated_info:
  register: hibernated

- name: Show it
  ansible.builtin.debug:
    msg: "{{ hibernated.barrack_hibernated_info.billing_metrics.hourly_savings }} per hour saved"
"""

RETURN = r"""
barrack_hibernated_info:
  description: The hibernation overview.
  returned: always
  type: dict
  contains:
    count:
      description: Number of hibernated instances (the API's count, over every region).
      type: int
      sample: 2
    recent_hibernations:
      description: Recently hibernated instances (instance_id, vm_name, region, status, hibernated_at).
      type: list
      elements: dict
    billing_metrics:
      description: Hourly rate while hibernated, total hourly cost, full rate, hourly savings and currency.
      type: dict
"""

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import matches, run_info, to_dict


def fetch(client, params):
    overview = to_dict(client.instances.hibernated())
    recent = overview.get("recent_hibernations") or []
    overview["recent_hibernations"] = [item for item in recent if matches(item, {"region": params["region"]})]
    return overview


def main():
    run_info("barrack_hibernated_info", fetch, dict(region=dict(type="str")))


if __name__ == "__main__":
    main()
