#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: firewall_protocol_info
short_description: Gather the protocols Barrack firewall and security rules accept
version_added: 0.2.0
author: Barrack IaC team (@barrack-iac)
description:
  - List the protocol names a rule's C(protocol) may take.
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.read_only
"""

EXAMPLES = r"""
- name: Protocols of firewall rules
  barrack.cloud.firewall_protocol_info:
  register: protocols

- name: Check that SCTP is one of them
  ansible.builtin.assert:
    that: "'sctp' in protocols.barrack_firewall_protocol_info"
"""

RETURN = r"""
barrack_firewall_protocol_info:
  description: The protocol names.
  returned: always
  type: list
  elements: str
  sample: [tcp, udp, icmp, any]
"""

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import run_info


def main():
    run_info("barrack_firewall_protocol_info", lambda client, params: client.firewalls.protocols())


if __name__ == "__main__":
    main()
