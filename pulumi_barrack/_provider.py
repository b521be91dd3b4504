"""The generic Barrack dynamic provider: check/diff/create/read/update/delete driven by field metadata.

A concrete provider declares its spec, inputs and a few hooks. Provider objects hold no state, so they pickle by
reference and are shared by the provider process's threads; every Barrack workflow is a shared-client call.
"""

from __future__ import annotations

import secrets
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from pulumi_barrack import _credentials
from pulumi_barrack._values import coerce, is_unknown
from shared_client.waiting import Deadline

if TYPE_CHECKING:
    from shared_client import BarrackClient
    from shared_client.fields import FieldSpec
    from shared_client.models.base import ReadModel, RequestModel, ResourceModel
    from shared_client.resources.base import ResourceClient
    from shared_client.resources.relations import RelationClient
    from shared_client.specs import ResourceSpec

PROVIDER_KEY = "__provider"
Mode = Literal["update", "replace", "local"]
Compare = Literal["value", "set", "rules"]
Validator = Callable[[Any], "str | None"]

COMMON_TIMEOUTS = {"create": 600.0, "update": 600.0, "delete": 600.0}


class BarrackProviderError(Exception):
    """A provider failure with a message meant for the Pulumi user."""


@dataclass(frozen=True)
class Field:
    """An input that is not (or not only) described by the request model's field metadata."""

    mode: Mode
    compare: Compare = "value"
    validate: Validator | None = None


def is_bool(v: Any) -> str | None:
    return None if isinstance(v, bool) else "must be a boolean"


def _is_schema_version(v: Any) -> str | None:
    return None if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else "must be a non-negative integer"


def _is_timeouts(v: Any) -> str | None:
    if not isinstance(v, Mapping):
        return "must be a mapping with keys create, update, delete (seconds)"
    for k, s in v.items():
        if k not in COMMON_TIMEOUTS:
            return f"unknown key {k!r} (allowed: create, update, delete)"
        if is_unknown(s):
            continue
        if isinstance(s, bool) or not isinstance(s, int | float) or s <= 0:
            return f"{k} must be a positive number of seconds"
    return None


def non_empty_str(v: Any) -> str | None:
    return None if isinstance(v, str) and v.strip() else "must be a non-empty string"


def str_list(v: Any) -> str | None:
    ok = isinstance(v, list) and all(isinstance(x, str) and x for x in v)
    return None if ok else "must be a list of non-empty strings"


AUTO_NAME = "auto_name"
"""Hidden input: the resource name, sent when the program sets no ``name`` (see ``BarrackProvider.auto_name``)."""

AUTO_NAME_KEY = "auto_name_key"
"""Hidden input: what identifies the resource (stack and URN), for stable auto-names (``pulumi_barrack._stable``)."""

COMMON_FIELDS: dict[str, Field] = {
    AUTO_NAME: Field("local", validate=non_empty_str),
    AUTO_NAME_KEY: Field("local", validate=non_empty_str),
    "adopt": Field("local", validate=is_bool),
    "timeouts": Field("local", validate=_is_timeouts),
    "schema_version": Field("update", validate=_is_schema_version),
}


def validation_errors(model: type[RequestModel], data: dict[str, Any]) -> list[tuple[str, str]]:
    """Validate ``data`` with a shared-client request model: (top-level field or "", message) pairs."""
    from shared_client import errors

    try:
        model(**data)
    except errors.ValidationError as exc:
        if not exc.field_errors:
            return [("", str(exc))]
        out = []
        for path, msgs in exc.field_errors.items():
            top = "" if path in ("", "__root__") else path.split(".")[0]
            out.append((top, f"{path}: {'; '.join(msgs)}" if top else "; ".join(msgs)))
        return out
    return []


def generate_name(prefix: str) -> str:
    """``<prefix>-<7 random lower-case letters and digits>`` (the prefix trimmed as for stable auto-names)."""
    from shared_client.auto_names import ALPHABET, SUFFIX_LENGTH, name_prefix

    return f"{name_prefix(prefix)}-{''.join(secrets.choice(ALPHABET) for _ in range(SUFFIX_LENGTH))}"


