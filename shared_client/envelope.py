"""Where the payload sits in a success envelope, in each shape the contract allows.

Documented (D): an object under ``data`` with siblings beside it (restore snapshot: ``snapshot`` and ``tier``),
and lists with their items and page fields at the top level of the envelope (custom images). Inferred (I): the
same list nested under ``data``, and the page fields nested in a ``pagination`` object. `unwrap` turns each of
them into one flat object: the payload with its siblings and page fields beside it.
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
    """The payload of a success envelope: ``data`` with the envelope's other non-meta keys merged in where
    ``data`` lacks them (``data`` wins), or the envelope itself when it has no ``data``; page fields of a nested
    ``pagination`` object are lifted beside the items. A non-object ``data`` (a list, null) is returned as is."""
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
