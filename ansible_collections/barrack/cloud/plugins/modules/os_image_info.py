#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: os_image_info
short_description: Gather information about the OS images Barrack offers
version_added: 0.1.0
author: Barrack IaC team (@barrack-iac)
description:
  - List the operating system images instances can be created from.
options:
  name:
    description:
      - Only return the image with this exact name.
    type: str
  region:
    description:
      - Only return images available in this region, for example C(CANADA-1).
    type: str
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.read_only
"""

EXAMPLES = r"""
- name: OS images available in Canada
  barrack.cloud.os_image_info:
    region: CANADA-1
  register: result
"""

RETURN = r"""
barrack_os_image_info:
  description: The OS images found.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Name of the image, used as the instance's O(barrack.cloud.instance#module:image).
      type: str
      sample: Ubuntu Server 22.04 LTS R535 CUDA 12.2
    os:
      description: Operating system.
      type: str
      sample: Ubuntu
    version:
      description: Version of the operating system.
      type: str
      sample: "22.04"
    regions:
      description: Regions the image is available in.
      type: list
      elements: str
      sample: ["CANADA-1"]
"""
from ansible_collections.barrack.cloud.plugins.module_utils.barrack import run_info


def fetch(client, params):
    return [image for image in client.os_images.list() if not params["region"] or params["region"] in image.regions]


def main():
    run_info("barrack_os_image_info", fetch, dict(region=dict(type="str")), filters=("name",))


if __name__ == "__main__":
    main()
