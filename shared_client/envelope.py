"""Where the payload sits in a success envelope, in each shape the contract allows.

D: an object under ``data`` with siblings (restore snapshot: ``snapshot`` and ``tier``), and lists with their page
fields at the top level (custom images). I: the list under ``data``, page fields in a ``pagination`` object.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shared_client import contract


def _lift_pagination(obj: dict[str, Any]) -> dict[str, Any]:
    for key in contract.PAGINATION_KEYS:
        nested = obj.get(key)
        if isinstance(nested, Mapping):
            obj = {**{k: v for k, v in nested.items() if k not in obj}, **obj}
    return obj


def unwrap(body: Mapping[str, Any]) -> Any:
    """One flat payload: ``data`` with the envelope's other non-meta keys beside it (``data`` wins), or the envelope
    when it has no ``data``; nested page fields lifted. A non-object ``data`` (a list, null) is returned as is."""
    if contract.ENV_DATA not in body:
        return _lift_pagination(dict(body))
    data = body[contract.ENV_DATA]
    if not isinstance(data, Mapping):
        return data
    merged = dict(data)
    for key, value in body.items():
        if key not in contract.ENV_META and key not in merged:
            merged[key] = value
    return _lift_pagination(merged)
