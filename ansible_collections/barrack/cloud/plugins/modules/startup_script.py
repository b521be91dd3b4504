#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: startup_script
short_description: Manage startup scripts on Barrack
version_added: 0.1.0
author: Barrack IaC team (@barrack-iac)
description:
  - Create, update and delete startup scripts on the Barrack GPU cloud.
  - O(name), O(content) and O(description) are changed in place.
options:
  name:
    description:
      - Name of the script, unique per account.
      - Required to create a script.
      - When O(id) is given too, the script found by O(id) is renamed to O(name).
  content:
    description:
      - The script body.
      - Required to create a script.
    type: str
  description:
    description:
      - Free text describing the script.
    type: str
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.resource
"""

EXAMPLES = r"""
- name: Install drivers on first boot
  barrack.cloud.startup_script:
    name: install-drivers
    description: Install the NVIDIA container toolkit
    content: |
      #!/bin/bash
      apt-get update && apt-get install -y nvidia-container-toolkit

- name: Rename a script found by id
  barrack.cloud.startup_script:
    id: "42"
    name: install-toolkit

- name: Delete a script
  barrack.cloud.startup_script:
    name: install-drivers
    state: absent
"""

RETURN = r"""
barrack_startup_script:
  description: The startup script (empty after a delete).
  returned: always
  type: dict
  contains:
    id:
      description: Id of the script.
      type: str
      sample: "42"
    name:
      description: Name of the script.
      type: str
      sample: install-drivers
    content:
      description: The script body.
      type: str
      sample: "#!/bin/bash\necho hello\n"
    description:
      description: Free text describing the script.
      type: str
      sample: Install the NVIDIA container toolkit
    created_at:
      description: Creation time.
      type: str
      sample: "2025-12-11T16:00:00Z"
    updated_at:
      description: Time of the last change.
      type: str
      sample: "2025-12-11T16:00:00Z"
"""

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import BarrackResource


class StartupScript(BarrackResource):
    result_key = "barrack_startup_script"
    sub_client = "scripts"
    options = dict(content=dict(type="str"), description=dict(type="str"))


def main():
    StartupScript.main()


if __name__ == "__main__":
    main()
