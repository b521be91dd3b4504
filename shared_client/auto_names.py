"""Stable auto-names: ``<prefix>-<7 lower-case letters and digits>`` derived from what identifies the object in
the tool that declares it (a Pulumi stack and resource URN, ...) and the values that force a replacement, keyed by
the API key. The same declaration gives the same name on every run, so a create interrupted before its result was
recorded (kill -9, a lost CI runner) is found again by name on the next run instead of being duplicated.

The name proves where an object came from only together with the key: a digest keyed by the API key cannot be
made (or recognised) without it, so an object carrying it was named by a holder of this key for exactly this
declaration. Secret values mixed in (cloud-init) cannot be guessed from a name either.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Callable, Mapping
from typing import Any, Final

ALPHABET: Final = string.ascii_lowercase + string.digits
SUFFIX_LENGTH: Final = 7
PREFIX_LENGTH: Final = 22
"""A 22-character prefix, ``-`` and the 7-character suffix fit every kind's name rule (volumes: at most 30)."""


def name_prefix(prefix: str) -> str:
    """`prefix` trimmed to letters, digits, ``-`` and ``_`` (at most 22 characters; ``barrack`` if nothing is left)."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", prefix)[:PREFIX_LENGTH].strip("-_") or "barrack"


def stable_name(prefix: str, identity: str, values: Mapping[str, Any], *, sign: Callable[[bytes], bytes]) -> str:
    """``<prefix>-<suffix>``: the suffix is `sign` (``BarrackClient.keyed_digest``: HMAC-SHA256 keyed by the API
    key) of `identity` and the canonical JSON of `values`, in base 36."""
    message = json.dumps([identity, dict(values)], sort_keys=True, separators=(",", ":"), default=str).encode()
    number = int.from_bytes(sign(message), "big")
    suffix = []
    for _ in range(SUFFIX_LENGTH):
        number, digit = divmod(number, len(ALPHABET))
        suffix.append(ALPHABET[digit])
    return f"{name_prefix(prefix)}-{''.join(suffix)}"
