#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: ssh_key_info
short_description: Gather information about SSH keys on Barrack
version_added: 0.1.0
author: Barrack IaC team (@barrack-iac)
description:
  - Gather information about one or all SSH keys of the account.
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.info
"""

EXAMPLES = r"""
- name: List all SSH keys
  barrack.cloud.ssh_key_info:
  register: result

- name: Look one up by name
  barrack.cloud.ssh_key_info:
    name: ops
  register: result
"""

RETURN = r"""
barrack_ssh_key_info:
  description: The SSH keys found, in the order the API lists them.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Id of the key.
      type: str
      sample: "3"
    name:
      description: Name of the key.
      type: str
      sample: "ops"
    public_key:
      description: The OpenSSH public key.
      type: str
      sample: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI... ops@example"
    fingerprint:
      description: SHA256 fingerprint, as C(ssh-keygen -l) prints it.
      type: str
      sample: "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"
    created_at:
      description: Creation time.
      type: str
      sample: "2025-12-11T16:00:00Z"
"""

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import run_resource_info


def main():
    run_resource_info("barrack_ssh_key_info", "ssh_keys")


if __name__ == "__main__":
    main()
