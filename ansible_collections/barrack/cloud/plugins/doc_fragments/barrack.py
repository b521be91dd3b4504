# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations


class ModuleDocFragment:
    """Options of every barrack.cloud module (connection, wait); those of the resource modules (name, id, state,
    recreate; a module's own option documentation overrides the generic one) and of the resource *_info modules."""

    DOCUMENTATION = r"""
options:
  api_key:
    description:
      - API key of the Barrack account.
      - Falls back to the E(BARRACK_API_KEY) environment variable; the task fails clearly when neither is set.
      - Surrounding whitespace (a trailing newline from a file) is ignored. Never logged.
    type: str
  api_url:
    description:
      - Base URL of the Barrack API.
      - Falls back to the E(BARRACK_API_URL) environment variable, then to C(https://barrack.ai/api).
    type: str
  api_timeout:
    description:
      - Timeout in seconds of one HTTP request.
      - Falls back to the E(BARRACK_API_TIMEOUT) environment variable, then to C(30).
    type: float
  api_retries:
    description:
      - How often a request is retried after a rate limit (429), a server error or a lost connection, with
        backoff. Requests that may have changed something are re-read before being sent again.
      - Defaults to C(5).
    type: int
  validate_certs:
    description:
      - Whether to verify the TLS certificate of the API.
      - Falls back to the E(BARRACK_VALIDATE_CERTS) environment variable, then to V(true).
    type: bool
  auth_header:
    description:
      - Name of the HTTP header that carries the API key (inferred from the API documentation, hence configurable).
      - Falls back to the E(BARRACK_AUTH_HEADER) environment variable, then to C(Authorization).
    type: str
  auth_scheme:
    description:
      - Scheme put before the key in O(auth_header); an empty string sends the bare key.
      - Falls back to the E(BARRACK_AUTH_SCHEME) environment variable, then to C(Bearer).
    type: str
  allow_insecure_http:
    description:
      - Allow sending the API key over plain C(http://) to a host that is not this machine.
      - Without it such an O(api_url) is refused before any request (loopback addresses and C(localhost), where
        the emulator runs, are always allowed).
      - Falls back to the E(BARRACK_ALLOW_INSECURE_HTTP) environment variable, then to V(false).
    type: bool
  wait:
    description:
      - Wait until the resource reaches a stable status before returning.
      - Modules that only read (the C(*_info) modules) or whose resources are ready at once (M(barrack.cloud.ssh_key),
        M(barrack.cloud.startup_script)) accept it and ignore it, so C(module_defaults) for
        C(group/barrack.cloud.all) can set it.
    type: bool
    default: true
  wait_timeout:
    description:
      - How long to wait in seconds, for all the steps of the task together.
      - Must be at least V(1); V(0) or a negative value fails naming the option before anything is changed. To not
        wait, set O(wait=false).
    type: int
    default: 600
requirements:
  - python >= 3.11
  - httpx and pydantic, for the shared Barrack client bundled with the collection (C(requirements.txt))
notes:
  - "The modules run on the controller; use C(delegate_to: localhost) or C(connection: local)."
  - Every module accepts every option of this fragment (connection options, O(wait), O(wait_timeout)), so they can
    be set once with C(module_defaults) for C(group/barrack.cloud.all).
  - In check mode a module returns the object it predicts (the client's plan), so later tasks can use it; what only
    the server assigns (ids, IP addresses, creation times, a new rule's id) is the placeholder string
    C((known after apply)). C(--diff) shows the same change in check mode as in the real run.
  - String options refuse booleans, lists and dictionaries (YAML turns an unquoted C(yes) into a boolean); quote such
    values.
  - Options that name or identify something (names, ids, regions, models, references to other resources by name or
    id) also refuse numbers, because YAML converts unquoted values silently - C(12:30) becomes C(750), C(01000)
    C(512), C(0x1F4) C(500) and C(.inf) a float. The task fails naming the option; quote the value. Free-text
    options (C(description), C(content), C(public_key), C(cloud_init)) accept numbers.
"""

    RESOURCE = r"""
options:
  name:
    description:
      - Name of the resource, unique per account.
      - Required to create the resource.
    type: str
  id:
    description:
      - Id of the resource; when given, the resource is found by its id instead of its O(name).
    type: str
  state:
    description:
      - V(present) makes sure the resource exists, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  recreate:
    description:
      - Replace the resource (delete it, wait until it is gone, create it again) when it differs in an option that
        can only be set at creation, or when it is in a failed status (C(error) / C(ERROR)).
      - Without it such a task fails naming the options, before anything is changed.
    type: bool
    default: false
notes:
  - Supports C(check_mode) and C(diff).
"""

    INFO = r"""
options:
  id:
    description:
      - Only return the resource with this id.
    type: str
  name:
    description:
      - Only return the resources with this exact name.
    type: str
notes:
  - Supports C(check_mode).
  - Without O(id) or O(name), every resource of the account is returned (all pages are read).
  - Nothing is changed; a resource that is not found gives an empty list, not a failure.
"""

    READ_ONLY = r"""
options: {}
notes:
  - Supports C(check_mode).
  - Nothing is changed.
"""

    INFO_FILTERS = r"""
options:
  region:
    description:
      - Only return the resources in this region, for example C(CANADA-1).
    type: str
  status:
    description:
      - Only return the resources in this status (case-insensitive; the statuses are listed under the return values).
    type: str
"""
