"""Firewall rules and instance security rules (one shape for both)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any

from pydantic import field_validator, model_validator

from shared_client import errors, normalise, rules, vocabulary
from shared_client.errors import ValidationError
from shared_client.fields import FieldMode, spec
from shared_client.models.base import ROOT, Id, ReadModel, RequestModel, fail, nested_error
from shared_client.models.types import one_of


class Rule(ReadModel):
    """A rule as the API returns it (status ``pending`` -> ``SUCCESS``)."""

    id: Id
    direction: str | None = None
    ethertype: str | None = None
    protocol: str | None = None
    port_range_min: int | None = None
    port_range_max: int | None = None
    remote_ip_prefix: str | None = None
    status: str | None = None

    @property
    def name(self) -> str:
        """A readable label (rules have no name)."""
        d = rules.canonical(self)
        ports = "" if d["port_range_min"] is None else f":{d['port_range_min']}-{d['port_range_max']}"
        return f"{d['direction']} {d['ethertype']} {d['protocol']}{ports} {d['remote_ip_prefix']}"

    def canonical(self) -> dict[str, Any]:
        return rules.canonical(self)


C = FieldMode.CREATE_ONLY


class RuleSpec(RequestModel):
    """A rule to add. Only `protocol` is required: the defaults of :mod:`shared_client.rules` fill in the rest
    (ingress, IPv4, every address, one port when only `port_range_min` is given). No ports = all ports (never ports
    for icmp). CIDR is canonicalised."""

    direction: Annotated[str, one_of(vocabulary.DIRECTIONS, message="must be 'ingress' or 'egress'")] = spec(
        C, description="ingress | egress (default ingress)", choices=sorted(vocabulary.DIRECTIONS)
    )
    ethertype: Annotated[str, one_of(vocabulary.ETHERTYPES, message="must be 'IPv4' or 'IPv6'")] = spec(
        C, description="IPv4 | IPv6 (default IPv4)", choices=sorted(vocabulary.ETHERTYPES)
    )
    protocol: str = spec(
        C,
        description="tcp, udp, icmp, any, ... (GET /firewalls/protocols/)",
        choices=sorted(vocabulary.PROTOCOLS),
        open_choices=True,
    )
    port_range_min: int | None = spec(C, None, description="1-65535")
    port_range_max: int | None = spec(C, None, description="1-65535, >= port_range_min")
    remote_ip_prefix: str = spec(C, description="CIDR, e.g. 0.0.0.0/0 (default: every address)")

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        if isinstance(data, Mapping):
            return rules.rule_with_defaults(data)
        return data

    @field_validator("protocol")
    @classmethod
    def _protocol(cls, v: str) -> str:
        p = v.lower()
        if p not in vocabulary.PROTOCOLS:
            raise ValueError(f"{v!r} is not a supported protocol (e.g. tcp, udp, icmp, any)")
        return p

    @field_validator("port_range_min", "port_range_max")
    @classmethod
    def _port(cls, v: int | None) -> int | None:
        if v is not None and not vocabulary.PORT_MIN <= v <= vocabulary.PORT_MAX:
            raise ValueError(f"must be between {vocabulary.PORT_MIN} and {vocabulary.PORT_MAX}")
        return v

    @field_validator("remote_ip_prefix")
    @classmethod
    def _cidr(cls, v: str) -> str:
        return normalise.canonical_cidr(v)

    @model_validator(mode="after")
    def _cross(self) -> RuleSpec:
        lo, hi = self.port_range_min, self.port_range_max
        if (lo is None) != (hi is None):
            missing = "port_range_max" if hi is None else "port_range_min"
            raise fail(missing, "set both port_range_min and port_range_max, or neither (all ports)")
        if lo is not None and hi is not None and lo > hi:
            raise fail("port_range_max", f"must be >= port_range_min ({lo})")
        if lo is not None and self.protocol in vocabulary.PORTLESS_PROTOCOLS:
            raise fail("port_range_min", f"ports cannot be set for protocol {self.protocol}")
        version = normalise.cidr_version(self.remote_ip_prefix)
        if (version == 4) != (self.ethertype == "IPv4"):
            raise fail("remote_ip_prefix", f"an IPv{version} CIDR does not match ethertype {self.ethertype}")
        return self

    def canonical(self) -> dict[str, Any]:
        return rules.canonical(self)


def _each_rule(items: Iterable[Any], convert: Callable[[Any], Any]) -> tuple[list[RuleSpec], dict[str, list[str]]]:
    """Each item as a `RuleSpec`, and the problems keyed ``<index>`` or ``<index>.<rule field>``."""
    out: list[RuleSpec] = []
    problems: dict[str, list[str]] = {}
    for i, item in enumerate(items):
        if isinstance(item, RuleSpec):
            out.append(item)
            continue
        try:
            out.append(RuleSpec.model_validate(convert(item)))
        except TypeError as exc:
            problems.setdefault(str(i), []).append(str(exc))
        except ValidationError as exc:
            for f, msgs in exc.field_errors.items():
                problems.setdefault(str(i) if f == ROOT else f"{i}.{f}", []).extend(msgs)
    return out, problems


def coerce_rules(value: Any) -> Any:
    """Before-validator for rule lists: problems keep their path, so the request model's error names e.g.
    ``rules.1.port_range_min``."""
    if value is None or not isinstance(value, list | tuple):
        return value
    out, problems = _each_rule(value, lambda item: item)
    if problems:
        raise nested_error(problems)
    return out


def rule_specs(given: Iterable[Any], field: str = "rules") -> list[RuleSpec]:
    """Every rule as a validated `RuleSpec` (dicts, dataclasses and models get the documented defaults); all
    problems at once, before any request, as one `errors.ValidationError` naming ``<field>.<index>.<rule field>``."""
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise errors.ValidationError.for_field(field, "must be a list of rules")
    out, problems = _each_rule(given, rules.rule_with_defaults)
    if problems:
        raise errors.ValidationError(f"invalid {field}", field_errors={f"{field}.{k}": v for k, v in problems.items()})
    return out
