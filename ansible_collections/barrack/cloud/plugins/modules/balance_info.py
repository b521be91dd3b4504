#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: balance_info
short_description: Gather the account balance on Barrack
version_added: 0.1.0
author: Barrack IaC team (@barrack-iac)
description:
  - Return the credit balance of the account.
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.read_only
"""

EXAMPLES = r"""
- name: Read the balance
  barrack.cloud.balance_info:
  register: account

- name: Stop when the balance is low
  ansible.builtin.assert:
    that: account.barrack_balance_info.balance >= 10
"""

RETURN = r"""
barrack_balance_info:
  description: The account balance.
  returned: always
  type: dict
  contains:
    balance:
      description: Credit left.
      type: float
      sample: 125.5
    currency:
      description: Currency of the balance.
      type: str
      sample: USD
"""
from ansible_collections.barrack.cloud.plugins.module_utils.barrack import run_info


def fetch(client, params):
    # imported here, after the module checked that the client can be imported
    from shared_client.resources.wire import read_balance

    return read_balance(client.transport)


def main():
    run_info("barrack_balance_info", fetch)


if __name__ == "__main__":
    main()
