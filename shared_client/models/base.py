"""Base classes: read models (tolerant) and request models (strict, validated before any request)."""

from __future__ import annotations

import functools
import types
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

import pydantic
from pydantic import BaseModel, BeforeValidator, ConfigDict, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError
from typing_extensions import Self  # typing.Self is Python 3.11+

from shared_client.errors import ValidationError
from shared_client.fields import field_specs


def _to_str(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Id = Annotated[str, BeforeValidator(_to_str)]
"""Ids are opaque strings (numbers sent by the server are read as strings)."""


class ReadModel(BaseModel):
    """An object as the API returns it. Unknown fields are kept, every field but the id is optional."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, defer_build=True)
    _unknown: frozenset[str] = PrivateAttr(default=frozenset())

    @property
    def unknown_fields(self) -> frozenset[str]:
        """Fields of a plan's preview that only the server will know: they hold the placeholder string
        ``shared_client.plan.KNOWN_AFTER_APPLY`` whatever their type (empty for an object the API sent)."""
        return self._unknown

    def with_unknown(self, fields: Mapping[str, str]) -> Self:
        """A copy with `fields` set to their placeholders without validation (see :attr:`unknown_fields`)."""
        copy = self.model_copy(update=dict(fields))
        copy._unknown = self._unknown | frozenset(fields)
        return copy

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict with wire names (fields the API did not send are left out)."""
        if not self._unknown:
            return self.model_dump(mode="json", exclude_unset=True)
        out = self.model_dump(mode="json", exclude_unset=True, exclude=set(self._unknown))
        return {**out, **{name: getattr(self, name) for name in self._unknown}}

    def current_values(self) -> dict[str, Any]:
        """The object as values of its kind's request model (what a plan compares the desired state with); kinds
        whose wire names differ from the request's override this."""
        return self.to_dict()


class ResourceModel(ReadModel):
    """The read model of a resource kind (instance, volume, SSH key, ...): it has an id and a name, each a field or
    a property (an instance's ``instance_id`` and ``vm_name``)."""

    if TYPE_CHECKING:  # for type checkers only: a property here would shadow the fields of the subclasses

        @property
        def id(self) -> str: ...

        @property
        def name(self) -> str | None: ...


class NameKeyed(ReadModel):
    """A catalogue entry identified by its `name`."""

    name: str

    @property
    def id(self) -> str:
        return self.name


class InstanceKeyed(ReadModel):
    """An instance or a view of one: `id` is `instance_id`, `name` is `vm_name`."""

    instance_id: Id
    vm_name: str | None = None

    @property
    def id(self) -> str:
        return self.instance_id

    @property
    def name(self) -> str | None:
        return self.vm_name


_PREFIX = "Value error, "
ROOT = "__root__"
"""`field_errors` key of a problem with the object as a whole."""
NESTED = "barrack_nested"
"""pydantic error type carrying the `field_errors` of objects validated inside a field (rule lists)."""


def nested_error(field_errors: dict[str, list[str]]) -> PydanticCustomError:
    """An error for a field validator whose items failed: `field_errors` are relative to the field (``"1.protocol"``);
    :func:`from_pydantic` prefixes them with the field's path."""
    summary = "; ".join(f"{k}: {m}" for k, msgs in field_errors.items() for m in msgs)
    return PydanticCustomError(NESTED, "{summary}", {"summary": summary, "field_errors": field_errors})


def from_pydantic(exc: pydantic.ValidationError, model: str) -> ValidationError:
    """Convert pydantic's error into ours: `field_errors` maps each field (dotted path) to messages."""
    field_errors: dict[str, list[str]] = {}
    for err in exc.errors(include_url=False, include_input=False):
        loc = ".".join(str(p) for p in err.get("loc", ())) or ROOT
        nested = (err.get("ctx") or {}).get("field_errors") if err.get("type") == NESTED else None
        if isinstance(nested, dict):
            for sub, msgs in nested.items():
                field_errors.setdefault(sub if loc == ROOT else f"{loc}.{sub}", []).extend(msgs)
            continue
        msg = str(err.get("msg", "invalid"))
        if msg.startswith(_PREFIX):
            msg = msg[len(_PREFIX) :]
        if err.get("type") == "extra_forbidden":
            msg = "unknown field (not accepted by the API)"
        elif err.get("type") == "missing":
            msg = "is required"
        field_errors.setdefault(loc, []).append(msg)
    return ValidationError(f"invalid {model}", field_errors=field_errors)


def _is_int_annotation(annotation: Any) -> bool:
    if get_origin(annotation) is Annotated:  # `GpuCount | None`: the union keeps the alias
        return _is_int_annotation(get_args(annotation)[0])
    if get_origin(annotation) in (Union, types.UnionType):
        args = get_args(annotation)
        return bool not in args and any(_is_int_annotation(a) for a in args)
    return annotation is int


@functools.cache
def _int_fields(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(n for n, f in model.model_fields.items() if _is_int_annotation(f.annotation))


class RequestModel(BaseModel):
    """A request body. Unknown fields are rejected; documented rules are checked on construction and raise
    :class:`shared_client.errors.ValidationError` (never pydantic's own error).

    Integer fields accept what config systems produce — integral numeric strings (``"100"``, ``" 100 "``,
    ``"100.0"``) and integral floats (``100.0``) — and always hold an ``int``; booleans, fractions and other strings
    are a `ValidationError` naming the field."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _no_bool_for_int(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for name in _int_fields(cls):
                if isinstance(data.get(name), bool):
                    raise fail(name, "must be a whole number, not true/false")
        return data

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except pydantic.ValidationError as exc:
            raise from_pydantic(exc, type(self).__name__) from None

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().model_validate(obj, *args, **kwargs)
        except pydantic.ValidationError as exc:
            raise from_pydantic(exc, cls.__name__) from None

    @classmethod
    @functools.cache
    def body_excluded(cls) -> frozenset[str]:
        """Fields never sent in the request body (metadata ``in_body=False``)."""
        return frozenset(n for n, s in field_specs(cls).items() if not s.in_body)

    def to_body(self) -> dict[str, Any]:
        """The JSON body: only the fields the caller set (None values dropped), wire names."""
        return self.model_dump(
            mode="json", exclude_unset=True, exclude_none=True, exclude=set(self.body_excluded()) or None
        )

    def values(self) -> dict[str, Any]:
        """The fields the caller set (including ones not sent in the body), for diffing."""
        return self.model_dump(mode="json", exclude_unset=True)

    def derived(self) -> dict[str, Any]:
        """Wire fields of the object this request creates that the client computes itself (a plan's preview shows
        them instead of a placeholder); none by default."""
        return {}


def fail(field: str, message: str) -> ValidationError:
    """A client-side validation error on one field (raised from model validators; pydantic passes it on)."""
    return ValidationError.for_field(field, message)
