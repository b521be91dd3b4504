#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: billing_info
short_description: Gather the billing records and totals of instances, volumes and snapshots on Barrack
version_added: 0.2.0
author: Barrack IaC team (@barrack-iac)
description:
  - Return the billing records (every page) and the summary the API sends with them, per resource type.
options:
  resources:
    description:
      - The resource types to return.
    type: list
    elements: str
    choices: [instances, volumes, snapshots]
    default: [instances, volumes, snapshots]
  status:
    description:
      - Only return records of resources in this status (case-insensitive). The summaries are the API's, over
        every record.
    type: str
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.read_only
"""

EXAMPLES = r"""
- name: What did the instances cost so far?
  barrack.cloud.billing_info:
    resources: [instances]
  register: billing

- name: Show the total
  ansible.builtin.debug:
    msg: "{{ billing.barrack_billing_info.instances.summary.total_amount }}"
"""

RETURN = r"""
barrack_billing_info:
  description: One entry per resource type asked for.
  returned: always
  type: dict
  contains:
    instances:
      description: Billing of the instances.
      type: dict
      returned: when asked for
      contains:
        records:
          description: One record per resource (resource_id, name, status, hours, amount, currency, period_start).
          type: list
          elements: dict
        summary:
          description: Totals over every record (total_amount, currency, total_hours, record_count, ...), or null.
          type: dict
        total:
          description: Number of records the API reports, or null.
          type: int
    volumes:
      description: Billing of the volumes; the summary also has total_size_gb and size_gb_by_type.
      type: dict
      returned: when asked for
    snapshots:
      description: Billing of the snapshots.
      type: dict
      returned: when asked for
"""

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import matches, run_info


KINDS = ["instances", "volumes", "snapshots"]


def fetch(client, params):
    out = {}
    for kind in params["resources"]:
        page = getattr(client.billing, kind)().to_dict()
        page["records"] = [r for r in page["records"] if matches(r, {"status": params["status"]})]
        out[kind] = page
    return out


def main():
    options = dict(resources=dict(type="list", elements="str", choices=KINDS, default=KINDS), status=dict(type="str"))
    run_info("barrack_billing_info", fetch, options)


if __name__ == "__main__":
    main()
