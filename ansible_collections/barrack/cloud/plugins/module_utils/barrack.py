# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""Shared plumbing of the barrack.cloud modules: options, client, errors and the generic resource driver.

How to write a module on this driver
====================================

A resource module (``ssh_key`` is the reference) is a subclass of :class:`BarrackResource` plus ``main()``::

    from ansible_collections.barrack.cloud.plugins.module_utils.barrack import BarrackResource, barrack_module

    class SshKey(BarrackResource):
        label = "SSH key"                 # used in messages
        result_key = "barrack_ssh_key"    # where the resource goes in the result
        sub_client = "ssh_keys"           # attribute of BarrackClient
        create_model = "SshKeyCreate"     # request model in shared_client.models
        ready_status = None               # status to wait for after create (str, set or None)

    def main():
        module = barrack_module(dict(id=..., name=..., public_key=..., state=...), wait=False,
                                required_one_of=[("id", "name")])
        SshKey(module).run()

What the driver does for you (``run()``):

* ``state: absent`` -> ``find()``; when found: diff, ``delete()`` (skipped in check mode).
* any other state -> ``find()``; when missing: ``desired()`` -> validate against ``create_model`` (errors name the
  option) -> ``before_create()`` -> ``create()`` -> ``wait_ready()``; when present: ``current()`` vs ``desired()``
  through ``shared_client.fields.plan_changes`` -> create-only differences follow ``create_only`` ("warn": warn and
  leave unless ``recreate: true``; "fail") -> ``update()`` with the updatable differences. Then
  ``ensure_state()`` for extra states (power states of instances).
* check mode: every hook that writes is skipped; ``changed`` and ``diff`` are predicted
  (``predict_create()`` / ``predict_update()``).
* ``--diff``: ``diff.before`` / ``diff.after`` are ``to_result()`` of the resource before / after.
* every ``BarrackError`` becomes ``fail_json`` with ``status``, ``error_code``, ``request_id`` and a message that
  names the option (``option_names`` maps wire field names to option names when they differ).

Hooks you usually override: ``prepare()`` (read-only validation / reference resolution, runs first),
``desired()`` (only options the user set, wire names, references resolved with ``self.ref()`` /
``self.refs()``; default: the create model's fields taken from same-named options), ``current()`` (default: the
read model's ``current_values()``), ``before_create()`` / ``before_update()`` / ``before_delete()`` (read-only
checks, run in check mode too: fail there, never after a write), ``update(resource, changes)``, ``to_result()``.
Helpers: ``self.client`` (lazy ``BarrackClient``), ``self.api`` (the sub-client), ``self.remaining()`` (seconds
left of ``wait_timeout``; pass it as ``timeout=`` to every wait of the task), ``self.act(send, applied)`` (a POST
action that is re-sent after an ambiguous failure only when ``applied()`` is false), ``self.warn()``,
``self.fail(msg)``. Result: ``changed``, ``<result_key>`` (``{}`` after a delete), ``diff`` when ``--diff``.

Info modules do not need a class::

    module = barrack_module(dict(name=dict(type="str")), info=True)
    run_info(module, "barrack_ssh_key_info", lambda client: select(client.ssh_keys, name=module.params["name"]))
