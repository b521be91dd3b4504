"""Ids put into paths: opaque strings, checked before any request so a value can never change the route."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from shared_client import errors

ID_RE: Final = re.compile(r"[A-Za-z0-9_-]{1,64}")
"""Every id (D/I: ``BRK-901234D``, ``"12345"``): a value such as ``347/rules/40064``, ``types`` followed by a slash,
or ``..`` can never reach another endpoint."""
ID_RULE: Final = "must be 1-64 letters, digits, '-' or '_' (an id, not a path)"


def check_id(name: str, value: object) -> str:
    """`value` as a path id; `errors.ValidationError` naming `name` unless it matches :data:`ID_RE`."""
    if isinstance(value, bool) or not isinstance(value, str | int) or not ID_RE.fullmatch(str(value)):
        raise errors.ValidationError.for_field(name, ID_RULE)
    return str(value)


def reserved_segments(paths: Iterable[str]) -> dict[str, frozenset[str]]:
    """For each path prefix that takes an id (``/volumes/``), the literal segments other routes put in that place
    (``types``, ``billing``): an id equal to one of them would reach that route instead."""
    literal: dict[str, set[str]] = {}
    for path in paths:
        parts = path.strip("/").split("/")
        for i in range(1, len(parts)):
            prefix = "/" + "/".join(parts[:i]) + "/"
            if "{" not in parts[i]:
                literal.setdefault(prefix, set()).add(parts[i])
    return {k: frozenset(v) for k, v in literal.items()}


def id_list(ids: Iterable[object], field: str) -> list[str]:
    """Validated ids (`errors.ValidationError` on ``<field>.<index>``), de-duplicated, in the given order."""
    if isinstance(ids, str | bytes):
        raise errors.ValidationError.for_field(field, "must be a list of ids, not one string")
    out: list[str] = []
    for i, value in enumerate(ids):
        try:
            ident = check_id(field, value)
        except errors.ValidationError:
            raise errors.ValidationError.for_field(f"{field}.{i}", ID_RULE) from None
        if ident not in out:
            out.append(ident)
    return out
