# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""Shared plumbing of the barrack.cloud modules: options, the client, errors, the generic resource driver
(:class:`BarrackResource`) and the info runners (:func:`run_info`, :func:`run_resource_info`)."""

from __future__ import annotations

import contextlib
import copy
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any, NoReturn

from ansible.module_utils.basic import (  # type: ignore[import-untyped]  # ansible-core ships no type hints
    AnsibleModule,
    env_fallback,
    missing_required_lib,
)

if TYPE_CHECKING:
    from shared_client.models.base import ReadModel, RequestModel, ResourceModel
    from shared_client.plan import Plan
    from shared_client.resources.base import ResourceClient
    from shared_client.specs import ResourceSpec

try:
    from shared_client import BarrackClient, __version__, errors, vocabulary
    from shared_client.waiting import Deadline

    # pydantic: a missing one fails here, not later; it is imported only when a module needs models (info modules
    # read plain objects and never import it)
    if find_spec("pydantic") is None:
        raise ImportError("No module named 'pydantic'")

    HAS_BARRACK_CLIENT = True
    BARRACK_CLIENT_IMPORT_ERROR = None
    BARRACK_CLIENT_IMPORT_CAUSE = ""
except Exception as import_exc:  # pylint: disable=broad-exception-caught  # any failure is reported with its cause
    HAS_BARRACK_CLIENT = False
    BARRACK_CLIENT_IMPORT_ERROR = traceback.format_exc()
    BARRACK_CLIENT_IMPORT_CAUSE = f"{type(import_exc).__name__}: {import_exc}"

COLLECTION_VERSION = __version__ if HAS_BARRACK_CLIENT else "unknown"  # one version: the client's (vendored)
USER_AGENT = f"barrack-ansible/{COLLECTION_VERSION}"
REQUIREMENTS = "httpx and pydantic (pip install -r requirements.txt of the barrack.cloud collection)"


# module option -> ClientSettings field (unset options fall back to the client's environment variables and defaults)
CONNECTION_SETTINGS = {
    "api_key": "api_key",
    "api_url": "base_url",
    "api_timeout": "timeout",
    "api_retries": "max_attempts",
    "validate_certs": "verify",
    "auth_header": "auth_header",
    "auth_scheme": "auth_scheme",
    "allow_insecure_http": "allow_insecure_http",
}


# --------------------------------------------------------------------------------------------------- options
def common_argument_spec() -> dict[str, Any]:
    """The options of every module (doc fragment ``barrack.cloud.barrack``; ``module_defaults`` may set any)."""
    return {
        "api_key": {"type": "str", "no_log": True, "fallback": (env_fallback, ["BARRACK_API_KEY"])},
        "api_url": {"type": "str", "fallback": (env_fallback, ["BARRACK_API_URL"])},
        "api_timeout": {"type": "float"},
        "api_retries": {"type": "int"},
        "validate_certs": {"type": "bool"},
        "auth_header": {"type": "str", "no_log": False},
        "auth_scheme": {"type": "str", "no_log": False},
        "allow_insecure_http": {"type": "bool"},
        "wait": {"type": "bool", "default": True},
        "wait_timeout": {"type": "int", "default": 600},
    }


class BarrackModule(AnsibleModule):  # type: ignore[misc]
    """An AnsibleModule that keeps the arguments as given, so string options can refuse booleans and dicts."""

    def _load_params(self) -> None:
        super()._load_params()
        self.raw_params = copy.deepcopy(self.params)


FREE_TEXT = frozenset({"description", "content", "public_key", "cloud_init", "user_data"})
"""String options holding free text; every other string option names or identifies something and refuses numbers
(YAML reads an unquoted ``12:30`` as 750, ``01000`` as 512, ``0x1F4`` as 500 and ``.inf`` as a float)."""

_KINDS = {bool: "a boolean", dict: "a dictionary", list: "a list", int: "the number", float: "the number"}


def _refused(value: object, identifies: bool) -> bool:
    return isinstance(value, bool | dict | list) or (identifies and isinstance(value, int | float))


def _non_strings(spec: Mapping[str, Any], values: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(option path, value) of every string option (or list element) given a type it refuses (:func:`_refused`)."""
    for name, opt in spec.items():
        for key in (name, *opt.get("aliases", ())):
            value = values.get(key)
            if value is None:
                continue
            where = f"{prefix}{key}"
            kind = opt.get("type", "str")
            identifies = name not in FREE_TEXT
            if kind == "str" and _refused(value, identifies):
                yield where, value
            elif kind == "list" and isinstance(value, list):
                for index, item in enumerate(value):
                    if opt.get("elements") == "str" and _refused(item, identifies):
                        yield f"{where}[{index}]", item
                    elif opt.get("options") and isinstance(item, Mapping):
                        yield from _non_strings(opt["options"], item, f"{where}[{index}].")
            elif kind == "dict" and opt.get("options") and isinstance(value, Mapping):
                yield from _non_strings(opt["options"], value, f"{where}.")


