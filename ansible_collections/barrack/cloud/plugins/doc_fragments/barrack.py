# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations


class ModuleDocFragment:
    """Common options of every barrack.cloud module (api access) and of the modules that wait."""

    DOCUMENTATION = r"""
options:
  api_key:
    description:
      - API key of the Barrack account.
      - Falls back to the E(BARRACK_API_KEY) environment variable.
      - Never logged.
    type: str
    required: true
  api_url:
    description:
      - Base URL of the Barrack API.
      - Falls back to the E(BARRACK_API_URL) environment variable.
    type: str
    default: https://barrack.ai/api
  api_timeout:
    description:
      - Timeout in seconds of one HTTP request.
    type: float
    default: 30
  validate_certs:
    description:
      - Whether to verify the TLS certificate of the API.
    type: bool
    default: true
requirements:
  - python >= 3.11
  - barrack-iac (the shared Barrack client, C(pip install barrack-iac))
notes:
  - "The modules run on the controller; use C(delegate_to: localhost) or C(connection: local)."
"""

    WAIT = r"""
options:
  wait:
    description:
      - Wait until the resource reaches a stable status before returning.
    type: bool
    default: true
  wait_timeout:
    description:
      - How long to wait in seconds, for all the steps of the task together.
    type: int
    default: 600
"""
