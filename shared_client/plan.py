"""The plan/apply contract: what a desired state changes, computed without any request, and its predicted result.

Every front-end is ``inputs -> desired -> plan -> render -> apply -> render``::

    desired = VolumeCreate(name="data", region="FINLAND-1", size_gb=200, volume_type="NVMe")  # the request model
    current = c.volumes.find_by_name(desired.name, desired.region)                         # None: create
    plan = c.volumes.plan(current, desired)          # no request is made; bad input raises ValidationError here
    plan.action, plan.changes, plan.preview()        # check mode / preview / --diff render these
    obj, changed = c.volumes.apply(current.id if current else None, plan, wait=True)

`plan.changes` lists each field that differs (old, new, whether it forces a replace, the update step that applies
it, whether the instance must stop for it; set-valued fields also say what is added and removed). `apply` runs the
kind's update steps (``ResourceSpec.steps``) in their one declared order, each with the re-read-and-decide
behaviour of its workflow. A plan whose action is ``replace`` is not applied: the front-end decides (Pulumi
replaces, Ansible refuses naming the fields).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Final, Generic, TypeVar

from shared_client import errors, normalise, vocabulary
from shared_client.fields import FieldMode, Kind, comparable_value, field_specs
from shared_client.rules import canonical_rule, canonical_rules, rule_diff
from shared_client.specs import ResourceSpec, UpdateStep, heading_to, status_of

if TYPE_CHECKING:
    from shared_client.models.base import ReadModel, RequestModel

M = TypeVar("M", bound="ReadModel")
R = TypeVar("R", bound="RequestModel")

KNOWN_AFTER_APPLY: Final = "(known after apply)"
"""Placeholder in :meth:`Plan.preview` for what only the server knows before the object exists (ids, addresses,
creation time). A string, so a later task may template it; it never matches a real id (ids are checked)."""


class Action(StrEnum):
    NONE = "none"  # nothing to do
    CREATE = "create"  # no current object
    UPDATE = "update"  # in place, by the listed steps
    REPLACE = "replace"  # a create-only field differs: delete and create (not done by `apply`)


@dataclass(frozen=True, slots=True)
class Change:
    """One field that differs. For set-valued fields (ids, rules) `added` / `removed` hold only the members that
    change (rules in canonical form), so a rule-set diff shows the one rule added, not the whole set."""

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

    def preview(self) -> M:
        """The object as it is predicted to be after `apply` (wire names, secrets left out): for a create the
        desired values with :data:`KNOWN_AFTER_APPLY` for server-assigned fields; for an update the current object
        with the changes laid over it."""
        wire: dict[str, object] = {} if self.current is None else self.current.to_dict()
        if self.current is None:
            for key in self.spec.server_fields:
                _set(wire, key, KNOWN_AFTER_APPLY)
            values = {k: v for k, v in self.desired.values().items() if v is not None}
            if self.spec.ready:
                wire["status"] = min(self.spec.ready)
        else:
            values = {c.field: c.new for c in self.changes}
        secrets = {n for n, s in field_specs(type(self.desired)).items() if s.secret}
        for name, value in values.items():
            if name in secrets:
                continue
            if name == "power_state" and isinstance(value, str):
                wire["status"] = status_of(value)
                continue
            key = self.spec.wire_names.get(name, name)
            if key.endswith("?"):  # a flag whose wire value only the server assigns (public_ip -> ip_address)
                _set(wire, key[:-1], KNOWN_AFTER_APPLY if value else None)
            elif isinstance(value, list) and "[]." in key:
                _set(wire, key, [str(v) for v in value])
            elif isinstance(value, list) and field_specs(type(self.desired))[name].kind is Kind.RULES:
                wire[key] = _predicted_rules(wire.get(key), value)
            else:
                _set(wire, key, value)
        return self.spec.model.model_validate(wire)


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


def make_plan(
    spec: ResourceSpec[M, R], current: M | None, desired: R, *, purge: bool = True, stop_if_needed: bool = False
) -> Plan[M, R]:
    """The plan turning `current` (None: absent) into `desired`. Pure: no request.

    Fields `desired` leaves unset (or None) are not managed; fields the API does not report (absent from
    ``current.current_values()``, e.g. ``cloud_init``) are never a change. With ``purge=False`` set-valued fields
    only gain members. An in-place change the API cannot make (shrinking, a tier without resize) raises
    `errors.ValidationError` naming the field, before anything is sent."""
    wanted = {k: v for k, v in desired.values().items() if v is not None}
    if current is None:
        changes = tuple(Change(k, None, v) for k, v in wanted.items())
        return Plan(spec, None, desired, changes, purge, stop_if_needed)
    have = current.current_values()
    metas = field_specs(spec.create_model)
    stopped = heading_to(getattr(current, "status", None)) == "stopped"
    out: list[Change] = []
    problems: dict[str, list[str]] = {}
    for name, new in wanted.items():
        if name not in have:
            continue
        old, meta = have[name], metas.get(name)
        added: tuple[object, ...] = ()
        removed: tuple[object, ...] = ()
        if meta is not None and meta.kind is Kind.RULES and isinstance(new, list):
            add, drop = rule_diff(old if isinstance(old, list) else [], new)
            removed = tuple(drop) if purge else ()
            if not add and not removed:
                continue
            added = tuple(add)
            if not purge:
                new = [*(old if isinstance(old, list) else []), *add]
        elif meta is not None and meta.kind is Kind.IDS and isinstance(new, list):
            cur = normalise.sorted_ids(old if isinstance(old, list) else [])
            want = normalise.sorted_ids(new)
            added = tuple(i for i in want if i not in cur)
            removed = tuple(i for i in cur if i not in want) if purge else ()
            if not added and not removed:
                continue
            new = want if purge else normalise.sorted_ids([*cur, *want])
        elif comparable_value(meta, old) == comparable_value(meta, new):
            continue
        if meta is None or meta.mode is FieldMode.CREATE_ONLY:
            out.append(Change(name, old, new, replace=True, added=added, removed=removed))
            continue
        _check_in_place(name, meta.grow_only, meta.update_tiers, old, new, have, problems)
        step = spec.step_of(name)
        needs_stop = bool(step and step.needs_stop and not stopped)
        out.append(Change(name, old, new, False, step.name if step else None, needs_stop, added, removed))
    if problems:
        raise errors.ValidationError("change not possible in place", field_errors=problems)
    return Plan(spec, current, desired, tuple(out), purge, stop_if_needed)


def _check_in_place(
    name: str,
    grow_only: bool,
    tiers: frozenset[str] | None,
    old: object,
    new: object,
    have: Mapping[str, object],
    problems: dict[str, list[str]],
) -> None:
    if grow_only and isinstance(old, int | float) and isinstance(new, int | float) and new < old:
        problems.setdefault(name, []).append(
            f"can only grow (from {old} to {new} is a shrink); shrinking is not supported"
        )
    if tiers is not None:
        region = have.get("region")
        tier = have.get("tier") or vocabulary.region_tier(region if isinstance(region, str) else None)
        if isinstance(tier, str) and tier not in tiers:
            problems.setdefault(name, []).append(
                f"cannot be changed on the {tier} tier (only on: {', '.join(sorted(tiers))})"
            )
