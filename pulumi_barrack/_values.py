"""Helpers for the plain values the Pulumi engine hands to dynamic providers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN


def is_unknown(value: Any) -> bool:
    """True when ``value`` is, or contains, a preview-time unknown."""
    if isinstance(value, Unknown) or (isinstance(value, str) and value == UNKNOWN):
        return True
    if isinstance(value, Mapping):
        return any(is_unknown(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(is_unknown(v) for v in value)
    return False


def coerce(value: Any) -> Any:
    """Engine numbers arrive as floats: turn integral floats into ints, recursively; drop ``None`` dict values."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {k: coerce(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [coerce(v) for v in value]
    return value
