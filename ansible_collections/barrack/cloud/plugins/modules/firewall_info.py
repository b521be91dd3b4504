#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: firewall_info
short_description: Gather information about firewalls on Barrack
version_added: 0.1.0
author: Barrack IaC team (@barrack-iac)
description:
  - Gather information about one or all firewalls of the account.
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.info
  - barrack.cloud.barrack.info_filters
"""

EXAMPLES = r"""
- name: List all firewalls
  barrack.cloud.firewall_info:
  register: result

- name: Look one up by name
  barrack.cloud.firewall_info:
    name: web
  register: result

- name: List the firewalls of one region
  barrack.cloud.firewall_info:
    region: CANADA-1
  register: result
"""

RETURN = r"""
barrack_firewall_info:
  description: The firewalls found, in the order the API lists them.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Id of the firewall.
      type: str
      sample: "7"
    name:
      description: Name of the firewall.
      type: str
      sample: "web"
    description:
      description: Free text describing the firewall.
      type: str
      sample: "HTTPS from anywhere"
    region:
      description: Region of the firewall.
      type: str
      sample: "CANADA-1"
    status:
      description: Status, C(CREATING), C(SUCCESS) or C(ERROR).
      type: str
      sample: "SUCCESS"
    rules:
      description: Rules of the firewall.
      type: list
      sample:
        - {"direction": "ingress", "ethertype": "IPv4", "protocol": "tcp",
           "port_range_min": 443, "port_range_max": 443, "remote_ip_prefix": "0.0.0.0/0"}
    attachments:
      description: Instances the firewall is attached to.
      type: list
      sample: [{"instance_id": "BRK-901234D", "status": "SUCCESS"}]
    created_at:
      description: Creation time.
      type: str
      sample: "2025-12-11T16:00:00Z"
"""

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import run_resource_info


def main():
    run_resource_info("barrack_firewall_info", "firewalls", filters=("region", "status"))


if __name__ == "__main__":
    main()