def describe_non_string(where: str, value: object) -> str:
    """The error for a string option given another YAML type, saying to quote the value."""
    kind = _KINDS[type(value)]
    got = f"{kind} {value!r}" if isinstance(value, int | float) and not isinstance(value, bool) else kind
    return f"option '{where}' must be a string, got {got} (YAML converted an unquoted value; quote it)"


RULE_OPTIONS: dict[str, Any] = {
    "direction": {"type": "str", "choices": ["egress", "ingress"], "default": "ingress"},
    "ethertype": {"type": "str", "choices": ["IPv4", "IPv6"], "default": "IPv4"},
    "protocol": {"type": "str", "required": True},
    "port_range_min": {"type": "int"},
    "port_range_max": {"type": "int"},
    "remote_ip_prefix": {"type": "str"},
}
"""Sub-options of one rule; static so specs are complete without the client (ansible-lint, ansible-doc). A unit
test keeps it equal to ``shared_client.rules.RULE_OPTIONS``."""


def rule_options() -> dict[str, Any]:
    return copy.deepcopy(RULE_OPTIONS)


def barrack_module(argument_spec: dict[str, Any], **kwargs: Any) -> AnsibleModule:
    """The module with the common options; fails on a missing client, a non-string string option or wait_timeout < 1."""
    spec = {**common_argument_spec(), **argument_spec}
    kwargs.setdefault("supports_check_mode", True)
    module = BarrackModule(argument_spec=spec, **kwargs)
    if not HAS_BARRACK_CLIENT:  # the real cause (a missing package, an error in the client), shown without -vvv too
        msg = f"{missing_required_lib(REQUIREMENTS)}. The import failed with: {BARRACK_CLIENT_IMPORT_CAUSE}"
        module.fail_json(msg=msg, exception=BARRACK_CLIENT_IMPORT_ERROR)
    for where, value in _non_strings(spec, getattr(module, "raw_params", {})):
        module.fail_json(msg=describe_non_string(where, value))
    if module.params["wait_timeout"] <= 0:
        n = module.params["wait_timeout"]
        module.fail_json(msg=f"option 'wait_timeout' must be at least 1 second, got {n} (set wait: false to not wait)")
    return module


def client_from_params(params: Mapping[str, Any]) -> BarrackClient:
    """The shared client built from the connection options through ``ClientSettings`` (env fallbacks included)."""
    settings = {field: params.get(option) for option, field in CONNECTION_SETTINGS.items()}
    if settings["api_key"] is not None and not str(settings["api_key"]).strip():
        msg = "no Barrack API key: option 'api_key' is empty (or unset it to use BARRACK_API_KEY)"
        raise errors.ConfigurationError(msg)
    if settings["max_attempts"] is not None:
        settings["max_attempts"] = int(settings["max_attempts"]) + 1  # api_retries counts the retries
    given = {k: v for k, v in settings.items() if v is not None}
    return BarrackClient.from_settings(given, user_agent=USER_AGENT)


# ---------------------------------------------------------------------------------------------------- errors
MODEL_WIDE = ("__all__", "", "__root__", "non_field_errors")  # field-error keys of errors without a field


def _option_path(field: str, option_names: Mapping[str, str]) -> str:
    """``security_rules.0.remote_ip_prefix`` -> ``security_rules[0].remote_ip_prefix`` with option renames."""
    parts = [p for p in str(field).replace("[", ".").replace("]", "").split(".") if p != ""]
    if not parts:
        return str(field)
    out = option_names.get(parts[0], parts[0])
    for part in parts[1:]:
        out += f"[{part}]" if part.isdigit() else f".{part}"
    return out


