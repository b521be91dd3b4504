"""The plan/apply contract: what a desired state changes, computed without any request, and its predicted result.

Every front-end is ``inputs -> desired -> plan -> render -> apply -> render``::

    desired = VolumeCreate(name="data", region="FINLAND-1", size_gb=200, volume_type="NVMe")
    current = c.volumes.find_by_name(desired.name, desired.region)  # None: create
    plan = c.volumes.plan(current, desired)    # no request; bad input raises ValidationError here
    plan.action, plan.changes, plan.preview()  # check mode / preview / --diff render these
    obj, changed = c.volumes.apply(current.id if current else None, plan, wait=True)

A ``replace`` plan is not applied: the front-end decides (Pulumi replaces, Ansible refuses naming the fields).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

from shared_client import errors, normalise, vocabulary
from shared_client._compat import StrEnum
from shared_client.fields import FieldMode, FieldSpec, Kind, comparable_value, field_specs
from shared_client.rules import canonical_rule, canonical_rules, rule_diff
from shared_client.specs import ResourceSpec, UpdateStep, heading_to, status_of

if TYPE_CHECKING:
    from shared_client.models.base import ReadModel, RequestModel

M = TypeVar("M", bound="ReadModel")
R = TypeVar("R", bound="RequestModel")

KNOWN_AFTER_APPLY: Final = "(known after apply)"
"""Placeholder in :meth:`Plan.preview` for what only the server knows (ids, addresses, creation time); it never
matches a real id (ids are checked)."""


class Action(StrEnum):
    NONE = "none"  # nothing to do
    CREATE = "create"  # no current object
    UPDATE = "update"  # in place, by the listed steps
    REPLACE = "replace"  # a create-only field differs: delete and create (not done by `apply`)


@dataclass(frozen=True, slots=True)
class Change:
    """One field that differs. For set-valued fields (ids, rules) `added` / `removed` hold only the members that
    change (rules in canonical form)."""

    field: str
    old: object
    new: object
    replace: bool = False  # create-only field: needs a replace
    step: str | None = None  # the update step applying it (None for create and replace)
    needs_stop: bool = False  # the instance must be SHUTOFF for it (stopped and restored with stop_if_needed)
    added: tuple[object, ...] = ()
    removed: tuple[object, ...] = ()


@dataclass(frozen=True)
class Plan(Generic[M, R]):
    """The changes turning `current` into `desired` (see the module docstring). Made by ``client.<kind>.plan``."""

    spec: ResourceSpec[M, R]
    current: M | None
    desired: R
    changes: tuple[Change, ...]
    purge: bool = True
    stop_if_needed: bool = False
    adopt_concurrent: bool = True

    @property
    def action(self) -> Action:
        if self.current is None:
            return Action.CREATE
        if any(c.replace for c in self.changes):
            return Action.REPLACE
        return Action.UPDATE if self.changes else Action.NONE

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    @property
    def replace_fields(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.changes if c.replace)

    @property
    def needs_stop(self) -> bool:
        return any(c.needs_stop for c in self.changes)

    @property
    def steps(self) -> tuple[UpdateStep, ...]:
        """The spec's update steps that have a change, in the spec's order (empty for create and replace)."""
        if self.action is not Action.UPDATE:
            return ()
        names = {c.step for c in self.changes}
        return tuple(s for s in self.spec.steps if s.name in names)

    def change(self, field_name: str) -> Change | None:
        return next((c for c in self.changes if c.field == field_name), None)

    def diff(self) -> tuple[dict[str, object], dict[str, object]]:
        """``(before, after)`` of the changed fields (request-field names, secrets left out), for diffs."""
        shown = [c for c in self.changes if c.field not in self.spec.secret]
        return {c.field: c.old for c in shown}, {c.field: c.new for c in shown}

    def preview(self) -> M:
        """The object as predicted after `apply` (wire names, secrets left out): for a create the desired and derived
        values (``RequestModel.derived``) with :data:`KNOWN_AFTER_APPLY` for server-assigned fields (listed in
        ``unknown_fields``); for an update the current object with the changes laid over it."""
        wire: dict[str, object] = {} if self.current is None else self.current.to_dict()
        if self.current is None:
            for key in self.spec.server_fields:
                _set(wire, key, KNOWN_AFTER_APPLY)
            wire.update(self.desired.derived())
            values = {k: v for k, v in self.desired.values().items() if v is not None}
            if self.spec.ready:
                wire["status"] = min(self.spec.ready)
        else:
            values = {c.field: c.new for c in self.changes}
        rules = {n for n, s in field_specs(self.spec.create_model).items() if s.kind is Kind.RULES}
        for name, value in values.items():
            if name in self.spec.secret:
                continue
            if name == "power_state" and isinstance(value, str):
                wire["status"] = status_of(value)
                continue
            key = self.spec.wire_names.get(name, name)
            if key.endswith("?"):  # a flag whose wire value only the server assigns (public_ip -> ip_address)
                _set(wire, key[:-1], KNOWN_AFTER_APPLY if value else None)
            elif isinstance(value, list) and "[]." in key:
                _set(wire, key, [str(v) for v in value])
            elif isinstance(value, list) and name in rules:
                wire[key] = _predicted_rules(wire.get(key), value)
            else:
                _set(wire, key, value)
        return _validated(self.spec.model, wire)


def _validated(model: type[M], wire: dict[str, object]) -> M:
    """`wire` as a `model`; optional fields holding :data:`KNOWN_AFTER_APPLY` (numeric ones too) are set without
    validation and listed in ``unknown_fields``."""
    fields = model.model_fields
    unknown = {k: KNOWN_AFTER_APPLY for k, v in wire.items() if v == KNOWN_AFTER_APPLY and k in fields}
    obj = model.model_validate({k: v for k, v in wire.items() if k not in unknown or fields[k].is_required()})
    return obj.with_unknown(unknown) if unknown else obj


def _set(wire: dict[str, object], path: str, value: object) -> None:
    """Set ``a``, ``a.b`` (nested object) or ``a[].b`` (a list of objects from a list of values) in `wire`."""
    head, sep, rest = path.partition(".")
    if not sep:
        wire[head] = value
    elif head.endswith("[]"):
        items = value if isinstance(value, list) else []
        wire[head[:-2]] = [{rest: v} for v in items]
    else:
        inner = wire.get(head)
        node = dict(inner) if isinstance(inner, Mapping) else {}
        _set(node, rest, value)
        wire[head] = node


def _predicted_rules(current: object, desired: list[object]) -> list[object]:
    """Current rules that stay (with their ids and statuses), then the added ones (id known after apply)."""
    have = [r for r in current if isinstance(r, Mapping)] if isinstance(current, list) else []
    want = {canonical_rule(r) for r in desired}
    kept = [r for r in have if canonical_rule(r) in want]
    known = {canonical_rule(r) for r in kept}
    added = [dict(r, id=KNOWN_AFTER_APPLY) for r in canonical_rules(desired) if canonical_rule(r) not in known]
    return [*kept, *added]


@dataclass(frozen=True, slots=True)
class ChangePlan:
    """Result of :func:`plan_changes`: fields that differ, and those forcing a replace."""

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


def plan_changes(model: type[RequestModel], old: Mapping[str, Any], new: Mapping[str, Any]) -> ChangePlan:
    """The fields differing between plain values `old` and `new` (request-field names), and those needing a replace
    (`errors.ValidationError` for an impossible in-place change). New code uses ``client.<kind>.plan``."""
    changes = field_changes(model, old, new)
    return ChangePlan([c.field for c in changes], [c.field for c in changes if c.replace])


def field_changes(
    model: type[RequestModel], have: Mapping[str, Any], wanted: Mapping[str, Any], *, purge: bool = True
) -> list[Change]:
    """The changes turning `have` into `wanted` (request-field names). Keys absent from `wanted` are not managed;
    keys absent from `have` are unknown (not returned, e.g. ``cloud_init``): never a change. With ``purge=False``
    id lists and rule sets only gain members. An impossible in-place change (a shrink, a tier without that update)
    raises `errors.ValidationError` naming the field."""
    metas = field_specs(model)
    out: list[Change] = []
    problems: dict[str, list[str]] = {}
    for name, new in wanted.items():
        if name not in have:
            continue
        old, meta = have[name], metas.get(name)
        added: tuple[object, ...] = ()
        removed: tuple[object, ...] = ()
        if meta is not None and meta.kind is Kind.RULES and isinstance(new, list):
            old_rules = old if isinstance(old, list) else []
            add, drop = rule_diff(old_rules, new)
            added, removed = tuple(add), tuple(drop) if purge else ()
            if not added and not removed:
                continue
            new = new if purge else [*old_rules, *add]
        elif meta is not None and meta.kind is Kind.IDS and isinstance(new, list):
            cur, want = normalise.sorted_ids(old if isinstance(old, list) else []), normalise.sorted_ids(new)
            added = tuple(i for i in want if i not in cur)
            removed = tuple(i for i in cur if i not in want) if purge else ()
            if not added and not removed:
                continue
            new = want if purge else normalise.sorted_ids([*cur, *want])
        elif comparable_value(meta, old) == comparable_value(meta, new):
            continue
        replace = meta is None or meta.mode is FieldMode.CREATE_ONLY
        if meta is not None and not replace:
            problems.update(_in_place_problems(name, meta, old, new, have.get("tier"), have.get("region")))
        out.append(Change(name, old, new, replace, added=added, removed=removed))
    if problems:
        raise errors.ValidationError("change not possible in place", field_errors=problems)
    return out


def _in_place_problems(
    name: str, meta: FieldSpec, old: object, new: object, tier: object, region: object
) -> dict[str, list[str]]:
    out: list[str] = []
    if meta.grow_only and isinstance(old, int | float) and isinstance(new, int | float) and new < old:
        out.append(f"can only grow (from {old} to {new} is a shrink); shrinking is not supported")
    if meta.update_tiers is not None:
        tier = tier or vocabulary.region_tier(region if isinstance(region, str) else None)
        if isinstance(tier, str) and tier not in meta.update_tiers:
            out.append(f"cannot be changed on the {tier} tier (only on: {', '.join(sorted(meta.update_tiers))})")
    return {name: out} if out else {}


def make_plan(
    spec: ResourceSpec[M, R],
    current: M | None,
    desired: R,
    *,
    purge: bool = True,
    stop_if_needed: bool = False,
    adopt_concurrent: bool = True,
) -> Plan[M, R]:
    """The plan turning `current` (None: absent) into `desired`; no request. Unset (None) fields are not managed."""
    wanted = {k: v for k, v in desired.values().items() if v is not None}
    if current is None:
        changes = tuple(Change(k, None, v) for k, v in wanted.items())
        return Plan(spec, None, desired, changes, purge, stop_if_needed, adopt_concurrent)
    stopped = heading_to(getattr(current, "status", None)) == "stopped"
    out = []
    for change in field_changes(spec.create_model, current.current_values(), wanted, purge=purge):
        step = None if change.replace else spec.step_of(change.field)
        if step is not None:
            change = replace(change, step=step.name, needs_stop=step.needs_stop and not stopped)
        out.append(change)
    return Plan(spec, current, desired, tuple(out), purge, stop_if_needed)
