"""The plugin's functions (``barrack:index:get<Thing>``): :mod:`pulumi_barrack.functions` with the provider's
credentials. Arguments are the Python parameters in camelCase; an object result is returned as its fields, a list
as ``{"items": [...]}`` and a number as ``{"value": ...}`` (Pulumi functions return objects).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import TypeAdapter

from pulumi_barrack import functions
from pulumi_barrack.native import PROVIDER_NAME
from pulumi_barrack.native.adapter import require_key, user_errors
from pulumi_barrack.native.kinds import camel, to_camel, to_snake


@dataclass(frozen=True)
class Function:
    """One function as the plugin serves it."""

    name: str  # the Python name, e.g. get_volume
    fn: Callable[..., Any]

    @property
    def token(self) -> str:
        return f"{PROVIDER_NAME}:index:{camel(self.name)}"

    @property
    def signature(self) -> inspect.Signature:
        return inspect.signature(self.fn, eval_str=True)

    @property
    def returns(self) -> Any:
        """The result type."""
        return self.signature.return_annotation

    @property
    def wrapper(self) -> str | None:
        """The key a non-object result is returned under (``items`` or ``value``), or None for an object."""
        if getattr(self.returns, "__origin__", None) is list:
            return "items"
        return "value" if self.returns in (float, int, str, bool) else None


@cache
def registry() -> dict[str, Function]:
    """Every function by token (the ``get_x`` of :mod:`pulumi_barrack.functions`; their ``*_output`` twins are
    what Pulumi's SDKs generate themselves)."""
    out = {}
    for name in functions.__dict__:
        value = getattr(functions, name)
        if name.startswith("get_") and not name.endswith("_output") and callable(value):
            f = Function(name, value)
            out[f.token] = f
    return out


def invoke(token: str, args: Mapping[str, Any], config: Mapping[str, str]) -> dict[str, Any]:
    """Call the function ``token`` with camelCase ``args`` and the provider's ``config`` (which the Python
    functions read as the program's ``barrack:`` config); the result as a camelCase object."""
    from pulumi.runtime import config as runtime_config

    f = registry().get(token)
    if f is None:
        raise KeyError(f"unknown function {token!r}")
    require_key()
    # the runtime config is a context variable: set it in this call's thread
    runtime_config.set_all_config({f"barrack:{k}": v for k, v in config.items()}, ["barrack:apiKey"])
    kwargs = {k: v for k, v in dict(to_snake(args)).items() if v is not None}
    params = f.signature.parameters
    for k, v in kwargs.items():  # the engine's numbers are floats
        if isinstance(v, float) and v.is_integer() and k in params and "int" in str(params[k].annotation):
            kwargs[k] = int(v)
    with user_errors(camel(f.name)):
        result = f.fn(**kwargs)
        plain = TypeAdapter(f.returns).dump_python(result, mode="json")
    value = to_camel(plain)
    return {f.wrapper: value} if f.wrapper else dict(value)
