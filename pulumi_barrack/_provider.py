"""The generic Barrack dynamic provider: check/diff/create/read/update/delete driven by field metadata.

A concrete provider declares its request model (the shared client's ``*Create`` model), any extra inputs and a
few hooks (create, get, find by name, apply updates, delete, outputs). Provider objects hold no instance state at
all, so they pickle to a tiny by-reference blob and are safe to share between the engine's 4 worker threads.
Credentials live in :mod:`pulumi_barrack._credentials`, never on the provider.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

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

PROVIDER_KEY = "__provider"
Mode = Literal["update", "replace", "local"]
Compare = Literal["value", "set", "rules"]
Validator = Callable[[Any], "str | None"]

BUSY_STATUSES = frozenset(
    {"creating", "build", "pending", "starting", "stopping", "rebooting", "hibernating", "restoring", "attaching"}
)
"""Statuses (lower-cased) in which an object cannot be deleted yet."""

COMMON_TIMEOUTS = {"create": 600.0, "update": 600.0, "delete": 600.0}


class BarrackProviderError(Exception):
    """A provider failure with a message meant for the Pulumi user."""


@dataclass(frozen=True)
class Field:
    """An input that is not (or not only) described by the request model's field metadata."""

    mode: Mode
    compare: Compare = "value"
    validate: Validator | None = None


def _is_bool(v: Any) -> str | None:
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
    """Validator: a non-empty string."""
    return None if isinstance(v, str) and v.strip() else "must be a non-empty string"


def str_list(v: Any) -> str | None:
    """Validator: a list of non-empty strings."""
    if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
        return "must be a list of non-empty strings"
    return None


COMMON_FIELDS: dict[str, Field] = {
    "adopt": Field("local", validate=_is_bool),
    "timeouts": Field("local", validate=_is_timeouts),
    "schema_version": Field("update", validate=_is_schema_version),
}


def validation_errors(model: type[Any], data: dict[str, Any]) -> list[tuple[str, str]]:
    """Validate ``data`` with a shared-client request model: (top-level field or "", message) pairs."""
    from shared_client import errors

    try:
        model(**data)
    except errors.ValidationError as exc:
        fe = getattr(exc, "field_errors", None) or {}
        if not fe:
            return [("", str(exc))]
        out = []
        for path, msgs in fe.items():
            top = "" if path in ("", "__root__") else str(path).split(".")[0]
            text = "; ".join(msgs) if isinstance(msgs, list) else str(msgs)
            out.append((top, f"{path}: {text}" if top else text))
        return out
    return []


def rule_list_errors(key: str, rules: Any) -> list[str]:
    """Validate a list of rules element by element with the shared client's ``RuleSpec``."""
    from shared_client.models import RuleSpec

    if not isinstance(rules, list):
        return [f"{key} must be a list of rules"]
    out = []
    for i, rule in enumerate(rules):
        if not isinstance(rule, Mapping):
            out.append(f"{key}[{i}] must be a mapping with the rule fields")
            continue
        for field, msg in validation_errors(RuleSpec, dict(rule)):
            out.append(f"{key}[{i}].{msg}" if field else f"{key}[{i}]: {msg}")
    return out


