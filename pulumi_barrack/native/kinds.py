"""The native provider's resource table: one entry per dynamic resource class, and camelCase <-> snake_case.

A kind's token is ``barrack:index:<Class>``; its core is the dynamic resource's provider class; its secret
properties are the core's secret inputs plus the resource's declared secret outputs. Nothing here is per kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import pulumi_barrack as dynamic
from pulumi_barrack._provider import AUTO_NAME, AUTO_NAME_KEY, BarrackProvider
from pulumi_barrack._resource import BarrackResource
from pulumi_barrack.native import PROVIDER_NAME

HIDDEN = {AUTO_NAME: "__autoName", AUTO_NAME_KEY: "__autoNameKey"}
"""Core inputs kept in state under an internal (``__``, never displayed) name."""
_UNHIDDEN = {v: k for k, v in HIDDEN.items()}
DROPPED = frozenset({"schema_version"})
"""Core inputs of the dynamic resources only (a plugin has a version of its own)."""

_CAMEL = re.compile(r"_([a-z0-9])")
_SNAKE = re.compile(r"([A-Z])")
_PLAIN_CAMEL = re.compile(r"[a-z][a-zA-Z0-9]*")


def camel(name: str) -> str:
    """``port_range_min`` -> ``portRangeMin`` (other keys, e.g. ``H100-SXM5``, unchanged)."""
    return HIDDEN.get(name) or _CAMEL.sub(lambda m: m.group(1).upper(), name)


def snake(name: str) -> str:
    """``portRangeMin`` -> ``port_range_min``; the inverse of :func:`camel` on the core's names."""
    if name in _UNHIDDEN:
        return _UNHIDDEN[name]
    return _SNAKE.sub(lambda m: "_" + m.group(1).lower(), name) if _PLAIN_CAMEL.fullmatch(name) else name


def _rekey(value: Any, name: Callable[[str], str]) -> Any:
    if isinstance(value, Mapping):
        return {name(str(k)): _rekey(v, name) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rekey(v, name) for v in value]
    return value


def to_camel(value: Any) -> Any:
    """Every mapping key of ``value`` (recursively) in camelCase."""
    return _rekey(value, camel)


def to_snake(value: Any) -> Any:
    """Every mapping key of ``value`` (recursively) in the core's snake_case."""
    return _rekey(value, snake)


@dataclass(frozen=True)
class Kind:
    """One resource kind as the plugin serves it (token ``barrack:index:<Class>``)."""

    resource: type[BarrackResource]
    core: BarrackProvider

    @property
    def name(self) -> str:
        return self.resource.__name__

    @property
    def inputs(self) -> list[str]:
        """The core's input names this plugin exposes (snake_case, sorted)."""
        return sorted(self.core.input_names() - DROPPED - HIDDEN.keys())

    @property
    def outputs(self) -> list[str]:
        """Every output (inputs included), snake_case, sorted."""
        return sorted(self.core.output_names() - DROPPED - HIDDEN.keys())

    @property
    def secrets(self) -> frozenset[str]:
        """Properties stored and shown as secrets (snake_case)."""
        return frozenset(self.core.secret_inputs()) | frozenset(self.resource.secret_outputs)

    @property
    def auto_named(self) -> bool:
        """Whether the kind has a ``name`` the plugin fills in when the program sets none."""
        return "name" in self.core.model_inputs


def resources() -> list[type[BarrackResource]]:
    """Every resource class ``pulumi_barrack`` exports: a kind added there is served here too (then regenerate
    the schema and SDKs with ``scripts/gen-sdk``)."""
    found = (getattr(dynamic, name) for name in dynamic.__all__)
    return [r for r in found if isinstance(r, type) and issubclass(r, BarrackResource) and r is not BarrackResource]


@cache
def kinds() -> dict[str, Kind]:
    """Every kind by token."""
    return {f"{PROVIDER_NAME}:index:{r.__name__}": Kind(r, r.provider_class()) for r in resources()}


def by_urn(urn: str) -> Kind:
    """The kind of a resource URN (``urn:pulumi:stack::project::barrack:index:Volume::name``)."""
    token = urn.split("::")[-2] if "::" in urn else urn
    found = kinds().get(token.rsplit("$", 1)[-1])
    if found is None:
        raise KeyError(f"unknown resource type {token!r} (this provider serves {', '.join(sorted(kinds()))})")
    return found


def urn_name(urn: str) -> str:
    """The resource name of a URN."""
    return urn.split("::")[-1]