"""

from __future__ import annotations

import contextlib
import time
import traceback
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib


def _import_httpx_without_cli() -> None:
    """Import httpx without its command-line client (``httpx._main`` pulls in click, rich and pygments when they
    are installed: ~40 ms of every module run). httpx handles a missing ``_main`` itself (``httpx.main`` then
    only prints a hint); the ``None`` entry (Python's documented way to make an import fail) is removed at once,
    so a later ``import httpx._main`` in this process still works. Module processes never use the httpx CLI."""
    import sys

    if "httpx" in sys.modules or "httpx._main" in sys.modules:
        return
    sys.modules["httpx._main"] = None  # type: ignore[assignment]
    try:
        import httpx  # noqa: F401
    except ImportError:
        pass  # reported below by the shared_client import
    finally:
        if sys.modules.get("httpx._main", 0) is None:
            del sys.modules["httpx._main"]


_import_httpx_without_cli()

try:
    from shared_client import errors
    from shared_client import BarrackClient

    HAS_BARRACK_CLIENT = True
    BARRACK_CLIENT_IMPORT_ERROR = None
except ImportError:  # pragma: no cover - exercised by sanity import tests
    HAS_BARRACK_CLIENT = False
    BARRACK_CLIENT_IMPORT_ERROR = traceback.format_exc()

COLLECTION_VERSION = "0.1.0"
USER_AGENT = f"barrack-ansible/{COLLECTION_VERSION}"
PIP_PACKAGE = "barrack-iac"

REFERENCE_LABELS = {
    "ssh_keys": "SSH key",
    "volumes": "volume",
    "firewalls": "firewall",
    "scripts": "startup script",
    "snapshots": "snapshot",
    "images": "custom image",
    "instances": "instance",
}


# --------------------------------------------------------------------------------------------------- options


def common_argument_spec() -> dict[str, Any]:
    """Options every module has (doc fragment ``barrack.cloud.barrack``)."""
    return {
        "api_key": {"type": "str", "required": True, "no_log": True, "fallback": (env_fallback, ["BARRACK_API_KEY"])},
        "api_url": {
            "type": "str",
            "default": "https://barrack.ai/api",
            "fallback": (env_fallback, ["BARRACK_API_URL"]),
        },
        "api_timeout": {"type": "float", "default": 30},
        "validate_certs": {"type": "bool", "default": True},
    }


def wait_argument_spec() -> dict[str, Any]:
    """Options of the modules that wait (doc fragment ``barrack.cloud.barrack.wait``)."""
    return {"wait": {"type": "bool", "default": True}, "wait_timeout": {"type": "int", "default": 600}}


def barrack_module(argument_spec: dict[str, Any], *, wait: bool = False, **kwargs: Any) -> AnsibleModule:
    """Build the AnsibleModule with the common options; fail with the standard message when the client is missing."""
    spec = common_argument_spec()
    if wait:
        spec.update(wait_argument_spec())
    spec.update(argument_spec)
    kwargs.setdefault("supports_check_mode", True)
    module = AnsibleModule(argument_spec=spec, **kwargs)
    if not HAS_BARRACK_CLIENT:
        module.fail_json(msg=missing_required_lib(PIP_PACKAGE), exception=BARRACK_CLIENT_IMPORT_ERROR)
    return module


def client_from_params(params: dict[str, Any]) -> BarrackClient:
    """The shared client configured from the common options (User-Agent ``barrack-ansible/<version>``)."""
    return BarrackClient(
        api_key=params["api_key"],
        base_url=params.get("api_url"),
        timeout=float(params.get("api_timeout") or 30),
        verify=bool(params.get("validate_certs", True)),
        user_agent=USER_AGENT,
    )


# ---------------------------------------------------------------------------------------------------- errors


def _option_path(field: str, option_names: dict[str, str]) -> str:
    """``security_rules.0.remote_ip_prefix`` -> ``security_rules[0].remote_ip_prefix`` with option renames."""
    parts = [p for p in str(field).replace("[", ".").replace("]", "").split(".") if p != ""]
    if not parts:
        return str(field)
    head = option_names.get(parts[0], parts[0])
    out = head
    for part in parts[1:]:
        out += f"[{part}]" if part.isdigit() else f".{part}"
    return out


def field_errors_of(err: BaseException) -> dict[str, list[str]]:
    """Field errors of a client ValidationError / APIError or of a raw pydantic ValidationError."""
    fe = getattr(err, "field_errors", None)
    if fe:
        return {str(k): [str(m) for m in (v if isinstance(v, list | tuple) else [v])] for k, v in fe.items()}
    if hasattr(err, "errors") and callable(err.errors):  # pydantic.ValidationError
        out: dict[str, list[str]] = {}
        try:
            items = err.errors()
        except Exception:  # pragma: no cover - defensive
            return {}
        for item in items:
            loc = ".".join(str(p) for p in item.get("loc", ()) if p != "__root__") or "__all__"
            out.setdefault(loc, []).append(str(item.get("msg", "invalid value")))
        return out
    return {}


def describe_field_errors(field_errors: dict[str, list[str]], option_names: dict[str, str]) -> str:
    """``option 'size_gb': must be >= 100; option 'name': ...`` (model-wide errors without a field last)."""
    parts = []
    for field, messages in field_errors.items():
        text = "; ".join(messages)
        if field in ("__all__", "", "__root__", "non_field_errors"):
            parts.append(text)
        else:
            parts.append(f"option '{_option_path(field, option_names)}': {text}")
    return "; ".join(parts)


def error_details(err: BaseException, option_names: dict[str, str] | None = None) -> dict[str, Any]:
    """``fail_json`` keyword arguments for a client error: msg plus status, error_code, request_id, field_errors."""
    option_names = option_names or {}
    details: dict[str, Any] = {}
    inner = getattr(err, "last_error", None) or err  # RetryBudgetExceeded wraps the last failure
    for attr in ("status", "error_code", "request_id"):
        value = getattr(err, attr, None)
        if value is None:
            value = getattr(inner, attr, None)
        if value is not None:
            details[attr] = value
    fe = field_errors_of(err)
    if fe:
        details["field_errors"] = {_option_path(k, option_names): v for k, v in fe.items()}
    msg = str(err) or type(err).__name__
    if fe and getattr(err, "status", None) is None:
        msg = f"Invalid input: {describe_field_errors(fe, option_names)}"
    elif fe:
        msg = f"{msg} ({describe_field_errors(fe, option_names)})"
    last = getattr(err, "last", None)
    if last is not None and hasattr(last, "to_dict"):
        details["last_state"] = last.to_dict()
    details["msg"] = msg
    return details


def to_dict(model: Any) -> dict[str, Any]:
    """JSON-ready dict of a read model (or a dict)."""
    if model is None:
        return {}
    if isinstance(model, dict):
        return dict(model)
    return dict(model.to_dict())


# --------------------------------------------------------------------------------------------------- driver


class BarrackResource:
    """Generic present/absent driver; subclasses declare the class attributes and override a few hooks."""

    label = "resource"
    result_key = ""
    sub_client = ""
    create_model = ""
    option_names: dict[str, str] = {}
    find_in_region = False
    ready_status: Any = None
    create_only = "warn"
    id_option = "id"
    name_option = "name"

    def __init__(self, module: AnsibleModule) -> None:
        self.module = module
        self.params: dict[str, Any] = module.params
        self.check_mode: bool = module.check_mode
        self.result: dict[str, Any] = {"changed": False, self.result_key: {}}
        self.before: dict[str, Any] = {}
        self.after: dict[str, Any] = {}
        self._client: BarrackClient | None = None
        self._started = time.monotonic()
        self._model_cls: Any = None

    # ----------------------------------------------------------------------------------------- plumbing
    @property
    def client(self) -> BarrackClient:
        if self._client is None:
            self._client = client_from_params(self.params)
        return self._client

    @property
    def api(self) -> Any:
        return getattr(self.client, self.sub_client)

    @property
    def model_cls(self) -> Any:
        if self._model_cls is None and self.create_model:
            from shared_client import models

            self._model_cls = getattr(models, self.create_model)
        return self._model_cls

    @property
    def waits(self) -> bool:
        return bool(self.params.get("wait", True))

    def remaining(self) -> float:
        """Seconds left of ``wait_timeout`` (one deadline for the whole task)."""
        total = float(self.params.get("wait_timeout") or 600)
        return max(total - (time.monotonic() - self._started), 1.0)

    def warn(self, msg: str) -> None:
        self.module.warn(msg)

    def fail(self, msg: str, **extra: Any) -> NoReturn:
        self.close()
        self.module.fail_json(msg=msg, **extra)
        raise AssertionError("unreachable")  # pragma: no cover - fail_json exits

    def close(self) -> None:
        if self._client is not None:
            with contextlib.suppress(Exception):  # closing must never fail the task
                self._client.close()
            self._client = None

    def mark_changed(self) -> None:
        self.result["changed"] = True

    def act(self, send: Callable[[], Any], applied: Callable[[], bool], attempts: int = 3) -> Any:
        """Send a POST action (not a create). The client does not re-send an action whose outcome is unknown
        (500/502/504, lost response); here the state is re-read and the action sent again only when
        ``applied()`` says it did not take effect. Returns the action's answer, or None when adopted."""
        for attempt in range(1, attempts + 1):
            try:
                return send()
            except errors.BarrackError as err:
                if not getattr(err, "ambiguous", False) or attempt == attempts:
                    raise
                if applied():
                    return None
        return None  # pragma: no cover - the loop returns or raises

    # ------------------------------------------------------------------------------------- references
    def ref(self, kind: str, value: Any, option: str, region: str | None = None) -> str | None:
        """Id of the ``kind`` resource (sub-client name) given by name or id in ``option``.

        Unknown references fail naming the option; in check mode they warn and keep the value (the resource may be
        created by an earlier task of the same run).
        """
        if value is None or value == "":
            return None
        label = REFERENCE_LABELS.get(kind, kind)
        try:
            return str(getattr(self.client, kind).resolve(str(value), region=region).id)
        except errors.NotFound:
            if self.check_mode:
                self.warn(f"{option}: no {label} named or with id '{value}' yet (check mode continues with it)")
                return str(value)
            self.fail(f"option '{option}': no {label} named or with id '{value}'")
        except errors.AmbiguousName:
            self.fail(f"option '{option}': more than one {label} is named '{value}'; use its id")

    def refs(self, kind: str, values: Iterable[Any] | None, option: str, region: str | None = None) -> list[str] | None:
        if values is None:
            return None
        out: list[str] = []
        for value in values:
            ident = self.ref(kind, value, option, region)
            if ident is not None and ident not in out:
                out.append(ident)
        return out

    # ------------------------------------------------------------------------------------------ hooks
    def prepare(self) -> None:
        """First step of ``run()``: read-only validation and reference resolution (fail here, before any write)."""

    def find(self) -> Any:
        """The existing resource by ``id`` (exact) or ``name`` (exact match), else None."""
        ident = self.params.get(self.id_option)
        if ident:
            try:
                return self.api.get(str(ident))
            except errors.NotFound:
                return None
        name = self.params.get(self.name_option)
        if not name:
            return None
        region = self.params.get("region") if self.find_in_region else None
        try:
            return self.api.find_by_name(name, region=region) if region else self.api.find_by_name(name)
        except errors.AmbiguousName:
            hint = " and set region" if self.find_in_region and not region else ""
            self.fail(f"more than one {self.label} is named '{name}'; use id{hint}")

    def desired(self) -> dict[str, Any]:
        """Wire-named values of the create model the user set (references resolved)."""
        out: dict[str, Any] = {}
        for field in self.model_fields():
            option = self.option_names.get(field, field)
            if option in self.params and self.params[option] is not None:
                out[field] = self.params[option]
        return out

    def current(self, resource: Any) -> dict[str, Any]:
        """Wire-named values of the existing resource, comparable with ``desired()`` (the read model's
        ``current_values()`` when it has one)."""
        if hasattr(resource, "current_values"):
            return dict(resource.current_values())
        data = to_dict(resource)
        return {field: data[field] for field in self.model_fields() if field in data}

    def before_create(self, body: dict[str, Any]) -> None:
        """Read-only checks before a create (check mode too). Fail here, never after a write."""

    def before_update(self, resource: Any, changes: dict[str, Any]) -> None:
        """Read-only checks before an update (check mode too), e.g. refuse a shrink. Fail here, never later."""

    def before_delete(self, resource: Any) -> None:
        """Read-only checks before a delete (check mode too)."""

    def create(self, body: dict[str, Any]) -> Any:
        return self.api.create(self.model_cls(**body))

    def update(self, resource: Any, changes: dict[str, Any]) -> Any:
        self.fail(f"{self.label} cannot be changed in place ({', '.join(self.options_of(changes))})")

    def delete(self, resource: Any) -> None:
        self.api.delete(str(resource.id))
        if self.waits:
            self.api.wait_deleted(str(resource.id), timeout=self.remaining())

    def wait_ready(self, resource: Any) -> Any:
        if self.ready_status is None or not self.waits:
            return resource
        return self.api.wait_for(str(resource.id), self.ready_status, timeout=self.remaining())

    def to_result(self, resource: Any) -> dict[str, Any]:
        return to_dict(resource)

    def predict_create(self, body: dict[str, Any]) -> dict[str, Any]:
        """Result of a create in check mode (fields the client marks secret are masked)."""
        from shared_client.fields import secret_fields

        hidden = secret_fields(self.model_cls) if self.model_cls is not None else frozenset()
        return {k: ("********" if k in hidden and v is not None else v) for k, v in body.items()}

    def predict_update(self, before: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
        """Result of an update in check mode."""
        after = dict(before)
        after.update(changes)
        return after

    def ensure_state(self, resource: Any) -> Any:
        """Extra states after present (e.g. power states). Return the resource."""
        return resource

    # ----------------------------------------------------------------------------------- validation
    def model_fields(self) -> list[str]:
        cls = self.model_cls
        return list(getattr(cls, "model_fields", {}) or {}) if cls is not None else []

    def options_of(self, fields: Iterable[str]) -> list[str]:
        return [self.option_names.get(f, f) for f in fields]

    def validate(self, body: dict[str, Any], *, only: Iterable[str] | None = None) -> None:
        """Validate ``body`` with the request model; fail naming the options. ``only`` limits the fields reported."""
        if self.model_cls is None:
            return
        try:
            self.model_cls(**body)
        except Exception as err:  # client ValidationError or pydantic.ValidationError
            fe = field_errors_of(err)
            if not fe:
                if isinstance(err, errors.BarrackError | ValueError | TypeError):
                    self.fail(f"Invalid input: {err}")
                raise
            if only is not None:
                keep = set(only)
                fe = {k: v for k, v in fe.items() if k.replace("[", ".").split(".")[0] in keep}
                if not fe:
                    return
            self.fail(
                f"Invalid input: {describe_field_errors(fe, self.option_names)}",
                field_errors={_option_path(k, self.option_names): v for k, v in fe.items()},
            )

    def comparable(self, values: dict[str, Any]) -> dict[str, Any]:
        """Values in the form they are compared in (e.g. an SSH key without its comment); default as is."""
        return values

    def plan(self, current: dict[str, Any], desired: dict[str, Any]) -> tuple[list[str], list[str]]:
        """(updatable fields that differ, create-only fields that differ) from the client's field metadata."""
        from shared_client.fields import plan_changes

        plan = plan_changes(self.model_cls, self.comparable(current), self.comparable(desired))
        replace = list(plan.replace)
        return [f for f in plan.changed if f not in replace], replace

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
                        self.after = self.to_result(resource)
        except errors.BarrackError as err:
            self.fail(**error_details(err, self.option_names))
        self.exit()

    def exit(self) -> NoReturn:
        self.close()
        self.result[self.result_key] = self.after
        if self.module._diff and self.result["changed"]:
            self.result["diff"] = {"before": self.before, "after": self.after}
        self.module.exit_json(**self.result)
        raise AssertionError("unreachable")  # pragma: no cover

    def ensure_absent(self) -> None:
        resource = self.find()
        if resource is None:
            return
        self.before_delete(resource)
        self.before = self.to_result(resource)
        self.after = {}
        self.mark_changed()
        if not self.check_mode:
            self.delete(resource)

    def ensure_present(self) -> Any:
        resource = self.find()
        if resource is None:
            return self.ensure_created()
        self.before = self.to_result(resource)
        self.after = dict(self.before)
        desired = self.desired()
        current = self.current(resource)
        self.validate({**current, **desired}, only=desired)
        changed, replace = self.plan(current, desired)
        if replace:
            resource, replaced = self.handle_create_only(resource, replace, desired)
            if replaced:  # the replacement was created with every desired value (None in check mode)
                return resource
        if changed:
            changes = {field: desired[field] for field in changed}
            self.before_update(resource, changes)
            self.mark_changed()
            self.after = self.predict_update(self.before, changes)
            if not self.check_mode:
                resource = self.update(resource, changes)
                self.after = self.to_result(resource)
        return resource

    def ensure_created(self) -> Any:
        if self.params.get(self.id_option):
            self.fail(f"no {self.label} with id '{self.params[self.id_option]}' (an id cannot be chosen; use name)")
        body = self.desired()
        self.validate(body)
        self.before_create(body)
        self.mark_changed()
        self.before = {}
        self.after = self.predict_create(body)
        if self.check_mode:
            return None
        resource = self.create(body)
        resource = self.wait_ready(resource)
        self.after = self.to_result(resource)
        return resource

    def handle_create_only(self, resource: Any, replace: list[str], desired: dict[str, Any]) -> tuple[Any, bool]:
        """Create-only differences: warn and leave (default), replace with ``recreate: true``, or fail.

        Returns (resource, replaced); in check mode a replacement is (None, True)."""
        options = ", ".join(self.options_of(replace))
        if self.create_only == "fail":
            self.fail(
                f"{self.label} '{resource.name}' differs in options that cannot be changed after creation: {options}"
            )
        if not self.params.get("recreate"):
            hint = " Set recreate=true to replace it." if "recreate" in self.params else ""
            self.warn(
                f"{self.label} '{resource.name}' differs in create-only options ({options}); it is left unchanged."
                + hint
            )
            return resource, False
        body = self.replacement_body(resource, desired)
        self.validate(body)
        self.before_create(body)
        self.mark_changed()
        self.after = self.predict_create(body)
        if self.check_mode:
            return None, True
        self.delete_for_replace(resource)
        new = self.wait_ready(self.create(body))
        self.after = self.to_result(new)
        return new, True

    def replacement_body(self, resource: Any, desired: dict[str, Any]) -> dict[str, Any]:
        """Create body of the replacement: the existing values overridden by the user's."""
        return {**self.current(resource), **desired}

    def delete_for_replace(self, resource: Any) -> None:
        """Delete before a replace and wait until it is gone (names are unique, so the create must wait)."""
        self.api.delete(str(resource.id))
        self.api.wait_deleted(str(resource.id), timeout=self.remaining())


# ----------------------------------------------------------------------------------------------- info helper


def _attribute(item: Any, key: str) -> Any:
    return getattr(item, key, None)


def _wire_key(item: dict[str, Any], key: str) -> Any:
    return item.get(key)


def select(
    api: Any,
    *,
    id: str | None = None,
    name: str | None = None,
    field: Callable[[Any, str], Any] = _attribute,
    **filters: Any,
) -> list[Any]:
    """Resources of a sub-client by id (0 or 1), by exact name, or all of them; every given filter applies.

    ``filters`` (e.g. ``region``) go to the list call and are checked again on each item, so a lookup by id
    answers the same as a listing would. ``field(item, key)`` reads a value: attributes of read models by
    default, ``_wire_key`` for the plain dicts of a ``shared_client.resources.wire.WireReader``.
    """
    filters = {k: v for k, v in filters.items() if v is not None}
    if id:
        try:
            items: Iterable[Any] = [api.get(str(id))]
        except errors.NotFound:
            return []
    else:
        items = api.list(search=name, **filters) if name else api.list(**filters)
    return [
        item
        for item in items
        if (not name or field(item, "name") == name) and all(field(item, k) == v for k, v in filters.items())
    ]


def run_resource_info(module: AnsibleModule, result_key: str, sub_client: str, filters: Iterable[str] = ()) -> NoReturn:
    """The whole of a resource ``*_info`` module: select by ``id``/``name`` and ``filters`` options, report."""
    params = module.params
    options = {f: params[f] for f in filters}
    from shared_client.resources.wire import WIRE_EQUALS_MODEL

    def fetch(client: BarrackClient) -> Iterable[Any]:
        if sub_client in WIRE_EQUALS_MODEL:  # same result without validating into models (no pydantic start-up cost)
            return select(client.wire(sub_client), id=params["id"], name=params["name"], field=_wire_key, **options)
        return select(getattr(client, sub_client), id=params["id"], name=params["name"], **options)

    run_info(module, result_key, fetch)


def run_info(module: AnsibleModule, result_key: str, fetch: Callable[[BarrackClient], Iterable[Any]]) -> NoReturn:
    """Run an info module: ``fetch(client)`` -> list of dicts under ``result_key``; errors -> fail_json."""
    client = None
    try:
        client = client_from_params(module.params)
        items = [to_dict(item) for item in fetch(client)]
    except errors.BarrackError as err:
        if client is not None:
            client.close()
        module.fail_json(**error_details(err))
    client.close()
    module.exit_json(changed=False, **{result_key: items})
    raise AssertionError("unreachable")  # pragma: no cover
