#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: startup_script_info
short_description: Gather information about startup scripts on Barrack
version_added: 0.1.0
author: Barrack IaC team (@barrack-iac)
description:
  - Gather information about one or all startup scripts of the account.
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.info
"""

EXAMPLES = r"""
- name: List all startup scripts
  barrack.cloud.startup_script_info:
  register: result

- name: Look one up by name
  barrack.cloud.startup_script_info:
    name: install-drivers
  register: result
"""

RETURN = r"""
barrack_startup_script_info:
  description: The startup scripts found, in the order the API lists them.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Id of the script.
      type: str
      sample: "42"
    name:
      description: Name of the script.
      type: str
      sample: "install-drivers"
    content:
      description: The script body.
      type: str
      sample: "#!/bin/bash\necho hello\n"
    description:
      description: Free text describing the script.
      type: str
      sample: "Install the NVIDIA container toolkit"
    created_at:
      description: Creation time.
      type: str
      sample: "2025-12-11T16:00:00Z"
    updated_at:
      description: Time of the last change.
      type: str
      sample: "2025-12-11T16:00:00Z"
"""

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import run_resource_info


def main():
    run_resource_info("barrack_startup_script_info", "scripts")


if __name__ == "__main__":
    main()
