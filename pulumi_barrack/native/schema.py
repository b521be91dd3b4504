"""The ``barrack`` Pulumi package schema, generated from the core's declarations (never written by hand).

Resources: the dynamic resources' inputs and outputs (camelCase), typed by the shared client's models' JSON schema
(else the resource's annotations), described by the constructor's ``:param x:`` (else the field metadata), with
secret marks and the core's replace-on-change fields. Functions: :mod:`.invokes`. Config: the connection settings.
``python -m pulumi_barrack.native.schema`` prints it; ``sdk/schema.json`` is the checked-in copy.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import re
import sys
import types
import typing
from collections import abc
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from pydantic import BaseModel, TypeAdapter

from pulumi_barrack._credentials import CONFIG_KEYS
from pulumi_barrack._version import __version__
from pulumi_barrack.native import PROVIDER_NAME, invokes
from pulumi_barrack.native.kinds import Kind, camel, kinds

PULUMI_SDK_VERSION = "3.276.0"
"""``@pulumi/pulumi`` the Node SDK pins (the CLI's version: 3.249+ declares Node >= 22 but runs on Node 20)."""
TYPESCRIPT_VERSION = "5.9.3"
NPM_PACKAGE = "@barrack-iac/pulumi-barrack"
GO_IMPORT_BASE = "barrack.ai/pulumi-barrack/sdk/go/barrack"
ANY = {"$ref": "pulumi.json#/Any"}
TYPES_PREFIX = f"{PROVIDER_NAME}:index:"


class _Types:
    """Object types collected while converting JSON schemas (token -> spec)."""

    def __init__(self, reserved: set[str]) -> None:
        self.specs: dict[str, dict[str, Any]] = {}
        self.reserved = reserved
        self.enums: set[str] = set()

    def token(self, name: str) -> str:
        clean = re.sub(r"[^A-Za-z0-9]", "", name)
        if clean in self.reserved:
            clean += "Info"
        return TYPES_PREFIX + clean

    def enum(self, title: str, values: Sequence[Any], closed: bool) -> dict[str, Any]:
        """A named enum type of a field's allowed values (a field that also takes other values: string or enum)."""
        name = "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", title) if w)
        token = TYPES_PREFIX + name
        kind = "integer" if all(isinstance(v, int) for v in values) else "string"
        text = f"The {'allowed' if closed else 'known'} values of {title.lower()}"
        spec = {
            "type": kind,
            "description": f"{text}." if closed else f"{text} (a program may give others).",
            "enum": [{"name": _enum_name(v), "value": v} for v in values],
        }
        if self.specs.setdefault(token, spec) != spec:
            raise ValueError(f"two fields titled {title!r} allow different values: name one of them differently")
        self.enums.add(name)
        ref = {"$ref": f"#/types/{token}"}
        return ref if closed else {"type": kind, "oneOf": [{"type": kind}, {"type": kind, **ref}]}

    def from_json(self, js: Mapping[str, Any], defs: Mapping[str, Any]) -> dict[str, Any]:
        """The Pulumi type of a (pydantic) JSON schema; a field's ``enum`` (closed) or ``examples`` (open) values
        make an enum type named after its title."""
        values = js.get("enum") or next((o["enum"] for o in js.get("anyOf", ()) if "enum" in o), None)
        closed = values is not None
        if values is None and isinstance(js.get("examples"), list) and js.get("type") == "string":
            values = js["examples"]
        if values and js.get("title"):
            return self.enum(str(js["title"]), values, closed)
        if "anyOf" in js:
            options = [o for o in js["anyOf"] if o.get("type") != "null"]
            return self.from_json(options[0], defs) if len(options) == 1 else dict(ANY)
        if "$ref" in js:
            name = str(js["$ref"]).rsplit("/", 1)[-1]
            token = self.token(name)
            if token not in self.specs:
                self.specs[token] = {}  # recursion guard
                self.specs[token] = self.object(defs[name], defs)
            return {"$ref": f"#/types/{token}"}
        kind = js.get("type")
        if kind in ("string", "integer", "number", "boolean"):
            return {"type": kind}
        if kind == "array":
            return {"type": "array", "items": self.from_json(js.get("items") or {}, defs)}
        if kind == "object" and isinstance(js.get("additionalProperties"), Mapping) and not js.get("properties"):
            return {"type": "object", "additionalProperties": self.from_json(js["additionalProperties"], defs)}
        return dict(ANY)

    def object(self, js: Mapping[str, Any], defs: Mapping[str, Any]) -> dict[str, Any]:
        props = {camel(k): self.described(v, self.from_json(v, defs)) for k, v in (js.get("properties") or {}).items()}
        return self.described(js, {"type": "object", "properties": props})

    @staticmethod
    def described(js: Mapping[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
        """``spec`` with the JSON schema's description (as Markdown), if it has one."""
        return {**spec, "description": markdown(str(js["description"]))} if js.get("description") else spec

    def from_python(self, hint: Any) -> dict[str, Any]:
        """The Pulumi type of a Python annotation (``pulumi.Input[...]`` / ``Output[...]`` unwrapped)."""
        hint = _strip(hint)
        if hint in (str, int, float, bool):
            return {"type": {str: "string", int: "integer", float: "number", bool: "boolean"}[hint]}
        origin = typing.get_origin(hint)
        if origin in (list, Sequence, tuple):
            args = typing.get_args(hint)
            return {"type": "array", "items": self.from_python(args[0]) if args else dict(ANY)}
        if inspect.isclass(hint) and issubclass(hint, BaseModel):
            js = TypeAdapter(hint).json_schema(mode="serialization", ref_template="#/$defs/{model}")
            defs = js.pop("$defs", {})
            defs[hint.__name__] = js
            return self.from_json({"$ref": f"#/$defs/{hint.__name__}"}, defs)
        if dataclasses.is_dataclass(hint) and isinstance(hint, type):
            name = hint.__name__.removesuffix("Args")
            token = self.token(name)
            if token not in self.specs:
                hints = _eval(inspect.get_annotations(hint), hint.__module__)
                self.specs[token] = {
                    "type": "object",
                    "description": (inspect.getdoc(hint) or "").split("\n\n")[0],
                    "properties": {
                        camel(f.name): self.from_python(hints.get(f.name, Any)) for f in dataclasses.fields(hint)
                    },
                }
            return {"$ref": f"#/types/{token}"}
        return dict(ANY)


def _enum_name(value: Any) -> str:
    """A value's name in the SDKs: ``CANADA-1`` -> ``CANADA1``, ``os_image`` -> ``OsImage``, 2 -> ``Value2``."""
    words = [w if w.lower() != w else w.capitalize() for w in re.split(r"[^A-Za-z0-9]+", str(value)) if w]
    name = "".join(words)
    return name if name[:1].isalpha() else f"Value{name}"


def _strip(hint: Any) -> Any:
    """``hint`` without ``None``, ``pulumi.Input``/``Output`` and ``Awaitable`` wrappers (a union left = Any)."""
    for _ in range(8):
        origin = typing.get_origin(hint)
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if origin in (typing.Union, types.UnionType):
            plain = [a for a in args if typing.get_origin(a) is not abc.Awaitable and "Output" not in str(a)]
            if len(plain) == 1 or (plain and all(_strip(a) == _strip(plain[0]) for a in plain)):
                hint = plain[0]
                continue
            return Any
        if getattr(origin, "__name__", "") == "Output" and args:
            hint = args[0]
            continue
        return hint
    return hint


def _class_hints(cls: type) -> dict[str, Any]:
    """The annotations of ``cls`` and its bases up to (not including) Pulumi's own classes, evaluated."""
    out: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        if not klass.__module__.startswith("pulumi_barrack"):
            continue
        out.update(_eval(inspect.get_annotations(klass), klass.__module__))
    return out


def _eval(annotations: Mapping[str, Any], module: str) -> dict[str, Any]:
    """String annotations evaluated in ``module`` (those only a type checker can read are left out)."""
    out = {}
    for name, hint in annotations.items():
        try:
            out[name] = eval(hint, vars(sys.modules[module])) if isinstance(hint, str) else hint
        except Exception:
            continue
    return out


@cache
def _known_names() -> frozenset[str]:
    """snake_case names of every property and function (code spans naming one are shown in camelCase)."""
    names = {n for kind in kinds().values() for n in kind.outputs}
    return frozenset(names | {f.name for f in invokes.registry().values()})


def _code(name: str) -> str:
    return f"`{camel(name) if name in _known_names() else name}`"


def markdown(text: str) -> str:
    """A Python docstring fragment as one line of Markdown for every language: ``x`` -> `x`, :class:`X` -> `X`,
    property names in code spans in camelCase."""
    text = re.sub(r":\w+:`([^`]+)`", r"``\1``", " ".join(text.split()))
    text = re.sub(r"``([^`]+)``", lambda m: _code(m.group(1)), text)
    return text.replace("`RuleArgs`", "`RuleSpec`").replace("`TimeoutsArgs`", "`Timeouts`")


def _param_docs(kind: Kind) -> dict[str, str]:
    """``:param x:`` texts of the resource's ``__init__`` docstring (one line each)."""
    doc = inspect.getdoc(kind.resource.__init__) or ""
    return {m.group(1): markdown(m.group(2)) for m in re.finditer(r":param (\w+):(.*?)(?=\n:param |\Z)", doc, re.S)}


def _model_schema(model: Any, mode: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(properties, $defs) of a pydantic model's JSON schema."""
    if model is None:
        return {}, {}
    js = model.model_json_schema(mode=mode, ref_template="#/$defs/{model}")
    return dict(js.get("properties") or {}), dict(js.get("$defs") or {})


def _resource(kind: Kind, t: _Types) -> dict[str, Any]:
    request = kind.core.request_model()
    req_props, req_defs = _model_schema(request, "validation")
    read_props, read_defs = _model_schema(getattr(kind.core.spec, "model", None), "serialization")
    metas = kind.core.field_specs()
    hints = _class_hints(kind.resource)
    init_hints = _eval(inspect.get_annotations(kind.resource.__init__), kind.resource.__module__)
    docs = _param_docs(kind)
    inputs = set(kind.inputs)

    def prop(key: str) -> dict[str, Any]:
        if key in inputs and key in req_props:
            out = t.from_json(req_props[key], req_defs)
        elif key in inputs and key in init_hints:
            out = t.from_python(init_hints[key])
        elif key in read_props:
            out = t.from_json(read_props[key], read_defs)
        else:
            out = t.from_python(hints.get(key, Any))
        text = docs.get(key) or getattr(metas.get(key), "description", None)
        if text := text or read_props.get(key, {}).get("description"):
            out["description"] = text
        if key in kind.secrets:
            out["secret"] = True
        return out

    input_props = {}
    for key in kind.inputs:
        spec = prop(key)
        if kind.core.mode(key) == "replace":
            spec["replaceOnChanges"] = True
        input_props[camel(key)] = spec
    required = [] if kind.core.alternate_create else [camel(k) for k in kind.core.required if k != "name"]
    return {
        "description": _resource_doc(kind),
        "inputProperties": input_props,
        "requiredInputs": sorted(required),
        "properties": {camel(k): prop(k) for k in kind.outputs},
    }


def _resource_doc(kind: Kind) -> str:
    first = (inspect.getdoc(kind.resource) or kind.name).strip()
    init = (inspect.getdoc(kind.resource.__init__) or "").split(":param")[0].strip()
    return markdown(f"{first} {init}") if init else markdown(first)


def _function(f: invokes.Function, t: _Types) -> dict[str, Any]:
    hints = _eval(inspect.get_annotations(f.fn), f.fn.__module__)
    params = f.signature.parameters
    inputs = {
        camel(name): t.from_python(hints.get(name, p.annotation if p.annotation is not p.empty else Any))
        for name, p in params.items()
    }
    required = [camel(n) for n, p in params.items() if p.default is p.empty]
    returns = f.returns
    if f.wrapper:
        outputs: dict[str, Any] = {"type": "object", "properties": {f.wrapper: t.from_python(returns)}}
        outputs["required"] = [f.wrapper]
    else:
        js = TypeAdapter(returns).json_schema(mode="serialization", ref_template="#/$defs/{model}")
        outputs = t.object(js, js.get("$defs") or {})
    doc = (inspect.getdoc(f.fn) or camel(f.name)).strip()
    spec: dict[str, Any] = {"description": markdown(doc), "outputs": outputs}
    if inputs:
        spec["inputs"] = {"type": "object", "properties": inputs, "required": required}
    return spec


def _config_type(annotation: Any) -> str:
    """The Pulumi type of a client setting (``bool | str`` is a boolean: a CA bundle path is not offered)."""
    args = typing.get_args(annotation) or (annotation,)
    for python, pulumi_type in ((bool, "boolean"), (float, "number"), (int, "integer")):
        if python in args:
            return pulumi_type
    return "string"


def _config() -> dict[str, dict[str, Any]]:
    """The provider's settings: the client's ``ClientSettings`` fields the stack config names (type, description,
    environment variable, secret mark)."""
    from shared_client.fields import field_specs
    from shared_client.models import ClientSettings

    metas = field_specs(ClientSettings)
    out = {}
    for key, field in CONFIG_KEYS.items():
        info = ClientSettings.model_fields[field]
        text = (info.description or "").replace("$", "")
        env = ClientSettings.ENV.get(field)
        if env and env not in text:
            text = f"{text}; environment: {env}" if text else f"environment: {env}"
        text = f"{field.replace('_', ' ').capitalize()}: {text}" if text else field.replace("_", " ").capitalize()
        spec: dict[str, Any] = {"type": _config_type(info.annotation), "description": markdown(text)}
        if metas.get(field) is not None and metas[field].secret:
            spec["secret"] = True
        out[key] = spec
    return out


@cache
def package() -> dict[str, Any]:
    """The package schema."""
    all_kinds = kinds()
    reserved = {k.name for k in all_kinds.values()} | {"Provider"}
    probe = _Types(reserved)
    for kind in all_kinds.values():
        _resource(kind, probe)
    t = _Types(reserved | probe.enums)  # an object type named like an enum is <Name>Info
    resources = {token: _resource(kind, t) for token, kind in sorted(all_kinds.items())}
    functions = {token: _function(f, t) for token, f in sorted(invokes.registry().items())}
    config = _config()
    return {
        "name": PROVIDER_NAME,
        "displayName": "Barrack",
        "version": __version__,
        "description": "Manage Barrack GPU cloud instances, volumes, firewalls, SSH keys, startup scripts, snapshots "
        "and custom images.",
        "keywords": ["pulumi", "barrack", "gpu", "category/cloud", "kind/native"],
        "license": "Apache-2.0",
        "publisher": "Barrack IaC",
        "config": {"variables": config},
        "provider": {
            "description": "A Barrack account: the key and connection settings of every resource and function "
            "that uses it. Declare several to use several accounts in one program.",
            "inputProperties": config,
            "properties": {k: v for k, v in config.items() if k != "apiKey"},
        },
        "resources": resources,
        "functions": functions,
        "types": dict(sorted(t.specs.items())),
        "language": {
            "nodejs": {
                "packageName": NPM_PACKAGE,
                "packageDescription": "Pulumi SDK of the native barrack provider (Barrack GPU cloud).",
                "dependencies": {"@pulumi/pulumi": PULUMI_SDK_VERSION},
                "typescriptVersion": TYPESCRIPT_VERSION,
                "respectSchemaVersion": True,
            },
            "go": {
                "importBasePath": GO_IMPORT_BASE,
                "generateResourceContainerTypes": True,
                "respectSchemaVersion": True,
            },
        },
    }


@cache
def text() -> str:
    """The schema as JSON (stable: sorted keys, 2-space indent)."""
    return json.dumps(package(), indent=2, sort_keys=True)


if __name__ == "__main__":
    sys.stdout.write(text() + "\n")