def like(given: Any, canonical: Any) -> Any:
    """``given`` with every number-like string replaced by the number the request model made of it."""
    if isinstance(given, str) and isinstance(canonical, int | float) and not isinstance(canonical, bool):
        return canonical
    if isinstance(given, Mapping) and isinstance(canonical, Mapping):
        return {k: like(v, canonical.get(k)) for k, v in given.items()}
    if isinstance(given, list) and isinstance(canonical, list) and len(given) == len(canonical):
        return [like(g, c) for g, c in zip(given, canonical, strict=True)]
    return given


def member_key(compare: Compare) -> Callable[[Any], Any]:
    """What identifies a member of a set-like input: its canonical rule, or its id."""
    from shared_client.rules import canonical_rule

    return canonical_rule if compare == "rules" else str


def keep_order(kinds: Mapping[str, Compare], old: dict[str, Any], new: dict[str, Any]) -> None:
    """Order set-like inputs (rules, id lists) as they were before, new members last: the engine's diff is
    positional, so a reordered set plus one member then shows as exactly one addition."""
    for key, kind in kinds.items():
        value = new.get(key)
        if kind == "value" or not isinstance(value, list) or not isinstance(old.get(key), list):
            continue
        canon = member_key(kind)
        rank = {canon(v): i for i, v in enumerate(old[key])}
        new[key] = sorted(value, key=lambda v: rank.get(canon(v), len(rank)))


def scrub(text: str, secret_values: list[str]) -> str:
    """``text`` with every secret input value masked."""
    for value in secret_values:
        text = text.replace(value, "[secret]")
    return text


def adopt_message(kind: str, rid: str, fields: list[str]) -> str:
    return (
        f"cannot adopt {kind} {rid!r}: {', '.join(fields)} differ(s) from the existing object and cannot be "
        "changed in place; change the program to match or remove adopt=True"
    )


