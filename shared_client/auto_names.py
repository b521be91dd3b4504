"""Stable auto-names ``<prefix>-<7 lower-case letters and digits>``: a digest, keyed by the API key, of what
identifies the object in its tool (a Pulumi URN, ...) and the values forcing a replacement. The same declaration
gives the same name every run, so an interrupted create is found again by name, not duplicated. Without the key the
name can be neither made nor recognised, and secret values mixed in (cloud-init) cannot be guessed from it.
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
