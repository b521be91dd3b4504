"""The user-facing resource base class and common args: props building, secrets, auto-naming, ``get``."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, ClassVar, Self

import pulumi
import pulumi.dynamic

from pulumi_barrack._provider import AUTO_NAME, AUTO_NAME_KEY, BarrackProvider
from pulumi_barrack._stable import resource_identity
from pulumi_barrack._version import SCHEMA_VERSION


@dataclasses.dataclass
class TimeoutsArgs:
    """How long (seconds) create, update and delete may wait for the object to settle."""

    create: pulumi.Input[float] | None = None
    update: pulumi.Input[float] | None = None
    delete: pulumi.Input[float] | None = None


@dataclasses.dataclass
class RuleArgs:
    """A firewall rule or instance security rule. Only ``protocol`` is required; unset fields take the shared
    client's rule defaults (``ingress``, ``IPv4``, every address of the ethertype, one port when only
    ``port_range_min`` is given), the same as in the Ansible modules."""

    protocol: pulumi.Input[str] | None = None
    """``tcp``, ``udp``, ``icmp``, ``any``, ... (see ``get_firewall_protocols``). Required."""
    direction: pulumi.Input[str] | None = None
    """``ingress`` or ``egress``."""
    ethertype: pulumi.Input[str] | None = None
    """``IPv4`` or ``IPv6``."""
    port_range_min: pulumi.Input[int] | None = None
    port_range_max: pulumi.Input[int] | None = None
    remote_ip_prefix: pulumi.Input[str] | None = None
    """A CIDR, e.g. ``10.0.0.0/8``."""


def plain(value: Any) -> Any:
    """Turn ``*Args`` dataclasses (possibly nested in lists/dicts) into dicts, dropping unset fields."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


class BarrackResource(pulumi.dynamic.Resource):
    """Base of every Barrack resource: ``X(resource_name, args=XArgs(...), opts, **inputs)`` (keyword inputs win
    over ``args``) builds the props from both."""

    provider_class: ClassVar[type[BarrackProvider]]
    adopt: pulumi.Output[bool | None]
    timeouts: pulumi.Output[dict[str, float] | None]
    schema_version: pulumi.Output[int]
    secret_outputs: ClassVar[tuple[str, ...]] = ()
    defaults: ClassVar[dict[str, Any]] = {}

    def _setup(
        self, resource_name: str, args: Any, opts: pulumi.ResourceOptions | None, given: Mapping[str, Any]
    ) -> None:
        """Called by each ``__init__`` with its ``locals()``."""
        provider = self.provider_class()
        names = provider.input_names()
        props: dict[str, Any] = {key: None for key in provider.output_names()}
        if args is not None:
            props.update({f.name: plain(getattr(args, f.name)) for f in dataclasses.fields(args)})
        props.update({k: plain(v) for k, v in given.items() if k in names and v is not None})
        lookup = opts is not None and opts.id is not None
        if not lookup:
            props.update({k: v for k, v in self.defaults.items() if props.get(k) is None})
            if "name" in provider.model_inputs and props.get("name") is None:
                props[AUTO_NAME] = resource_name
                props[AUTO_NAME_KEY] = resource_identity(type(self)._resource_type_name, resource_name, opts)
        props["schema_version"] = SCHEMA_VERSION
        secret = tuple(provider.secret_inputs()) + self.secret_outputs
        for key in provider.secret_inputs():
            if props.get(key) is not None:
                props[key] = pulumi.Output.secret(props[key])
        if secret:
            opts = pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(additional_secret_outputs=list(secret)))
        super().__init__(provider, resource_name, props, opts)

    @classmethod
    def get(cls, resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None) -> Self:
        """Look up an existing object by its Barrack ``id``: the resource gets every output (nothing is created or
        managed)."""
        return cls(resource_name, opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id)))  # type: ignore[call-arg, arg-type]
