"""What a workflow returns: the object and whether the call changed anything."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from typing_extensions import NamedTuple  # a generic NamedTuple needs Python 3.11+ from typing

T = TypeVar("T")


class Outcome(NamedTuple, Generic[T]):
    """``obj, changed = c.instances.set_public_ip(id, False)``; `changed`: a write took effect (or provably landed)."""

    obj: T
    changed: bool


class AttachmentOutcome(NamedTuple):
    """Result of ``attach_volume`` / ``detach_volume``: both objects as last read, whether anything changed, and
    whether the instance was stopped for it (and brought back to its previous power state)."""

    volume: Any
    instance: Any
    changed: bool
    stopped_instance: bool
