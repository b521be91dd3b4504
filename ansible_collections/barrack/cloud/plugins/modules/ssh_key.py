#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: ssh_key
short_description: Manage SSH keys on Barrack
version_added: 0.1.0
author: Barrack IaC team (@barrack-iac)
description:
  - Create and delete SSH keys of a Barrack account. Keys exist in every region.
  - The key is compared without its comment; the fingerprint is computed locally (as C(ssh-keygen -l)).
  - Barrack cannot change a key in place. When the existing key differs from O(public_key) (or is renamed through
    O(id)), the task fails naming the option, unless O(recreate=true) replaces it (a key used by a live instance
    cannot be deleted; the task then fails and the key is kept).
options:
  name:
    description:
      - Name of the key, unique per account (letters, digits, C(-), C(_), C(.); no spaces).
      - Required to create a key.
  public_key:
    description:
      - OpenSSH one-line public key (C(ssh-ed25519), C(ssh-rsa), C(ecdsa-sha2-nistp256/384/521)).
      - Required to create a key.
    type: str
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.resource
"""

EXAMPLES = r"""
- name: Upload my key
  barrack.cloud.ssh_key:
    name: laptop
    public_key: "{{ lookup('ansible.builtin.file', '~/.ssh/id_ed25519.pub') }}"

- name: Delete a key by id
  barrack.cloud.ssh_key:
    id: "17"
    state: absent
"""

RETURN = r"""
barrack_ssh_key:
  description: The SSH key (empty after a delete).
  returned: always
  type: dict
  contains:
    id:
      description: Id of the key.
      type: str
      sample: "17"
    name:
      description: Name of the key.
      type: str
      sample: laptop
    public_key:
      description: The public key.
      type: str
      sample: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ0Ezp7mXxq1N2Ykq8P3zq0B4HfF9E2uQ3jZQmR8Z5qT me@laptop
    fingerprint:
      description: SHA256 fingerprint of the key, as C(ssh-keygen -l) prints it.
      type: str
      sample: SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8
    created_at:
      description: Creation time.
      type: str
      sample: "2025-12-11T16:00:00Z"
"""

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import BarrackResource


class SshKey(BarrackResource):
    result_key = "barrack_ssh_key"
    sub_client = "ssh_keys"
    options = dict(public_key=dict(type="str"))


def main():
    SshKey.main()


if __name__ == "__main__":
    main()
