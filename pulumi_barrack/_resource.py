"""Shared pieces of the user-facing resource classes: common args, props building, secret outputs."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi

from pulumi_barrack._version import SCHEMA_VERSION


@dataclasses.dataclass
class TimeoutsArgs:
    """How long (seconds) create, update and delete may wait for the object to settle."""

    create: pulumi.Input[float] | None = None
    update: pulumi.Input[float] | None = None
    delete: pulumi.Input[float] | None = None


@dataclasses.dataclass
class RuleArgs:
    """A firewall rule or instance security rule."""

    direction: pulumi.Input[str]
    """``ingress`` or ``egress``."""
    ethertype: pulumi.Input[str] = "IPv4"
    """``IPv4`` or ``IPv6``."""
    protocol: pulumi.Input[str] = "tcp"
    """``tcp``, ``udp``, ``icmp``, ``any``, ... (see the API's supported protocols)."""
    port_range_min: pulumi.Input[int] | None = None
    port_range_max: pulumi.Input[int] | None = None
    remote_ip_prefix: pulumi.Input[str] | None = None
    """A CIDR, e.g. ``0.0.0.0/0``."""


def plain(value: Any) -> Any:
    """Turn ``*Args`` dataclasses (possibly nested in lists/dicts) into dicts, dropping unset fields."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if getattr(value, f.name) is not None
        }
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def build_props(args: Any, overrides: Mapping[str, Any], outputs: Sequence[str]) -> dict[str, Any]:
    """Props for ``dynamic.Resource.__init__``: args merged with keyword overrides, outputs seeded with None."""
    props: dict[str, Any] = {name: None for name in outputs}
    if args is not None:
        for f in dataclasses.fields(args):
            value = getattr(args, f.name)
            if value is not None:
                props[f.name] = plain(value)
    for key, value in overrides.items():
        if value is not None:
            props[key] = plain(value)
    if props.get("schema_version") is None:
        props["schema_version"] = SCHEMA_VERSION
    return props


def with_secret_outputs(opts: pulumi.ResourceOptions | None, secret: Sequence[str]) -> pulumi.ResourceOptions | None:
    """Merge ``additional_secret_outputs`` into the user's options."""
    if not secret:
        return opts
    extra = pulumi.ResourceOptions(additional_secret_outputs=list(secret))
    return pulumi.ResourceOptions.merge(opts, extra)


COMMON_OUTPUTS = ("adopt", "timeouts", "schema_version")
