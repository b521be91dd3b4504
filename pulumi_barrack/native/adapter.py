"""The protocol-neutral half of the plugin: Pulumi's check/diff/create/read/update/delete on plain camelCase dicts,
handed to the generic core in its snake_case; it adds the auto-name seed, custom timeouts, a detailed diff from
the core's plan (set-valued inputs element by element) and one-line errors.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pulumi_barrack import _credentials
from pulumi_barrack._provider import AUTO_NAME, AUTO_NAME_KEY, BarrackProviderError, member_key
from pulumi_barrack._values import is_unknown
from pulumi_barrack.native.kinds import DROPPED, Kind, camel, to_camel, to_snake, urn_name

MISSING_KEY = (
    "no Barrack API key: set the stack config barrack:apiKey (`pulumi config set --secret barrack:apiKey <key>`), "
    "the apiKey of an explicit barrack provider, or the BARRACK_API_KEY environment variable"
)


class Failure(Exception):
    """A failure to show the user as it is: one line, no traceback."""


class DiffKind(Enum):
    """The kinds of a Pulumi property diff (named as ``PropertyDiff.Kind``'s values)."""

    ADD = "add"
    ADD_REPLACE = "add-replace"
    DELETE = "delete"
    DELETE_REPLACE = "delete-replace"
    UPDATE = "update"
    UPDATE_REPLACE = "update-replace"


@dataclass
class Diff:
    """A diff as the protocol wants it (camelCase property names and paths)."""

    changes: bool
    replaces: list[str] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)
    detailed: dict[str, DiffKind] = field(default_factory=dict)
    delete_before_replace: bool = False


def one_line(text: str) -> str:
    """``text`` on one line (a message may quote a multi-line API answer)."""
    return " ".join(str(text).split())


@contextmanager
def user_errors(what: str) -> Iterator[None]:
    """Turn every exception of a core call into a one-line :class:`Failure`."""
    from shared_client import errors

    try:
        yield
    except Failure:
        raise
    except (BarrackProviderError, errors.BarrackError) as exc:
        raise Failure(one_line(str(exc))) from None
    except Exception as exc:
        if os.environ.get("BARRACK_PROVIDER_DEBUG"):
            traceback.print_exc(file=sys.stderr)
        raise Failure(one_line(f"{what} failed: {type(exc).__name__}: {exc}")) from None


def require_key() -> None:
    """:class:`Failure` naming ``barrack:apiKey`` and ``BARRACK_API_KEY`` when no API key is configured."""
    with user_errors("reading the provider configuration"):
        if _credentials.settings().resolved().get("api_key") is None:
            raise Failure(MISSING_KEY)


def _core_props(props: Mapping[str, Any]) -> dict[str, Any]:
    return dict(to_snake(props))


def _plugin_props(props: Mapping[str, Any]) -> dict[str, Any]:
    return dict(to_camel({k: v for k, v in props.items() if k not in DROPPED}))


def _with_timeout(props: dict[str, Any], op: str, timeout: float) -> dict[str, Any]:
    """Pulumi's ``customTimeouts`` for ``op`` as the core's ``timeouts`` input, unless the program set one."""
    timeouts = props.get("timeouts")
    if timeout > 0 and not (isinstance(timeouts, Mapping) and op in timeouts):
        return {**props, "timeouts": {**(timeouts if isinstance(timeouts, Mapping) else {}), op: timeout}}
    return props


def check(
    kind: Kind, urn: str, olds: Mapping[str, Any], news: Mapping[str, Any]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """(checked inputs, failures as (property, reason)). A resource without ``name`` gets the core's stable
    auto-name from its URN (the engine's random seed is not needed)."""
    old, new = _core_props(olds), _core_props(news)
    if kind.auto_named and "name" not in new:
        new[AUTO_NAME] = urn_name(urn)
        new[AUTO_NAME_KEY] = urn
    with user_errors(f"checking {kind.name}"):
        result = kind.core.check(old, new)
    failures = [(camel(f.property), one_line(f.reason)) for f in result.failures or []]
    return _plugin_props(result.inputs or {}), failures


def _set_diff(kind: Kind, key: str, old: Any, new: Any) -> dict[str, str]:
    """Element-wise diff of a set-valued input (rules or ids): what was removed and what was added."""
    compare = kind.core.compare_kinds().get(key, "value")
    if compare == "value" or not isinstance(old, list) or not isinstance(new, list) or is_unknown(new):
        return {}
    canon = member_key(compare)
    old_keys, new_keys = [canon(v) for v in old], [canon(v) for v in new]
    out = {f"{camel(key)}[{i}]": "DELETE" for i, k in enumerate(old_keys) if k not in new_keys}
    return out | {f"{camel(key)}[{j}]": "ADD" for j, k in enumerate(new_keys) if k not in old_keys}


def diff(kind: Kind, rid: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> Diff:
    """The core's diff, with the detailed diff rendered from its plan (never calls the API)."""
    old, new = _core_props(olds), _core_props(news)
    with user_errors(f"diffing {kind.name}"):
        changed, replaces, dbr = kind.core.diff_plan(old, new)
    if not changed:
        return Diff(changes=False)
    detailed: dict[str, DiffKind] = {}
    for key in changed:
        paths = _set_diff(kind, key, old.get(key), new.get(key)) or {camel(key): "UPDATE" if key in old else "ADD"}
        detailed.update({p: DiffKind[f"{k}_REPLACE" if key in replaces else k] for p, k in paths.items()})
    return Diff(True, [camel(k) for k in replaces], [camel(k) for k in changed], detailed, dbr)


def create(kind: Kind, inputs: Mapping[str, Any], timeout: float) -> tuple[str, dict[str, Any]]:
    """(id, outputs) of the new object."""
    require_key()
    with user_errors(f"creating {kind.name}"):
        result = kind.core.create(_with_timeout(_core_props(inputs), "create", timeout))
    return str(result.id), _plugin_props(result.outs or {})


def read(
    kind: Kind, rid: str, state: Mapping[str, Any], inputs: Mapping[str, Any]
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """(id, outputs, inputs) as the server has them; an empty id when the object is gone. With neither state
    nor inputs (``pulumi import``) every input the server reports is returned."""
    require_key()
    with user_errors(f"reading {kind.name} {rid!r}"):
        result = kind.core.read(rid, _core_props(state or inputs))
    if not result.id:
        return "", {}, {}
    return str(result.id), _plugin_props(result.outs or {}), _plugin_props(result.inputs or {})


def update(kind: Kind, rid: str, olds: Mapping[str, Any], news: Mapping[str, Any], timeout: float) -> dict[str, Any]:
    """The outputs after the in-place changes."""
    require_key()
    with user_errors(f"updating {kind.name} {rid!r}"):
        result = kind.core.update(rid, _core_props(olds), _with_timeout(_core_props(news), "update", timeout))
    return _plugin_props(result.outs or {})


def delete(kind: Kind, rid: str, state: Mapping[str, Any], timeout: float) -> None:
    """Delete the object (already gone counts as deleted)."""
    require_key()
    with user_errors(f"deleting {kind.name} {rid!r}"):
        kind.core.delete(rid, _with_timeout(_core_props(state), "delete", timeout))
