"""Field metadata on request models (updatable / create-only / order-insensitive / secret, in each pydantic field's
``json_schema_extra["x-barrack"]``, set with :func:`spec`) and the form values are compared in.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field
from pydantic_core import PydanticUndefined

from shared_client import normalise, rules
from shared_client._compat import StrEnum

META_KEY = "x-barrack"


class FieldMode(StrEnum):
    """How a change to a field is applied."""

    UPDATABLE = "updatable"  # changed in place
    CREATE_ONLY = "create_only"  # a change needs a replace


class Kind(StrEnum):
    """How a field's value is normalised for comparison."""

    PLAIN = "plain"
    IDS = "ids"  # list of ids compared as a set
    RULES = "rules"  # list of firewall/security rules compared as a set of canonical rules
    PUBLIC_KEY = "public_key"  # OpenSSH key compared as "type base64" (comment ignored)


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """Metadata of one request-model field."""

    name: str
    mode: FieldMode
    order_insensitive: bool = False
    secret: bool = False
    kind: Kind = Kind.PLAIN
    in_body: bool = True  # False: not sent in the create body; the sub-client applies it after create
    grow_only: bool = False  # an update may only increase the value
    update_tiers: frozenset[str] | None = None  # tiers on which an in-place update is possible (None: all)
    required: bool = False
    description: str | None = None

    @property
    def updatable(self) -> bool:
        return self.mode is FieldMode.UPDATABLE


def spec(
    mode: FieldMode,
    default: Any = PydanticUndefined,
    *,
    order_insensitive: bool = False,
    secret: bool = False,
    kind: Kind = Kind.PLAIN,
    in_body: bool = True,
    grow_only: bool = False,
    update_tiers: Iterable[str] | None = None,
    description: str | None = None,
    choices: Iterable[str] | None = None,
    open_choices: bool = False,
) -> Any:
    """A pydantic ``Field`` carrying Barrack field metadata (only what differs from the defaults). ``choices``: the
    allowed values, a JSON schema ``enum`` (with ``open_choices``: known values of an open field, its ``examples``)."""
    given = {
        "mode": mode.value,
        "order_insensitive": order_insensitive or None,
        "secret": secret or None,
        "kind": kind.value if kind is not Kind.PLAIN else None,
        "in_body": False if not in_body else None,
        "grow_only": grow_only or None,
        "update_tiers": sorted(update_tiers) if update_tiers is not None else None,
    }
    meta = {k: v for k, v in given.items() if v is not None}
    extra: dict[str, Any] = {META_KEY: meta}
    if choices is not None:
        extra["examples" if open_choices else "enum"] = list(choices)
    return Field(default, description=description, json_schema_extra=extra)


@functools.cache
def field_specs(model: type[BaseModel]) -> dict[str, FieldSpec]:
    """The metadata of every field of a request model (fields without metadata are CREATE_ONLY)."""
    out: dict[str, FieldSpec] = {}
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        meta = extra.get(META_KEY) or {}
        assert isinstance(meta, dict)
        tiers = meta.get("update_tiers")
        out[name] = FieldSpec(
            name=name,
            mode=FieldMode(str(meta.get("mode", FieldMode.CREATE_ONLY.value))),
            order_insensitive=bool(meta.get("order_insensitive", False)),
            secret=bool(meta.get("secret", False)),
            kind=Kind(str(meta.get("kind", Kind.PLAIN.value))),
            in_body=bool(meta.get("in_body", True)),
            grow_only=bool(meta.get("grow_only", False)),
            update_tiers=frozenset(str(t) for t in tiers) if isinstance(tiers, list) else None,
            required=info.is_required(),
            description=info.description,
        )
    return out


def secret_fields(model: type[BaseModel]) -> frozenset[str]:
    """Names of the fields marked secret."""
    return frozenset(n for n, s in field_specs(model).items() if s.secret)


def comparable_value(fs: FieldSpec | None, value: Any) -> Any:
    """`value` of the field `fs` describes in the form values are compared in (None: as given)."""
    if fs is None:
        return value
    if fs.kind is Kind.RULES:
        return rules.canonical_rules(value)
    if fs.kind is Kind.IDS:
        return normalise.sorted_ids(value)
    if fs.kind is Kind.PUBLIC_KEY:
        return normalise.canonical_public_key(value) if isinstance(value, str) else value
    if fs.order_insensitive:
        return sorted(value or [], key=repr)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    return value


def comparable(model: type[BaseModel], values: Mapping[str, Any]) -> dict[str, Any]:
    """Canonical form of `values` (request-field names): CIDRs canonical, sets sorted, rules canonical."""
    specs = field_specs(model)
    return {k: comparable_value(specs.get(k), v) for k, v in values.items()}
