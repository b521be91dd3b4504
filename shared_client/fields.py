"""Field metadata on request models (updatable / create-only / order-insensitive / secret) and its helpers.

Front-ends ask here "what changed, and does it need a replace?" instead of deciding it themselves.
Metadata lives in each pydantic field's ``json_schema_extra["x-barrack"]`` (set with :func:`spec`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field
from pydantic_core import PydanticUndefined

from shared_client import catalog
from shared_client import normalise as norm
from shared_client._compat import StrEnum
from shared_client.errors import ValidationError

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


@dataclass(frozen=True, slots=True)
class ChangePlan:
    """Result of :func:`plan_changes`: fields that differ, and the subset that forces a replace."""

    changed: list[str] = field(default_factory=list)
    replace: list[str] = field(default_factory=list)

    @property
    def needs_replace(self) -> bool:
        return bool(self.replace)

    @property
    def update(self) -> list[str]:
        """Changed fields that can be applied in place."""
        return [f for f in self.changed if f not in self.replace]

    def __bool__(self) -> bool:
        return bool(self.changed)


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
) -> Any:
    """A pydantic ``Field`` carrying Barrack field metadata."""
    meta: dict[str, Any] = {"mode": mode.value}
    if order_insensitive:
        meta["order_insensitive"] = True
    if secret:
        meta["secret"] = True
    if kind is not Kind.PLAIN:
        meta["kind"] = kind.value
    if not in_body:
        meta["in_body"] = False
    if grow_only:
        meta["grow_only"] = True
    if update_tiers is not None:
        meta["update_tiers"] = sorted(update_tiers)
    return Field(default, description=description, json_schema_extra={META_KEY: meta})


_SPECS_CACHE: dict[type[BaseModel], dict[str, FieldSpec]] = {}


def field_specs(model: type[BaseModel]) -> dict[str, FieldSpec]:
    """The metadata of every field of a request model (fields without metadata are CREATE_ONLY)."""
    cached = _SPECS_CACHE.get(model)
    if cached is not None:
        return cached
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
    _SPECS_CACHE[model] = out
    return out


def secret_fields(model: type[BaseModel]) -> frozenset[str]:
    """Names of the fields marked secret."""
    return frozenset(n for n, s in field_specs(model).items() if s.secret)


def _normalise_value(fs: FieldSpec | None, value: Any) -> Any:
    if fs is None:
        return value
    if fs.kind is Kind.RULES:
        return norm.canonical_rules(value)
    if fs.kind is Kind.IDS:
        return norm.sorted_ids(value)
    if fs.kind is Kind.PUBLIC_KEY:
        return norm.canonical_public_key(value) if isinstance(value, str) else value
    if fs.order_insensitive:
        if value is None:
            return []
        return sorted(value, key=repr)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    return value


def normalise(model: type[BaseModel], values: Mapping[str, Any]) -> dict[str, Any]:
    """Canonical form of `values` (request-field names): CIDRs canonical, sets sorted, rules canonical."""
    specs = field_specs(model)
    return {k: _normalise_value(specs.get(k), v) for k, v in values.items()}


def plan_changes(model: type[BaseModel], old: Mapping[str, Any], new: Mapping[str, Any]) -> ChangePlan:
    """Fields whose normalised value differs between `old` and `new`, and those needing a replace.

    Keys absent from `new` are not managed and never a change; keys absent from `old` are unknown (the API
    does not return them, e.g. ``cloud_init``) and never a change either. An in-place update the API cannot
    do (shrinking a grow-only field, updating on a tier that does not allow it) raises
    :class:`~shared_client.errors.ValidationError` naming the field.
    """
    specs = field_specs(model)
    changed: list[str] = []
    replace: list[str] = []
    problems: dict[str, list[str]] = {}
    for name, new_value in new.items():
        if name not in old:
            continue
        fs = specs.get(name)
        if _normalise_value(fs, old[name]) == _normalise_value(fs, new_value):
            continue
        changed.append(name)
        if fs is None or fs.mode is FieldMode.CREATE_ONLY:
            replace.append(name)
            continue
        if fs.grow_only and old[name] is not None and new_value is not None and new_value < old[name]:
            problems.setdefault(name, []).append(
                f"can only grow (from {old[name]} to {new_value} is a shrink); shrinking is not supported"
            )
        if fs.update_tiers is not None:
            tier = old.get("tier") or catalog.region_tier(old.get("region") or new.get("region"))
            if tier is not None and tier not in fs.update_tiers:
                problems.setdefault(name, []).append(
                    f"cannot be changed on the {tier} tier (only on: {', '.join(sorted(fs.update_tiers))})"
                )
    if problems:
        raise ValidationError("change not possible in place", field_errors=problems)
    return ChangePlan(changed=changed, replace=replace)


def diff_ids(current: Iterable[Any] | None, desired: Iterable[Any] | None) -> tuple[list[str], list[str]]:
    """(to_add, to_remove) turning the id set `current` into `desired`."""
    cur, want = set(norm.sorted_ids(current)), set(norm.sorted_ids(desired))
    return sorted(want - cur), sorted(cur - want)


def diff_rules(current: Iterable[Any], desired: Iterable[Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """(rules_to_add as canonical dicts, rule ids to remove) turning `current` (with ids) into `desired`."""
    want = {norm.canonical_rule(r) for r in desired}
    have: dict[tuple[Any, ...], list[str]] = {}
    for r in current:
        rid = r.get("id") if isinstance(r, Mapping) else getattr(r, "id", None)
        have.setdefault(norm.canonical_rule(r), []).append(str(rid))
    remove = [rid for key, ids in have.items() if key not in want for rid in ids]
    remove += [rid for key, ids in have.items() if key in want for rid in ids[1:]]  # duplicates
    add = [r for r in norm.canonical_rules(desired) if tuple(r.values()) not in have]
    return add, sorted(remove)
