#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: ai_model_info
short_description: Gather the AI chat models Barrack offers
version_added: 0.2.0
author: Barrack IaC team (@barrack-iac)
description:
  - List the models of Barrack's AI chat API with their context length and price per 1,000 tokens.
options:
  name:
    description:
      - Only return the model with this id or name.
    type: str
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.read_only
"""

EXAMPLES = r"""
- name: AI models and their prices
  barrack.cloud.ai_model_info:
  register: models
"""

RETURN = r"""
barrack_ai_model_info:
  description: The models.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Model id (the C(model) of a chat request).
      type: str
      sample: llama-3.1-70b
    name:
      description: Display name.
      type: str
    context_length:
      description: Context length in tokens.
      type: int
    price_per_1k_tokens:
      description: Price per 1,000 tokens.
      type: float
    currency:
      description: Currency of the price.
      type: str
"""

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import run_info


def fetch(client, params):
    return [m for m in client.ai.models() if not params["name"] or params["name"] in (str(m.id), m.name)]


def main():
    run_info("barrack_ai_model_info", fetch, dict(name=dict(type="str")))


if __name__ == "__main__":
    main()