class BarrackProvider(ResourceProvider):
    """Base class of every Barrack dynamic provider (stateless; configure() fills a process-level holder)."""

    kind: ClassVar[str] = "resource"
    request_model_name: ClassVar[str | None] = None
    """Name of the shared client's request model in ``shared_client.models`` (e.g. ``"VolumeCreate"``)."""
    model_inputs: ClassVar[tuple[str, ...]] = ()
    fields: ClassVar[dict[str, Field]] = {}
    required: ClassVar[tuple[str, ...]] = ()
    unique_name: ClassVar[bool] = False
    default_timeouts: ClassVar[dict[str, float]] = COMMON_TIMEOUTS
    cleanup_on_failure: ClassVar[bool] = True

    @classmethod
    def request_model(cls) -> type[Any] | None:
        """The shared client's request model class, or None."""
        if cls.request_model_name is None:
            return None
        from shared_client import models

        return getattr(models, cls.request_model_name)  # type: ignore[no-any-return]

    @classmethod
    def rule_list_fields(cls) -> list[str]:
        """Request-model inputs holding rule lists (validated rule by rule so errors name the index)."""
        model = cls.request_model()
        if model is None:
            return []
        from shared_client.fields import Kind, field_specs

        return [k for k, fs in field_specs(model).items() if fs.kind is Kind.RULES and k in cls.model_inputs]

    # ----------------------------------------------------------------------------------------- engine methods
    def configure(self, req: ConfigureRequest) -> None:
        """Read ``barrack:apiKey`` / ``barrack:apiUrl`` into the process-level credential holder."""
        _credentials.configure_from(req.config)

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate every input with the request model; unknown values are never an error."""
        inputs = self.clean(news)
        failures: list[CheckFailure] = []
        known_names = self.input_names()
        for key in inputs:
            if key not in known_names:
                failures.append(CheckFailure(key, f"unknown input {key!r} for {self.kind}"))
        for key in self.required:
            if key not in inputs:
                failures.append(CheckFailure(key, f"{key} is required"))
        for key, spec in self.all_fields().items():
            if key in inputs and spec.validate is not None and not is_unknown(inputs[key]):
                reason = spec.validate(inputs[key])
                if reason:
                    failures.append(CheckFailure(key, f"{key} {reason}"))
        unknown = {k for k, v in inputs.items() if is_unknown(v)}
        reported = {f.property for f in failures}
        model = self.request_model()
        if model is not None:
            data = self.request_data(inputs)
            data = {k: v for k, v in data.items() if k not in unknown}
            for key in self.rule_list_fields():
                if key in data:
                    failures += [CheckFailure(key, msg) for msg in rule_list_errors(key, data.pop(key))]
                    reported.add(key)
            for field, msg in validation_errors(model, data):
                if field in unknown or (not field and unknown) or field in reported:
                    continue
                if field and field not in known_names:
                    field, msg = "", f"{field}: {msg}"
                failures.append(CheckFailure(field or self.kind, msg))
        for field, msg in self.check_more(inputs, unknown):
            failures.append(CheckFailure(field, msg))
        return CheckResult(inputs, failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Compare old outputs with new inputs using field metadata; never calls the API."""
        changed, replace = self.plan(self.clean(olds), self.clean(news))
        if not changed:
            return DiffResult(changes=False, replaces=[], stables=[], delete_before_replace=False)
        dbr = bool(replace) and self.unique_name and "name" not in changed
        return DiffResult(changes=True, replaces=replace, stables=[], delete_before_replace=dbr)

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Create (or adopt) the object, wait until it is ready; never leaves an unrecorded object behind."""
        inputs = self.clean(props)
        c = _credentials.client()
        if inputs.get("adopt"):
            existing = self.find_existing(c, inputs)
            if existing is not None:
                rid = self.object_id(existing, inputs)
                model = self.adopt_existing(c, rid, existing, inputs)
                return CreateResult(rid, self.outputs(model, inputs))
        deadline = time.monotonic() + self.timeout(inputs, "create")
        model = self.create_object(c, inputs)
        rid = self.object_id(model, inputs)
        try:
            model = self.settle(c, rid, model, inputs, deadline)
        except Exception as exc:
            raise self._cleanup_failed_create(c, rid, inputs, exc) from exc
        return CreateResult(rid, self.outputs(model, inputs))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Re-read the object: outputs and inputs as the server has them; gone → dropped from state."""
        from shared_client import errors

        given = self.clean(props)
        try:
            model = self.get_object(_credentials.client(), id_, given)
        except errors.NotFound:
            model = None
        if model is None:
            return ReadResult(None, {})
        outs = self.outputs(model, given)
        inputs = {k: outs[k] for k in self.input_names() if k in given and outs.get(k) is not None}
        return ReadResult(id_, outs, inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Apply in-place changes and return the full outputs."""
        old, new = self.clean(olds), self.clean(news)
        changed, _ = self.plan(old, new)
        c = _credentials.client()
        deadline = time.monotonic() + self.timeout(new, "update")
        api_changes = [k for k in changed if self.mode(k) == "update" and k != "schema_version"]
        if api_changes:
            self.apply_updates(c, id_, old, new, api_changes, deadline)
        return UpdateResult(self.outputs(self.get_object(c, id_, new), new))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Delete and wait until gone; an object that is already gone counts as deleted."""
        given = self.clean(props)
        self.delete_object(_credentials.client(), id_, given, time.monotonic() + self.timeout(given, "delete"))

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
        model = cls.request_model()
        if model is not None and key in cls.model_inputs:
            from shared_client.fields import FieldMode, field_specs

            fs = field_specs(model).get(key)
            if fs is not None and fs.mode == FieldMode.UPDATABLE:
                return "update"
        return "replace"

    @classmethod
    def plan(cls, old: dict[str, Any], new: dict[str, Any]) -> tuple[list[str], list[str]]:
        """(changed, replace) for the managed inputs in ``new``; unknown inputs count as changed (and replace
        when their field is create-only). A change the API cannot make in place (e.g. shrinking a volume) is a
        replace."""
        changed: list[str] = []
        forced: list[str] = []
        model_keys: list[str] = []
        for key, value in new.items():
            if key not in cls.input_names():
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
        from shared_client.fields import plan_changes

        olds = {k: old[k] for k in keys if k in old}
        news = {k: new[k] for k in keys}
        if "tier" in old:
            olds["tier"] = old["tier"]
        added = [k for k in news if k not in olds]  # newly set input: a change
        try:
            return plan_changes(model, olds, news).changed + added, []
        except errors.ValidationError as exc:
            forced = [str(k).split(".")[0] for k in (exc.field_errors or {})]
            rest = {k: v for k, v in news.items() if k not in forced}
            return plan_changes(model, olds, rest).changed + added + forced, forced

    @classmethod
    def same(cls, key: str, old: Any, new: Any) -> bool:
        from pulumi_barrack import _values as norm

        spec = cls.all_fields()[key]
        if spec.compare == "rules":
            return norm.canonical_rules(old) == norm.canonical_rules(new)
        if spec.compare == "set":
            return norm.sorted_ids(old) == norm.sorted_ids(new)
        return bool(old == new)

    def timeout(self, inputs: Mapping[str, Any], op: str) -> float:
        t = inputs.get("timeouts")
        if isinstance(t, Mapping) and isinstance(t.get(op), int | float) and not isinstance(t.get(op), bool):
            return float(t[op])
        return float(self.default_timeouts.get(op, 600.0))

    def _cleanup_failed_create(self, c: Any, rid: str, inputs: dict[str, Any], exc: Exception) -> Exception:
        what = f"{self.kind} {rid!r}"
        if not self.cleanup_on_failure:
            return BarrackProviderError(
                f"{what} was created but did not become ready: {exc}. It was kept; run `pulumi up` again with "
                "adopt=True to take it over, or delete it."
            )
        try:
            self.delete_object(c, rid, inputs, time.monotonic() + self.timeout(inputs, "delete"))
        except Exception as del_exc:
            return BarrackProviderError(
                f"{what} was created but did not become ready: {exc}. Deleting it also failed ({del_exc}); it may "
                f"still exist: delete it, or run `pulumi up` again with adopt=True to take it over."
            )
        return BarrackProviderError(f"{what} was created but did not become ready: {exc}. It was deleted again.")

    def adopt_existing(self, c: Any, rid: str, existing: Any, inputs: dict[str, Any]) -> Any:
        """Take over an existing object: create-only differences are an error, updatable ones are applied."""
        current = self.outputs(existing, inputs)
        changed, replace = self.plan(current, inputs)
        if replace:
            raise BarrackProviderError(
                f"cannot adopt {self.kind} {rid!r}: {', '.join(replace)} differ(s) from the existing object and "
                "cannot be changed in place; change the program to match or remove adopt=True"
            )
        api_changes = [k for k in changed if self.mode(k) == "update" and k != "schema_version"]
        if api_changes:
            deadline = time.monotonic() + self.timeout(inputs, "update")
            self.apply_updates(c, rid, current, inputs, api_changes, deadline)
            return self.get_object(c, rid, inputs)
        return existing

    @staticmethod
    def remaining(deadline: float) -> float:
        """Seconds left before ``deadline`` (at least a small positive number so waiters report a timeout)."""
        return max(deadline - time.monotonic(), 0.001)

    # ----------------------------------------------------------------------------------------- hooks
    def request_data(self, inputs: dict[str, Any]) -> dict[str, Any]:
        """The request-model payload for ``inputs`` (default: the model inputs that are set)."""
        return {k: inputs[k] for k in self.model_inputs if k in inputs}

    def check_more(self, inputs: dict[str, Any], unknown: set[str]) -> list[tuple[str, str]]:
        """Extra cross-field checks: (property, reason) pairs."""
        return []

    @classmethod
    def adjust_changes(cls, old: dict[str, Any], new: dict[str, Any], changed: list[str]) -> list[str]:
        return changed

    @classmethod
    def extra_replaces(cls, old: dict[str, Any], new: dict[str, Any], changed: list[str]) -> list[str]:
        """Updatable fields whose particular change still needs a replace (e.g. shrinking a volume)."""
        return []

    def find_existing(self, c: Any, inputs: dict[str, Any]) -> Any:
        raise NotImplementedError

    def object_id(self, model: Any, inputs: dict[str, Any]) -> str:
        return str(model.id)

    def create_object(self, c: Any, inputs: dict[str, Any]) -> Any:
        raise NotImplementedError

    def settle(self, c: Any, rid: str, model: Any, inputs: dict[str, Any], deadline: float) -> Any:
        return model

    def get_object(self, c: Any, rid: str, given: dict[str, Any]) -> Any:
        raise NotImplementedError

    def apply_updates(
        self, c: Any, rid: str, old: dict[str, Any], new: dict[str, Any], changed: list[str], deadline: float
    ) -> None:
        raise BarrackProviderError(f"{self.kind} cannot change {', '.join(changed)} in place")

    def delete_object(self, c: Any, rid: str, given: dict[str, Any], deadline: float) -> None:
        raise NotImplementedError

    def server_inputs(self, model: Any) -> dict[str, Any]:
        """Input-named values as the server reports them (missing = the server does not report that input)."""
        return {}

    def read_only(self, model: Any) -> dict[str, Any]:
        """Output-only fields of ``model``."""
        return {}

    def outputs(self, model: Any, given: dict[str, Any]) -> dict[str, Any]:
        """Full outputs: read-only fields + every given input.

        An input the server reports keeps the given spelling while the server's value is equivalent (same
        set, same canonical CIDR, ...), and becomes the server's value when it differs (drift). So a refresh
        with no outside change returns exactly the previous outputs and inputs.
        """
        server = {k: v for k, v in self.server_inputs(model).items() if v is not None}
        outs = dict(self.read_only(model))
        context = {k: outs[k] for k in ("tier", "region") if outs.get(k) is not None}
        for key in self.input_names():
            if key not in given:
                continue
            if key in server and not self._equivalent(key, server[key], given[key], context):
                outs[key] = server[key]
            else:
                outs[key] = given[key]
        return outs

    @classmethod
    def _equivalent(cls, key: str, server_value: Any, given_value: Any, context: dict[str, Any]) -> bool:
        if server_value == given_value:
            return True
        old = {**context, key: server_value}
        changed, _ = cls.plan(old, {**{k: v for k, v in context.items() if k == "region"}, key: given_value})
        return key not in changed


def model_dict(model: Any) -> dict[str, Any]:
    """A read model as a JSON-ready dict (wire names)."""
    if hasattr(model, "to_dict"):
        return dict(model.to_dict())
    if hasattr(model, "model_dump"):
        return dict(model.model_dump(mode="json"))
    return dict(model)


def pick(data: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    """The given keys of ``data`` (missing keys become ``None``)."""
    return {k: data.get(k) for k in keys}


class CrudProvider(BarrackProvider):
    """A provider for an object with its own sub-client (``c.<sub_client>``): create, get, wait, delete."""

    sub_client: ClassVar[str] = ""
    ready_status: ClassVar[str | frozenset[str] | None] = None
    find_in_region: ClassVar[bool] = False

    def sub(self, c: Any) -> Any:
        return getattr(c, self.sub_client)

    def find_existing(self, c: Any, inputs: dict[str, Any]) -> Any:
        region = inputs.get("region") if self.find_in_region else None
        if region is not None:
            return self.sub(c).find_by_name(inputs["name"], region=region)
        return self.sub(c).find_by_name(inputs["name"])

    def create_object(self, c: Any, inputs: dict[str, Any]) -> Any:
        model = self.request_model()
        assert model is not None
        return self.sub(c).create(model(**self.request_data(inputs)))

    def settle(self, c: Any, rid: str, model: Any, inputs: dict[str, Any], deadline: float) -> Any:
        if self.ready_status is None:
            return model
        status = set(self.ready_status) if isinstance(self.ready_status, frozenset) else self.ready_status
        return self.sub(c).wait_for(rid, status, timeout=self.remaining(deadline))

    def get_object(self, c: Any, rid: str, given: dict[str, Any]) -> Any:
        return self.sub(c).get(rid)

    def delete_object(self, c: Any, rid: str, given: dict[str, Any], deadline: float) -> None:
        from shared_client import errors

        try:
            self.sub(c).delete(rid, missing_ok=True)
        except errors.InvalidState:
            # Still being created (or mid-transition): wait until it settles, then delete.
            if not self._wait_settled(c, rid, deadline):
                return
            self.sub(c).delete(rid, missing_ok=True)
        self.sub(c).wait_deleted(rid, timeout=self.remaining(deadline))

    def _wait_settled(self, c: Any, rid: str, deadline: float) -> bool:
        """Wait until the object is in no transitional status; False when it disappeared meanwhile."""
        from shared_client import errors

        def settled(m: Any) -> bool:
            return str(model_dict(m).get("status") or "").lower() not in BUSY_STATUSES

        try:
            self.sub(c).wait_for(rid, settled, timeout=self.remaining(deadline))
        except errors.ResourceFailed:
            return True  # ERROR: deletable
        except errors.NotFound:
            return False
        return True
