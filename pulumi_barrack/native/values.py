"""Protobuf property maps <-> plain values, with secrets tracked per top-level property.

Unwrapping the engine's secrets records which top-level properties held one, so they (and the kind's secret
properties) are marked again on the way out. Preview-time unknowns are Pulumi's unknown sentinel string both ways.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from google.protobuf import struct_pb2
from pulumi.runtime.rpc import UNKNOWN, _special_secret_sig, _special_sig_key

__all__ = ["UNKNOWN", "from_struct", "to_struct"]


def _unwrap(value: Any) -> tuple[Any, bool]:
    """``value`` without secret wrappers, and whether it held one."""
    if isinstance(value, Mapping):
        if value.get(_special_sig_key) == _special_secret_sig:
            inner, _ = _unwrap(value.get("value"))
            return inner, True
        pairs = {k: _unwrap(v) for k, v in value.items()}
        return {k: v for k, (v, _) in pairs.items()}, any(s for _, s in pairs.values())
    if isinstance(value, list):
        items = [_unwrap(v) for v in value]
        return [v for v, _ in items], any(s for _, s in items)
    return value, False


def _plain(value: struct_pb2.Value) -> Any:
    kind = value.WhichOneof("kind")
    if kind == "struct_value":
        return {k: _plain(v) for k, v in value.struct_value.fields.items()}
    if kind == "list_value":
        return [_plain(v) for v in value.list_value.values]
    if kind == "number_value":
        return value.number_value
    if kind == "string_value":
        return value.string_value
    if kind == "bool_value":
        return value.bool_value
    return None


def from_struct(struct: struct_pb2.Struct) -> tuple[dict[str, Any], set[str]]:
    """(plain properties, names of the top-level properties that were secret)."""
    props: dict[str, Any] = {}
    secret: set[str] = set()
    for key, value in struct.fields.items():
        props[key], was_secret = _unwrap(_plain(value))
        if was_secret:
            secret.add(key)
    return props, secret


def _value(value: Any) -> struct_pb2.Value:
    if value is None:
        return struct_pb2.Value(null_value=struct_pb2.NULL_VALUE)
    if isinstance(value, bool):
        return struct_pb2.Value(bool_value=value)
    if isinstance(value, int | float):
        return struct_pb2.Value(number_value=float(value))
    if isinstance(value, str):
        return struct_pb2.Value(string_value=value)
    if isinstance(value, Mapping):
        return struct_pb2.Value(struct_value=struct_pb2.Struct(fields={str(k): _value(v) for k, v in value.items()}))
    if isinstance(value, list | tuple):
        return struct_pb2.Value(list_value=struct_pb2.ListValue(values=[_value(v) for v in value]))
    return struct_pb2.Value(string_value=str(value))


def _secret(value: struct_pb2.Value) -> struct_pb2.Value:
    fields = {_special_sig_key: struct_pb2.Value(string_value=_special_secret_sig), "value": value}
    return struct_pb2.Value(struct_value=struct_pb2.Struct(fields=fields))


def to_struct(props: Mapping[str, Any], secret: Iterable[str] = ()) -> struct_pb2.Struct:
    """A property map; the ``secret`` properties (when set and known) wrapped as secrets."""
    hide = set(secret)
    fields = {}
    for key, value in props.items():
        pv = _value(value)
        fields[key] = _secret(pv) if key in hide and value is not None and value != UNKNOWN else pv
    return struct_pb2.Struct(fields=fields)