def error_details(err: BaseException, option_names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """``fail_json`` keyword arguments for a client error: msg plus status, error_code, request_id, field_errors."""
    names = option_names or {}
    details: dict[str, Any] = {}
    inner = getattr(err, "last_error", None) or err  # RetryBudgetExceeded / OutcomeUnknown wrap the last failure
    for attr in ("status", "error_code", "request_id"):
        value = next((v for v in (getattr(err, attr, None), getattr(inner, attr, None)) if v is not None), None)
        if value is not None:
            details[attr] = value
    fe = {str(k): [str(m) for m in v] for k, v in (getattr(err, "field_errors", None) or {}).items()}
    msg = str(err) or type(err).__name__
    if fe:  # "option 'size_gb': must be >= 100; option 'name': ..." (model-wide errors without a field)
        details["field_errors"] = {_option_path(k, names): v for k, v in fe.items()}
        described = "; ".join(
            ("" if field in MODEL_WIDE else f"option '{_option_path(field, names)}': ") + "; ".join(messages)
            for field, messages in fe.items()
        )
        msg = f"Invalid input: {described}" if getattr(err, "status", None) is None else f"{msg} ({described})"
    last = getattr(err, "last", None)
    if last is not None and hasattr(last, "to_dict"):
        details["last_state"] = last.to_dict()
    details["msg"] = msg
    return details


def refused(err: BaseException) -> bool:
    """Whether `err` is a definitive refusal of a write: not ambiguous, not after a write of the same operation."""
    return isinstance(err, errors.APIError) and not err.ambiguous and not err.after_write


def to_dict(model: ReadModel | Mapping[str, Any] | None) -> dict[str, Any]:
    """JSON-ready dict of a read model (or a dict)."""
    return {} if model is None else dict(model) if isinstance(model, Mapping) else model.to_dict()


# --------------------------------------------------------------------------------------------------- driver
class BarrackResource:
    """Generic present/absent driver; subclasses set ``sub_client`` and ``result_key`` and override a few hooks."""

    result_key = ""
    sub_client = ""
    option_names: dict[str, str] = {}  # request field -> option, where they differ
    references: dict[str, str] = {}  # request field -> sub-client, of references the API returns only as an id
    options: dict[str, Any] = {}  # argument spec of the module's options beside name, id, state and recreate
    states = ("present", "absent")

    @classmethod
    def main(cls, **kwargs: Any) -> NoReturn:
        """Run the module (doc fragment ``barrack.cloud.barrack.resource``); ``kwargs`` go to the AnsibleModule."""
        spec = {
            "name": {"type": "str"},
            "id": {"type": "str"},
            "state": {"type": "str", "choices": list(cls.states), "default": "present"},
            "recreate": {"type": "bool", "default": False},
            **cls.options,
        }
        cls(barrack_module(spec, required_one_of=[("id", "name")], **kwargs)).run()

    def __init__(self, module: AnsibleModule) -> None:
        self.module = module
        self.params: dict[str, Any] = module.params
        self.check_mode: bool = module.check_mode
        self.result: dict[str, Any] = {"changed": False, self.result_key: {}}
        self.before: dict[str, Any] = {}
        self.after: dict[str, Any] = {}
        self._client: BarrackClient | None = None
        self.existing: ResourceModel | None = None  # what find() found
        self.wrote = False  # a write of this task is known to have taken effect
        self.predicted: set[str] = set()  # options naming resources that only an earlier task predicted
        self.found: dict[tuple[str, str, str | None], ResourceModel | None] = {}  # lookup() results
        self.deadline = Deadline(float(self.params["wait_timeout"]))

    # ----------------------------------------------------------------------------------------- plumbing
    @property
    def client(self) -> BarrackClient:
        if self._client is None:
            self._client = client_from_params(self.params)
        return self._client

    @property
    def api(self) -> ResourceClient[ResourceModel, RequestModel]:
        api: ResourceClient[ResourceModel, RequestModel] = getattr(self.client, self.sub_client)
        return api

    @property
    def spec(self) -> ResourceSpec[ResourceModel, RequestModel]:
        from shared_client.specs import SPECS

        return SPECS[self.sub_client]

    @property
    def purge(self) -> bool:
        """Whether the plan makes set-valued fields exact (the module's ``purge_*`` option where it has one)."""
        return True

    @property
    def waits(self) -> bool:
        return bool(self.params.get("wait", True))

    def fail(self, msg: str, **extra: Any) -> NoReturn:
        """Fail the task; ``changed`` says whether a write was sent before the failure."""
        self.close()
        extra.setdefault("changed", (self.wrote or bool(self.result["changed"])) and not self.check_mode)
        self.module.fail_json(msg=msg, **extra)
        raise AssertionError("unreachable")  # pragma: no cover - fail_json exits

    def fail_error(self, err: BaseException) -> NoReturn:
        """Fail with a client error; one raised before sending anything changed nothing unless the task wrote."""
        details = error_details(err, self.option_names)
        if isinstance(err, errors.APIError) and err.status is None and not self.wrote:
            details["changed"] = False
        self.fail(**details)

    def precondition(self, msg: str) -> None:
        """A condition an earlier task may establish: fails the real run, warns in check mode."""
        if not self.check_mode:
            self.fail(msg)
        self.module.warn(f"{msg} (check mode continues: an earlier task may change this)")

    def close(self) -> None:
        if self._client is not None:
            with contextlib.suppress(Exception):  # closing must never fail the task
                self._client.close()
            self._client = None

    def mark_changed(self) -> None:
        self.result["changed"] = True

    # ------------------------------------------------------------------------------------- references
    def lookup(
        self, kind: str, value: object, option: str, region: str | None = None, *, missing_ok: bool = False
    ) -> ResourceModel | None:
        """The ``kind`` resource named or with id ``value``; if missing: None when ``missing_ok`` or in check mode
        (warned), else fails naming the option."""
        from shared_client.specs import SPECS

        label = SPECS[kind].label
        key = (kind, str(value), region)
        try:
            if key not in self.found:  # one look-up (and one warning) per reference and task
                self.found[key] = getattr(self.client, kind).resolve(str(value), region=region)
            return self.found[key]
        except errors.NotFound:
            self.found[key] = None
            if missing_ok:
                return None
            if self.check_mode:
                self.module.warn(f"option '{option}': no {label} named or with id '{value}' yet (check mode continues)")
                return None
            self.fail(f"option '{option}': no {label} named or with id '{value}'")
        except errors.AmbiguousName:
            self.fail(f"option '{option}': more than one {label} is named '{value}'; use its id")

    def ref(self, kind: str, value: object, option: str, region: str | None = None) -> str | None:
        """Id of the resource given by name or id in ``option`` (the value itself when only predicted)."""
        if value is None or value == "":
            return None
        found = self.lookup(kind, value, option, region)
        if found is None:
            self.predicted.add(option)
            return str(value)
        return str(found.id)

    def refs(
        self, kind: str, values: Iterable[object] | None, option: str, region: str | None = None
    ) -> list[str] | None:
        if values is None:
            return None
        ids = (self.ref(kind, value, option, region) for value in values)
        return list(dict.fromkeys(ident for ident in ids if ident is not None))  # first occurrences, in order

    def known_ref(self, kind: str, value: object, option: str, current: object) -> str | None:
        """A reference returned only as an id (``current``), looked up only when it can matter, else None."""
        if value is None or (current is not None and str(current) == str(value)):
            return None if value is None else str(value)
        if current is not None and not self.params.get("recreate"):
            return None
        return self.ref(kind, value, option)

    def validate_rules(self, option: str) -> list[dict[str, Any]] | None:
        """The rules of ``option`` in canonical form (None when unset); fails naming ``option[i].field``."""
        if self.params.get(option) is None:
            return None
        from shared_client.models.rule import rule_specs
        from shared_client.rules import canonical

        try:
            return [canonical(rule) for rule in rule_specs(self.params[option], option)]
        except errors.ValidationError as err:
            self.fail_error(err)

    # ------------------------------------------------------------------------------------------ hooks
    def prepare(self) -> None:
        """First step of ``run()``: read-only validation (fail here, before any write)."""

    def find(self) -> ResourceModel | None:
        """The existing resource by ``id`` or exact ``name`` (in ``region`` for region-scoped kinds)."""
        ident = self.params.get("id")
        if ident:
            try:
                return self.api.get(str(ident))
            except errors.NotFound:
                return None
        name = self.params.get("name")
        if not name:
            return None
        in_region = self.spec.name_scope == "region"
        region = self.params.get("region") if in_region else None
        try:
            return self.api.find_by_name(name, region=region)
        except errors.AmbiguousName:
            self.fail(f"more than one {self.spec.label} is named '{name}'; use id" + (" and set region" * in_region))

    def desired(self) -> dict[str, Any]:
        """Request-field values the user set (same-named options by default; :attr:`references` resolved)."""
        out: dict[str, Any] = {}
        for field in self.spec.create_model.model_fields:
            option = self.option_names.get(field, field)
            value = self.params.get(option)
            if field in self.references:
                current = getattr(self.existing, field) if self.existing else None
                value = self.known_ref(self.references[field], value, option, current)
            if value is not None:
                out[field] = value
        return out

    def merged(self, resource: ResourceModel, desired: dict[str, Any]) -> dict[str, Any]:
        """The user's values plus the current values of required fields left out (unset fields are unmanaged)."""
        current = resource.current_values()
        return {**{k: current[k] for k in self.required_fields() if current.get(k) is not None}, **desired}

    def required_fields(self) -> list[str]:
        from shared_client.fields import field_specs

        return [field for field, spec in field_specs(self.spec.create_model).items() if spec.required]

    def before_create(self, body: dict[str, Any]) -> None:
        """Read-only checks before a create (check mode too). Fail here, never after a write."""

    def before_delete(self, resource: ResourceModel) -> None:
        """Read-only checks before a delete (check mode too)."""

    def create(self, body: dict[str, Any], plan: Plan[ResourceModel, RequestModel]) -> ResourceModel:
        return self.api.apply(None, plan, wait=self.waits, deadline=self.deadline).obj

    def delete(self, resource: ResourceModel) -> None:
        self.api.delete(str(resource.id), wait=self.waits, deadline=self.deadline)

    def ensure_state(self, resource: ResourceModel) -> ResourceModel:
        """Extra states after present (instance restarts). Return the resource."""
        return resource

    def accepts_failed(self, resource: ResourceModel) -> bool:
        """Whether the task may go on with a resource in a failed status (instances: stop or restart it)."""
        return False

    # ----------------------------------------------------------------------------------- validation
    def options_of(self, fields: Iterable[str]) -> list[str]:
        return [self.option_names.get(f, f) for f in fields]

    def _reported(self, err: errors.ValidationError, only: Iterable[str] | None) -> dict[str, list[str]]:
        """The field errors of `err` on fields in `only` (all when None), except on options only predicted."""
        keep = None if only is None else set(only)

        def reported(field: str) -> bool:
            top = field.split(".")[0]
            return self.option_names.get(top, top) not in self.predicted and (keep is None or top in keep)

        return {k: list(v) for k, v in err.field_errors.items() if reported(k)}

    def validate(self, body: dict[str, Any], *, only: Iterable[str] | None = None) -> None:
        """Validate ``body`` with the request model; fail naming the options. ``only`` limits the fields reported."""
        try:
            self.spec.create_model(**body)
        except errors.ValidationError as err:
            fe = self._reported(err, only)
            if fe:
                self.fail_error(errors.ValidationError(field_errors=fe))

    def make_plan(
        self,
        resource: ResourceModel | None,
        values: Mapping[str, Any] | RequestModel,
        *,
        only: Iterable[str] | None = None,
    ) -> Plan[ResourceModel, RequestModel]:
        """The client's plan from `resource` (None: a create) to `values`; invalid input (in ``only``) fails."""
        purge, stop = self.purge, bool(self.params.get("stop_if_needed"))
        try:
            return self.api.plan(resource, values, purge=purge, stop_if_needed=stop)
        except errors.ValidationError as err:
            reported = self._reported(err, only)
            if reported or resource is None:
                self.fail_error(errors.ValidationError(str(err), field_errors=reported or err.field_errors))
        # only the server's values of fields the user left out do not validate as a create (a restored instance
        # boots from a snapshot): the user's values are valid, and only those are managed by the plan
        unchecked = self.spec.create_model.model_construct(**values) if isinstance(values, Mapping) else values
        return self.api.plan(resource, unchecked, purge=purge, stop_if_needed=stop)

    # ------------------------------------------------------------------------------------------- flow
    def run(self) -> NoReturn:
        try:
            self.prepare()
            if self.params.get("state") == "absent":
                self.ensure_absent()
            else:
                resource = self.ensure_present()
                if resource is not None:
                    resource = self.ensure_state(resource)
                    if not self.check_mode or not self.result["changed"]:
                        self.after = to_dict(resource)
        except errors.BarrackError as err:
            self.fail_error(err)
        self.exit()

    def exit(self) -> NoReturn:
        self.close()
        self.result[self.result_key] = self.after
        if self.module._diff and self.result["changed"]:
            self.result["diff"] = {"before": self.before, "after": self.after}
        self.module.exit_json(**self.result)
        raise AssertionError("unreachable")  # pragma: no cover

    def ensure_absent(self) -> None:
        resource = self.existing = self.find()
        if resource is None:
            return
        self.before_delete(resource)
        self.before = to_dict(resource)
        self.after = {}
        self.mark_changed()
        if self.check_mode:
            return
        if self.waits and self.spec.is_busy(getattr(resource, "status", None)):
            with contextlib.suppress(errors.ResourceFailed):  # a failed resource can be deleted
                resource = self.api.wait_settled(str(resource.id), deadline=self.deadline)
        self.delete(resource)

    def ensure_present(self) -> ResourceModel | None:
        """Plan and apply (preview in check mode); a create-only difference or failed status needs ``recreate``."""
        resource = self.existing = self.find()
        if resource is None:
            return self.ensure_created()
        if self.waits and not self.check_mode and self.spec.is_busy(getattr(resource, "status", None)):
            resource = self.existing = self.api.wait_settled(str(resource.id), deadline=self.deadline)
        self.before = to_dict(resource)
        self.after = dict(self.before)
        desired = self.desired()
        plan = self.make_plan(resource, self.merged(resource, desired), only=desired)
        status = getattr(resource, "status", None)
        failed = self.spec.is_failed(status) and not self.accepts_failed(resource)
        if plan.replace_fields or failed:
            why = f"is {status}" if failed else "differs in options that can only be set at creation"
            if not self.params.get("recreate"):
                listed = f": {', '.join(self.options_of(plan.replace_fields))}" if plan.replace_fields else ""
                self.fail(f"{self.spec.label} '{resource.name}' {why}{listed}; set recreate=true to replace it")
            return self.create_planned(self.replacement_body(resource, desired), replaces=resource)
        if plan.changed:
            self.mark_changed()
            self.after = to_dict(plan.preview())
            if not self.check_mode:  # the kind's update steps, in the spec's one order
                resource, changed = self.api.apply(str(resource.id), plan, wait=self.waits, deadline=self.deadline)
                self.wrote = self.wrote or changed
                self.after = to_dict(resource)
        return resource

    def ensure_created(self) -> ResourceModel | None:
        if self.params.get("id"):
            self.fail(f"no {self.spec.label} with id '{self.params['id']}' (an id cannot be chosen; use name)")
        body = self.desired()
        missing = [field for field in self.required_fields() if field not in body]
        partial = bool(missing or self.predicted) and self.check_mode  # an earlier task may only have predicted
        if missing and self.check_mode:  # e.g. restore_to of a snapshot that an earlier task only predicted
            options = ", ".join(self.options_of(missing))
            self.module.warn(
                f"no {self.spec.label} '{self.params.get('name')}' yet, and this task alone cannot create "
                f"it ({options} not set); check mode continues (an earlier task may create it)"
            )
        if partial:  # the given values, unvalidated where an earlier task only predicted what they name
            self.validate(body, only=body)
        return self.create_planned(body, self.spec.create_model.model_construct(**body) if partial else body)

    def create_planned(
        self,
        body: dict[str, Any],
        values: Mapping[str, Any] | RequestModel | None = None,
        replaces: ResourceModel | None = None,
    ) -> ResourceModel | None:
        """Plan a create of ``body`` (or of ``values``), preview it; a real run deletes ``replaces`` (waiting until
        gone: names are unique), then creates. None in check mode."""
        plan = self.make_plan(None, body if values is None else values)
        self.before_create(body)
        self.mark_changed()
        self.after = to_dict(plan.preview())
        if self.check_mode:
            return None
        if replaces is not None:
            self.api.delete(str(replaces.id), wait=True, deadline=self.deadline)
            self.wrote = True
        try:
            resource = self.create(body, plan)
        except errors.BarrackError as err:
            if refused(err) and not self.wrote:  # the server refused the create: nothing changed
                self.result["changed"] = False
            raise
        self.wrote = True
        self.after = to_dict(resource)
        return resource

    def replacement_body(self, resource: ResourceModel, desired: dict[str, Any]) -> dict[str, Any]:
        return {**{k: v for k, v in resource.current_values().items() if v is not None}, **desired}


# ----------------------------------------------------------------------------------------------- info helpers
def _field(item: ReadModel | Mapping[str, Any], key: str) -> object:
    """A value of a wire dict or a read model (request-field value, else attribute, else wire field)."""
    if isinstance(item, Mapping):
        return item.get(key)
    values = item.current_values()
    if key in values:
        return values[key]
    return getattr(item, key) if hasattr(item, key) else to_dict(item).get(key)


def matches(item: ReadModel | Mapping[str, Any], filters: Mapping[str, Any]) -> bool:
    """Whether every filter that is set equals the item's value (case-insensitive)."""
    return all(v is None or str(_field(item, k)).casefold() == str(v).casefold() for k, v in filters.items())


def select(api: Any, *, id: str | None = None, name: str | None = None, **filters: Any) -> list[Any]:
    """Resources of a sub-client (or wire reader) by id, exact name, or all; every filter applies to each."""
    filters = {k: v for k, v in filters.items() if v is not None}
    if id:
        try:
            items: Iterable[Any] = [api.get(str(id))]
        except errors.NotFound:
            return []
    else:
        region = {"region": filters["region"]} if "region" in filters else {}
        items = api.list(search=name, **region) if name else api.list(**region)
    return [item for item in items if (not name or _field(item, "name") == name) and matches(item, filters)]


def run_resource_info(result_key: str, sub_client: str, filters: Iterable[str] = ()) -> NoReturn:
    """The whole of a resource ``*_info`` module: options ``id``, ``name`` and ``filters``."""

    def fetch(client: BarrackClient, params: dict[str, Any]) -> Iterable[Any]:
        from shared_client.resources.wire import WIRE_EQUALS_MODEL

        # kinds whose model is the wire object are read without validating into models (no pydantic start-up)
        api = client.wire(sub_client) if sub_client in WIRE_EQUALS_MODEL else getattr(client, sub_client)
        return select(api, id=params["id"], name=params["name"], **{f: params[f] for f in filters})

    run_info(result_key, fetch, {k: {"type": "str"} for k in ("id", "name", *filters)})


def run_info(
    result_key: str,
    fetch: Callable[[BarrackClient, dict[str, Any]], Any],
    options: dict[str, Any] | None = None,
    *,
    filters: Iterable[str] = (),
    **kwargs: Any,
) -> NoReturn:
    """Run an info module: ``fetch(client, params)`` gives one object, or items kept when they match ``filters``."""
    module = barrack_module({**(options or {}), **{f: {"type": "str"} for f in filters}}, **kwargs)
    wanted = {f: module.params[f] for f in filters}
    if wanted.get("tier") not in (None, *vocabulary.TIERS):
        module.fail_json(msg=f"option 'tier' must be one of {', '.join(sorted(vocabulary.TIERS))}")
    try:
        with client_from_params(module.params) as client:
            found = fetch(client, module.params)
            if hasattr(found, "to_dict") or isinstance(found, dict):
                result: object = to_dict(found)
            else:
                result = [item if isinstance(item, str) else to_dict(item) for item in found if matches(item, wanted)]
    except errors.BarrackError as err:
        module.fail_json(**error_details(err))
    module.exit_json(changed=False, **{result_key: result})
    raise AssertionError("unreachable")  # pragma: no cover
