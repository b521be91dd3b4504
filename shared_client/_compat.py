"""Python 3.10 stand-ins for the few 3.11 standard-library features the client uses (the Ansible collection
vendors the client, and ansible-core 2.17 controllers run Python 3.10)."""

from __future__ import annotations

import sys

if sys.version_info >= (3, 11):
    from enum import StrEnum
else:  # pragma: no cover - exercised by the Python 3.10 import test
    from enum import Enum

    class StrEnum(str, Enum):
        """``enum.StrEnum`` of Python 3.11: members are strings and ``str()`` gives the value."""

        def __str__(self) -> str:
            return str(self.value)


def add_note(exc: BaseException, note: str) -> None:
    """``exc.add_note(note)`` (Python 3.11+); on 3.10 the note is kept in ``__notes__`` all the same."""
    if sys.version_info >= (3, 11):
        exc.add_note(note)
    else:  # pragma: no cover - exercised by the Python 3.10 import test
        exc.__notes__ = [*getattr(exc, "__notes__", ()), note]


__all__ = ["StrEnum", "add_note"]