class BarrackProvider(ResourceProvider):
    """Base class of every Barrack dynamic provider (stateless; configure() fills a process-level holder)."""

    spec: ClassVar[ResourceSpec[Any, Any] | None] = None
    """The shared client's declaration of the kind (label, request model and its field metadata, sub-client)."""
    model_inputs: ClassVar[tuple[str, ...]] = ()
    fields: ClassVar[dict[str, Field]] = {}
    required: ClassVar[tuple[str, ...]] = ()
    alternate_create: ClassVar[str | None] = None
    """An input that makes the object from another one (a clone, a restore): the other inputs are then optional."""
    read_only_keys: ClassVar[tuple[str, ...]] = ()
    """Output-only fields, read from the API's model of the object."""
    kept_outputs: ClassVar[tuple[str, ...]] = ()
    """Outputs made by the provider (not readable from the API), carried over by update and read."""
    default_timeouts: ClassVar[dict[str, float]] = COMMON_TIMEOUTS

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """``model_inputs`` and ``required`` default to the request model's fields and required fields."""
        super().__init_subclass__(**kwargs)
        model = cls.request_model()
        if model is not None and not cls.model_inputs:
            cls.model_inputs = tuple(model.model_fields)
        if model is not None and not cls.required:
            cls.required = tuple(k for k, f in model.model_fields.items() if f.is_required())

    @classmethod
    def label(cls) -> str:
        """The word for users (``"startup script"``)."""
        return cls.spec.label if cls.spec is not None else "resource"

    @classmethod
    def request_model(cls) -> type[RequestModel] | None:
        return cls.spec.create_model if cls.spec is not None else None

    @classmethod
    def field_specs(cls) -> dict[str, FieldSpec]:
        """The shared client's metadata of the request model's fields (none without a model)."""
        from shared_client.fields import field_specs

        model = cls.request_model()
        return field_specs(model) if model is not None else {}

    @classmethod
    def secret_inputs(cls) -> frozenset[str]:
        """Inputs the shared client marks secret (masked in check failures, stored as secrets)."""
        return frozenset(k for k, fs in cls.field_specs().items() if fs.secret)

    @classmethod
    def compare_kinds(cls) -> dict[str, Compare]:
        """How each input is compared: as a value, a set of ids, or a set of rules."""
        from shared_client.fields import Kind

        kinds: dict[str, Compare] = {k: f.compare for k, f in cls.all_fields().items()}
        for key, fs in cls.field_specs().items():
            if key in cls.model_inputs:
                kinds[key] = "rules" if fs.kind is Kind.RULES else "set" if fs.order_insensitive else "value"
        return kinds

    # ----------------------------------------------------------------------------------------- engine methods
    def configure(self, req: ConfigureRequest) -> None:
        """Read the ``barrack:`` stack config (key, URL, auth header and scheme, ...) into the process holder."""
        _credentials.set_config({key: req.config.get(f"barrack:{key}") for key in _credentials.CONFIG_KEYS})

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate every input with the request model (unknown values are never an error) and return the
        inputs as they will be used: auto-name filled in, numbers coerced, sets in the previous order."""
        old, inputs = self.clean(olds), self.clean(news)
        self.auto_name(old, inputs)
        unknown = {k for k, v in inputs.items() if is_unknown(v)}
        if AUTO_NAME in inputs and "name" in self.model_inputs and "name" not in inputs:
            unknown.add("name")  # a stable auto-name made of inputs not known yet (preview)
        failures = self.check_failures(old, inputs, unknown)
        if not failures:
            self.canonical_inputs(inputs, unknown)
            keep_order(self.compare_kinds(), old, inputs)
            if inputs.get("adopt") and not old and not unknown:
                failures = self.adopt_failures(inputs)
            if old and not failures:
                failures = self.replace_failures(old, inputs, unknown)
        secrets = [v for k, v in inputs.items() if k in self.secret_inputs() and isinstance(v, str) and v]
        return CheckResult(inputs, [CheckFailure(f, scrub(m, secrets)) for f, m in failures])

    def check_failures(self, old: dict[str, Any], inputs: dict[str, Any], unknown: set[str]) -> list[tuple[str, str]]:
        """(property, reason) of every problem with ``inputs``; fields still unknown are skipped."""
        failures: list[tuple[str, str]] = []
        known_names = self.input_names()
        failures += [(k, f"unknown input {k!r} for {self.label()}") for k in inputs if k not in known_names]
        failures += [(k, f"{k} is required") for k in self.required_inputs(inputs) if k not in inputs]
        for key, spec in self.all_fields().items():
            if key in inputs and spec.validate is not None and key not in unknown:
                reason = spec.validate(inputs[key])
                if reason:
                    failures.append((key, f"{key} {reason}"))
        reported = {f for f, _ in failures}
        model = self.request_model()
        if model is not None:
            data = {k: v for k, v in self.request_data(inputs).items() if k not in unknown}
            alternate = self.alternate_create in inputs
            for field, msg in validation_errors(model, data):
                if field in unknown or (not field and unknown) or field in reported:
                    continue
                if alternate and field not in data:
                    continue  # made from another object: the rest comes from it
                if field and field not in known_names:
                    field, msg = "", f"{field}: {msg}"
                failures.append((field or self.label(), msg))
        return failures + self.shrink_failures(old, inputs)

    def required_inputs(self, inputs: dict[str, Any]) -> tuple[str, ...]:
        """Inputs that must be set (``name`` is optional: it is auto-named)."""
        required = ("name",) if self.alternate_create in inputs else self.required
        return tuple(k for k in required if not (k == "name" and AUTO_NAME in inputs))

    def auto_name(self, old: dict[str, Any], inputs: dict[str, Any]) -> None:
        """Fill in ``name`` when the program sets none: the name made for this resource before (the old inputs) is
        kept, so previews and updates never rename it; else the stable auto-name (``pulumi_barrack._stable``), or
        ``<resource name>-<7 random chars>`` for a resource declared without an identity (older programs)."""
        prefix = inputs.get(AUTO_NAME)
        if "name" not in self.model_inputs or "name" in inputs or not isinstance(prefix, str):
            return
        if old.get(AUTO_NAME) == prefix and isinstance(old.get("name"), str):
            inputs["name"] = old["name"]
        elif AUTO_NAME_KEY in inputs:
            from pulumi_barrack._stable import stable_auto_name

            name = stable_auto_name(self, inputs)
            if name is not None:
                inputs["name"] = name
        else:
            inputs["name"] = generate_name(prefix)

    def canonical_inputs(self, inputs: dict[str, Any], unknown: set[str]) -> None:
        """Replace request-model inputs by the values the model coerced them to (``"100"`` becomes ``100``) and
        fill in the shared client's rule defaults, so ``preview`` shows the inputs that will be used."""
        from shared_client.rules import rule_with_defaults

        for key, compare in self.compare_kinds().items():
            if compare == "rules" and isinstance(inputs.get(key), list) and key not in unknown:
                inputs[key] = [rule_with_defaults(r) for r in inputs[key]]
        model = self.request_model()
        if model is None or unknown:
            return
        data = self.request_data(inputs)
        try:
            canonical = model(**data).model_dump(mode="json")
        except Exception:  # the failure was reported already (or belongs to a hook's own validation)
            return
        for key in data:
            if key in canonical:
                inputs[key] = like(inputs[key], canonical[key])

    @classmethod
    def shrink_failures(cls, old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str]]:
        """A grow-only field set below its current value (e.g. a volume resized outside Pulumi) is an error at
        check, and never a replace in diff (replacing would destroy the data; the update is refused instead)."""
        if not old:
            return []
        out = []
        for key, fs in cls.field_specs().items():
            before, after = old.get(key), new.get(key)
            if not fs.grow_only or not isinstance(before, int | float) or not isinstance(after, int | float):
                continue
            if after < before:
                reason = (
                    f"{cls.label()} {key} is {before} now and cannot shrink to {after} (it was probably grown outside "
                    f"Pulumi; a replace would destroy the data): set {key} to at least {before} in the program, or "
                    f'add ignore_changes=["{key}"] to the resource options'
                )
                out.append((key, reason))
        return out

    def adopt_failures(self, inputs: dict[str, Any]) -> list[tuple[str, str]]:
        """With ``adopt=True``: create-only fields that differ from the object to adopt (looked up at preview)."""
        try:
            existing = self.find_existing(_credentials.client(), inputs)
        except Exception:  # a failing lookup is reported by create; it must not fail a preview
            return []
        if existing is None:
            return []
        _, replace = self.plan(self.outputs(existing, inputs), inputs)
        return [(k, adopt_message(self.label(), self.object_id(existing, inputs), [k])) for k in replace]

    def diff_plan(self, olds: dict[str, Any], news: dict[str, Any]) -> tuple[list[str], list[str], bool]:
        """(changed, replaced, delete before replace) from old outputs and new inputs; never calls the API. A replace
        is create-before-delete unless :meth:`delete_first` says otherwise, also without a change: a replace the
        engine forces (``up --replace``, ``replace_on_changes``) must follow that order too."""
        old, new = self.clean(olds), self.clean(news)
        changed, replace = self.plan(old, new)
        # a forced replace of an auto-named object would meet its own stable name: that order matters even here
        return changed, replace, (bool(replace) or AUTO_NAME in new) and self.delete_first(old, new, changed)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changed, replace, dbr = self.diff_plan(olds, news)
        return DiffResult(changes=bool(changed), replaces=replace, stables=[], delete_before_replace=dbr)

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Create (or adopt) the object and wait until it is ready; never leaves an unrecorded object behind:
        anything failing after the create succeeded deletes the object again (or says it may remain)."""
        from shared_client import errors

        inputs = self.clean(props)
        c = _credentials.client()
        if inputs.get("adopt"):
            existing = self.find_existing(c, inputs)
            if existing is not None:
                from pulumi_barrack._stable import remember_adopted

                rid = self.object_id(existing, inputs)
                outs = self.outputs(self.adopt_existing(c, rid, existing, inputs), inputs)
                remember_adopted(self.label(), rid)  # a forced replace adopting its own object must not delete it
                return CreateResult(rid, outs)
        dl = self.deadline(inputs, "create")
        from pulumi_barrack._stable import adopt_interrupted

        adopted = adopt_interrupted(self, c, inputs, dl)  # a stable auto-name: made by an interrupted run?
        if adopted is not None:
            return CreateResult(adopted[0], self.outputs(adopted[1], inputs))
        try:
            model = self.create_object(c, inputs)
        except errors.Conflict as exc:
            adopted = adopt_interrupted(self, c, inputs, dl)
            if adopted is None:
                raise BarrackProviderError(
                    f"a {self.label()} named {inputs.get('name')!r} already exists outside this stack ({exc}); it may "
                    "have been created by an interrupted `pulumi up`. To take it over, set adopt=True on this "
                    "resource and run `pulumi up` again; otherwise choose another name or delete the existing one"
                ) from None
            return CreateResult(adopted[0], self.outputs(adopted[1], inputs))
        rid = self.object_id(model, inputs)
        try:
            return CreateResult(rid, self.outputs(self.settle(c, rid, model, inputs, dl), inputs))
        except Exception as exc:
            raise self._cleanup_failed_create(c, rid, inputs, exc) from exc

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Re-read the object: outputs and inputs as the server has them (without inputs, as for ``Resource.get``,
        every input it reports); gone → dropped from state."""
        from shared_client import errors

        given = self.clean(props)
        try:
            model = self.get_object(_credentials.client(), id_, given)
        except errors.NotFound:
            model = None
        if model is None:
            return ReadResult(None, {})
        outs = self.outputs(model, given)
        names = self.input_names() - set(COMMON_FIELDS)
        keys = given if names & set(given) else names
        inputs = {k: outs[k] for k in self.input_names() if k in keys and outs.get(k) is not None}
        return ReadResult(id_, outs, inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Apply in-place changes and return the full outputs (provider-made outputs are kept)."""
        old, new = self.clean(olds), self.clean(news)
        c = _credentials.client()
        self._apply_changes(c, id_, old, new, self.plan(old, new)[0])
        kept = {k: old[k] for k in self.kept_outputs if k in old}
        return UpdateResult(self.outputs(self.get_object(c, id_, new), {**new, **kept}))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Delete and wait until gone; an object that is already gone counts as deleted."""
        given = self.clean(props)
        from pulumi_barrack._stable import adopted_here

        if adopted_here(self.label(), id_):
            print(f"warning: {self.label()} {id_} is not deleted: its replacement took it over", file=sys.stderr)
            return
        self.delete_object(_credentials.client(), id_, given, self.deadline(given, "delete"))

    # ----------------------------------------------------------------------------------------- helpers
    @staticmethod
    def clean(props: Mapping[str, Any]) -> dict[str, Any]:
        """Drop ``__provider`` and ``None`` values; integral floats become ints."""
        return {k: coerce(v) for k, v in props.items() if k != PROVIDER_KEY and v is not None}

    @classmethod
    def all_fields(cls) -> dict[str, Field]:
        return {**COMMON_FIELDS, **cls.fields}

    @classmethod
    def input_names(cls) -> set[str]:
        return set(cls.model_inputs) | set(cls.all_fields())

    @classmethod
    def mode(cls, key: str) -> Mode:
        """How a change of ``key`` is applied: in place, by replacement, or locally (no API call)."""
        spec = cls.all_fields().get(key)
        if spec is not None:
            return spec.mode
        from shared_client.fields import FieldMode

        fs = cls.field_specs().get(key) if key in cls.model_inputs else None
        return "update" if fs is not None and fs.mode == FieldMode.UPDATABLE else "replace"

    @classmethod
    def plan(cls, old: dict[str, Any], new: dict[str, Any]) -> tuple[list[str], list[str]]:
        """(changed, replace) for the managed inputs in ``new``; unknown inputs count as changed (and replace
        when their field is create-only). A change the API cannot make in place (e.g. shrinking a volume) is a
        replace."""
        changed: list[str] = []
        forced: list[str] = []
        model_keys: list[str] = []
        for key, value in new.items():
            if key not in cls.input_names() or key == AUTO_NAME_KEY:  # identity only: never a change
                continue
            if is_unknown(value):
                changed.append(key)
            elif key in cls.all_fields():
                if not cls.same(key, old.get(key), value):
                    changed.append(key)
            else:
                model_keys.append(key)
        model_changed, forced = cls._model_changes(old, new, model_keys)
        changed = cls.adjust_changes(old, new, sorted(set(changed) | set(model_changed)))
        replace = sorted({k for k in changed if cls.mode(k) == "replace"} | set(forced) & set(changed))
        return changed, replace

    @classmethod
    def _model_changes(cls, old: dict[str, Any], new: dict[str, Any], keys: list[str]) -> tuple[list[str], list[str]]:
        """(changed, forced replaces) of request-model fields, by the shared client's field metadata."""
        model = cls.request_model()
        if not keys or model is None:
            return [], []
        from shared_client import errors
        from shared_client.plan import plan_changes

        olds = dict(old)  # every old output: the fields a change may depend on (the tier of an update) included
        news = {k: new[k] for k in keys}
        added = [k for k in news if k not in olds]  # newly set input: a change
        try:
            return plan_changes(model, olds, news).changed + added, []
        except errors.ValidationError as exc:
            refused = [str(k).split(".")[0] for k in exc.field_errors or {}]
            shrunk = {k for k, _ in cls.shrink_failures(old, new)}  # refused by the update, never replaced
            rest = {k: v for k, v in news.items() if k not in refused}
            return plan_changes(model, olds, rest).changed + added + refused, [f for f in refused if f not in shrunk]

    @classmethod
    def same(cls, key: str, old: Any, new: Any) -> bool:
        from shared_client.normalise import sorted_ids
        from shared_client.rules import canonical_rules

        spec = cls.all_fields()[key]
        if spec.compare == "rules":
            return canonical_rules(old) == canonical_rules(new)
        if spec.compare == "set":
            return sorted_ids(old) == sorted_ids(new)
        return bool(old == new)

    def deadline(self, inputs: Mapping[str, Any], op: str) -> Deadline:
        """One deadline for every step of ``op`` (``timeouts.<op>`` or the resource's default)."""
        t = inputs.get("timeouts")
        if isinstance(t, Mapping) and isinstance(t.get(op), int | float) and not isinstance(t.get(op), bool):
            return Deadline(float(t[op]))
        return Deadline(float(self.default_timeouts.get(op, 600.0)))

    def _cleanup_failed_create(self, c: BarrackClient, rid: str, inputs: dict[str, Any], exc: Exception) -> Exception:
        what = f"{self.label()} {rid!r}"
        try:
            self.delete_object(c, rid, inputs, self.deadline(inputs, "delete"))
        except Exception as del_exc:
            return BarrackProviderError(
                f"{what} was created but did not become ready: {exc}. Deleting it also failed ({del_exc}); it may "
                f"still exist: delete it, or run `pulumi up` again with adopt=True to take it over."
            )
        return BarrackProviderError(f"{what} was created but did not become ready: {exc}. It was deleted again.")

    def adopt_existing(self, c: BarrackClient, rid: str, existing: ReadModel, inputs: dict[str, Any]) -> ReadModel:
        """Take over an existing object: create-only differences are an error, updatable ones are applied."""
        current = self.outputs(existing, inputs)
        changed, replace = self.plan(current, inputs)
        if replace:
            raise BarrackProviderError(adopt_message(self.label(), rid, replace))
        return self.get_object(c, rid, inputs) if self._apply_changes(c, rid, current, inputs, changed) else existing

    def _apply_changes(
        self, c: BarrackClient, rid: str, old: dict[str, Any], new: dict[str, Any], changed: list[str]
    ) -> bool:
        """Apply the in-place (API) changes among ``changed``; whether there were any."""
        api_changes = [k for k in changed if self.mode(k) == "update" and k != "schema_version"]
        if api_changes:
            self.apply_updates(c, rid, old, new, api_changes, self.deadline(new, "update"))
        return bool(api_changes)

    # ----------------------------------------------------------------------------------------- hooks
    def delete_first(self, old: dict[str, Any], new: dict[str, Any], changed: list[str]) -> bool:
        """Whether a replacement must delete the old object before creating the new one (default: the name is
        kept, or the new stable auto-name is the old object's name; names are unique)."""
        if "name" not in self.model_inputs or "name" in changed:
            return False
        if AUTO_NAME not in new:
            return True
        from pulumi_barrack._stable import stable_auto_name

        return isinstance(old.get("name"), str) and stable_auto_name(self, new) == old["name"]

    def replace_failures(self, old: dict[str, Any], inputs: dict[str, Any], unknown: set[str]) -> list[tuple[str, str]]:
        """Problems known before a replacement starts (e.g. a delete-first replace whose create would fail)."""
        return []

    def request_data(self, inputs: dict[str, Any]) -> dict[str, Any]:
        """The request-model payload for ``inputs`` (default: the model inputs that are set)."""
        return {k: inputs[k] for k in self.model_inputs if k in inputs}

    @classmethod
    def adjust_changes(cls, old: dict[str, Any], new: dict[str, Any], changed: list[str]) -> list[str]:
        return changed

    def find_existing(self, c: BarrackClient, inputs: dict[str, Any]) -> ReadModel | None:
        raise NotImplementedError

    def object_id(self, model: ReadModel, inputs: dict[str, Any]) -> str:
        """The id of the object: a resource's ``id`` (relation providers, whose objects have none, override this)."""
        from shared_client.models.base import ResourceModel

        if not isinstance(model, ResourceModel):
            raise NotImplementedError(f"{type(self).__name__} must say what the id of a {type(model).__name__} is")
        return str(model.id)

    def create_object(self, c: BarrackClient, inputs: dict[str, Any]) -> ReadModel:
        raise NotImplementedError

    def settle(self, c: BarrackClient, rid: str, model: ReadModel, inputs: dict[str, Any], dl: Deadline) -> ReadModel:
        return model

    def get_object(self, c: BarrackClient, rid: str, given: dict[str, Any]) -> ReadModel:
        raise NotImplementedError

    def apply_updates(
        self, c: BarrackClient, rid: str, old: dict[str, Any], new: dict[str, Any], changed: list[str], dl: Deadline
    ) -> None:
        raise BarrackProviderError(f"{self.label()} cannot change {', '.join(changed)} in place")

    def delete_object(self, c: BarrackClient, rid: str, given: dict[str, Any], dl: Deadline) -> None:
        raise NotImplementedError

    def server_inputs(self, model: ReadModel) -> dict[str, Any]:
        """Input-named values as the server reports them (missing = the server does not report that input)."""
        return pick(model_dict(model), *self.model_inputs)

    def read_only(self, model: ReadModel) -> dict[str, Any]:
        """Output-only fields of ``model``."""
        return pick(model_dict(model), *self.read_only_keys)

    @classmethod
    def output_names(cls) -> set[str]:
        """Every output (the resource class declares them as attributes)."""
        return cls.input_names() | set(cls.read_only_keys) | set(cls.kept_outputs)

    def outputs(self, model: ReadModel, given: dict[str, Any]) -> dict[str, Any]:
        """Read-only fields + every given input: a reported input keeps the given spelling while the server's value
        is equivalent (same set, same canonical CIDR...), else takes the server's (drift), so a refresh with no
        outside change returns exactly the previous outputs and inputs."""
        server = {k: v for k, v in self.server_inputs(model).items() if v is not None}
        outs = dict(self.read_only(model))
        context = {k: v for k, v in {**outs, **server}.items() if v is not None}  # what a comparison may depend on
        if self.alternate_create in given or not (self.input_names() - set(COMMON_FIELDS)) & set(given):
            given = {**server, **given}  # made from another object, or Resource.get: report what the server has
        for key in self.input_names():
            if key not in given:
                continue
            if key in server and not self._equivalent(key, server[key], given[key], context):
                outs[key] = server[key]
            else:
                outs[key] = given[key]
        outs.update({k: given.get(k) for k in self.kept_outputs})
        return outs

    @classmethod
    def _equivalent(cls, key: str, server_value: Any, given_value: Any, context: dict[str, Any]) -> bool:
        if server_value == given_value:
            return True
        changed, _ = cls.plan({**context, key: server_value}, {key: given_value})
        return key not in changed


def model_dict(model: ReadModel) -> dict[str, Any]:
    """A read model as a JSON-ready dict (wire names)."""
    return model.to_dict()


def pick(data: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    """The given keys of ``data`` (missing keys become ``None``)."""
    return {k: data.get(k) for k in keys}


class CrudProvider(BarrackProvider):
    """A provider for an object with its own sub-client (``c.<spec.kind>``): create, get, wait, delete and every
    in-place change by the shared client's workflows and its plan / apply (the kind's one update order)."""

    create_options: ClassVar[dict[str, Any]] = {}

    def sub(self, c: BarrackClient) -> ResourceClient[ResourceModel, RequestModel]:
        assert self.spec is not None, f"{type(self).__name__} names no spec"
        sub: ResourceClient[ResourceModel, RequestModel] = getattr(c, self.spec.kind)
        return sub

    def find_existing(self, c: BarrackClient, inputs: dict[str, Any]) -> ReadModel | None:
        sub = self.sub(c)
        return sub.find_by_name(inputs["name"], inputs.get("region") if sub.spec.name_scope == "region" else None)

    def create_object(self, c: BarrackClient, inputs: dict[str, Any]) -> ReadModel:
        """Create through the sub-client; after an ``adopt`` look-up found nothing, a concurrent twin converges."""
        data = self.request_data(inputs)
        return self.sub(c).create(adopt_concurrent=bool(inputs.get("adopt")), **self.create_options, **data)

    def settle(self, c: BarrackClient, rid: str, model: ReadModel, inputs: dict[str, Any], dl: Deadline) -> ReadModel:
        sub = self.sub(c)
        return sub.wait_ready(rid, deadline=dl) if sub.spec.ready else model

    def get_object(self, c: BarrackClient, rid: str, given: dict[str, Any]) -> ResourceModel:
        return self.sub(c).get(rid)

    def apply_updates(
        self, c: BarrackClient, rid: str, old: dict[str, Any], new: dict[str, Any], changed: list[str], dl: Deadline
    ) -> None:
        """The client's plan from the object as it is now to the inputs, applied in the kind's update order
        (volume changes stop and restore the instance when needed)."""
        from shared_client import errors

        sub = self.sub(c)
        current = sub.get(rid)
        data = self.request_data(new)
        try:
            desired = sub.desired(data)
        except errors.ValidationError:  # made from another object (a restore): the inputs passed check() already
            desired = sub.create_model.model_construct(**data)
        plan = sub.plan(current, desired, purge=True, stop_if_needed=True)
        if plan.replace_fields:
            raise BarrackProviderError(f"{self.label()} cannot change {', '.join(plan.replace_fields)} in place")
        sub.apply(rid, plan, deadline=dl)

    def delete_object(self, c: BarrackClient, rid: str, given: dict[str, Any], dl: Deadline) -> None:
        self.sub(c).delete(rid, wait=True, deadline=dl)


class RelationProvider(CrudProvider):
    """A provider for a relation kind (an attachment, a rule): found, created, waited for, changed, read and deleted
    by its sub-client (a ``RelationClient``); the id is the relation's ``resource_id``."""

    def relations(self, c: BarrackClient) -> RelationClient[ReadModel, RequestModel]:
        assert self.spec is not None, f"{type(self).__name__} names no spec"
        sub: RelationClient[ReadModel, RequestModel] = getattr(c, self.spec.kind)
        return sub

    @staticmethod
    def relation_data(sub: RelationClient[ReadModel, RequestModel], inputs: dict[str, Any]) -> dict[str, Any]:
        """The sub-client's request for ``inputs`` (the ids of both ends included)."""
        return {k: v for k, v in inputs.items() if k in sub.create_model.model_fields}

    def find_existing(self, c: BarrackClient, inputs: dict[str, Any]) -> ReadModel | None:
        sub = self.relations(c)
        return sub.find(sub.desired(self.relation_data(sub, inputs)))

    def object_id(self, model: ReadModel, inputs: dict[str, Any]) -> str:
        return str(getattr(model, "resource_id"))  # noqa: B009 (each relation model has one; ReadModel has none)

    def create_object(self, c: BarrackClient, inputs: dict[str, Any]) -> ReadModel:
        """Send the create (with ``adopt``, after :meth:`find_existing` found nothing, a concurrent twin converges)."""
        sub, stop, adopt = self.relations(c), bool(inputs.get("stop_if_needed")), bool(inputs.get("adopt"))
        plan = sub.plan(None, self.relation_data(sub, inputs), stop_if_needed=stop, adopt_concurrent=adopt)
        return sub.apply(None, plan, wait=False, deadline=self.deadline(inputs, "create")).obj

    def settle(self, c: BarrackClient, rid: str, model: ReadModel, inputs: dict[str, Any], dl: Deadline) -> ReadModel:
        return self.relations(c).wait_applied(model, deadline=dl)

    def server_inputs(self, model: ReadModel) -> dict[str, Any]:
        return {k: v for k, v in model.current_values().items() if k in self.input_names()}

    def delete_object(self, c: BarrackClient, rid: str, given: dict[str, Any], dl: Deadline) -> None:
        self.relations(c).delete(rid, wait=True, deadline=dl)
