#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: instance_info
short_description: Gather information about instances on Barrack
version_added: 0.1.0
author: Barrack IaC team (@barrack-iac)
description:
  - Gather information about one or all instances of the account.
options:
  gpu_model:
    description:
      - Only return instances with this GPU model, for example C(RTX-A6000).
    type: str
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.info
  - barrack.cloud.barrack.info_filters
"""

EXAMPLES = r"""
- name: List all instances
  barrack.cloud.instance_info:
  register: result

- name: Look one up by name
  barrack.cloud.instance_info:
    name: trainer
  register: result

- name: List the instances of one region
  barrack.cloud.instance_info:
    region: CANADA-1
  register: result
"""

RETURN = r"""
barrack_instance_info:
  description: The instances found, in the order the API lists them.
  returned: always
  type: list
  elements: dict
  contains:
    instance_id:
      description: Id of the instance.
      type: str
      sample: "BRK-901234D"
    vm_name:
      description: Name of the instance.
      type: str
      sample: "trainer"
    status:
      description: Status, for example C(ACTIVE), C(SHUTOFF) or C(HIBERNATED).
      type: str
      sample: "ACTIVE"
    tier:
      description: Tier of the instance's region, C(legacy) or C(advanced).
      type: str
      sample: "legacy"
    region:
      description: Region of the instance.
      type: str
      sample: "CANADA-1"
    ip_address:
      description: Public IP address, null without a public IP.
      type: str
      sample: "203.0.113.10"
    private_ip:
      description: Private IP address.
      type: str
      sample: "10.0.0.12"
    specs:
      description: GPU type and count, RAM, vCPUs and storage.
      type: dict
      sample: {"gpu_type": "RTX-A6000", "gpu_count": 1}
    image:
      description: OS image the instance was created from.
      type: str
      sample: "Ubuntu Server 22.04 LTS R535 CUDA 12.2"
    ssh_keys:
      description: SSH keys (id and name) installed on the instance.
      type: list
      sample: [{"id": "1", "name": "ops"}]
    volume_attachments:
      description: Attached volumes.
      type: list
      sample: []
    firewalls:
      description: Attached firewalls (id and name).
      type: list
      sample: []
    billing:
      description: Hourly rate and currency.
      type: dict
      sample: {"hourly_rate": 0.69, "currency": "USD"}
    created_at:
      description: Creation time.
      type: str
      sample: "2025-12-11T16:00:00Z"
"""

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import run_resource_info


def main():
    run_resource_info("barrack_instance_info", "instances", filters=("region", "status", "gpu_model"))


if __name__ == "__main__":
    main()
