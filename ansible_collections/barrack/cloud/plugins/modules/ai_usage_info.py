#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: ai_usage_info
short_description: Gather the AI chat usage and cost of a Barrack account
version_added: 0.2.0
author: Barrack IaC team (@barrack-iac)
description:
  - Return the usage summary of Barrack's AI chat API (tokens and cost, per model) and, optionally, every billed
    call.
options:
  history:
    description:
      - Also return every billed call (all pages).
    type: bool
    default: false
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.read_only
"""

EXAMPLES = r"""
- name: AI usage this period, with every call
  barrack.cloud.ai_usage_info:
    history: true
  register: usage
"""

RETURN = r"""
barrack_ai_usage_info:
  description: The usage.
  returned: always
  type: dict
  contains:
    summary:
      description: Requests, tokens and cost of the period, in total and per model (C(by_model)).
      type: dict
    history:
      description: The billed calls (id, model, tokens, cost, currency, created_at); empty unless O(history=true).
      type: list
      elements: dict
"""

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import run_info, to_dict


def fetch(client, params):
    history = client.ai.usage_history() if params["history"] else []
    return {"summary": to_dict(client.ai.usage_summary()), "history": [to_dict(t) for t in history]}


def main():
    run_info("barrack_ai_usage_info", fetch, dict(history=dict(type="bool", default=False)))


if __name__ == "__main__":
    main()
