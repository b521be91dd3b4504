"""Annotated field types carrying the documented rules (reused by several request models)."""

from __future__ import annotations

from collections.abc import Collection, Hashable
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BeforeValidator

from shared_client import ids, normalise, vocabulary

H = TypeVar("H", bound=Hashable)


def one_of(choices: Collection[H], what: str = "", message: str = "") -> AfterValidator:
    """Accept only `choices`. The error is `message`, else ``unknown <what> 'x'; one of ...`` (table order), else
    ``must be one of ...`` (sorted)."""

    def check(v: H) -> H:
        if v not in choices:
            if what:
                raise ValueError(message or f"unknown {what} {v!r}; one of {', '.join(map(str, choices))}")
            raise ValueError(message or f"must be one of {', '.join(sorted(map(str, choices)))}")
        return v

    return AfterValidator(check)


def check_description(v: str) -> str:
    if len(v) > vocabulary.MAX_DESCRIPTION:
        raise ValueError(f"at most {vocabulary.MAX_DESCRIPTION} characters")
    return v


def check_not_blank(v: str) -> str:
    if not v.strip():
        raise ValueError("must not be empty")
    return v


def check_content(v: str) -> str:
    if len(check_not_blank(v).encode()) > vocabulary.MAX_SCRIPT_BYTES:
        raise ValueError(f"is {len(v.encode())} bytes; at most {vocabulary.MAX_SCRIPT_BYTES} (64 KiB)")
    return v


def check_id(v: str) -> str:
    if not ids.ID_RE.fullmatch(v):
        raise ValueError(ids.ID_RULE)
    return v


def ids_as_str(v: Any) -> Any:
    """Numbers in an id list are read as strings (ids are opaque)."""
    if isinstance(v, list | tuple | set | frozenset):
        return [str(i) if isinstance(i, int) and not isinstance(i, bool) else i for i in v]
    return v


def check_id_list(v: list[str]) -> list[str]:
    if any(not ids.ID_RE.fullmatch(i) for i in v):
        raise ValueError(f"each id {ids.ID_RULE}")
    if len(set(v)) != len(v):
        raise ValueError("lists an id twice")
    return v


GeneralName = Annotated[str, AfterValidator(normalise.check_general_name)]
VolumeName = Annotated[str, AfterValidator(normalise.check_volume_name)]
SshKeyName = Annotated[str, AfterValidator(normalise.check_ssh_key_name)]
Description = Annotated[str, AfterValidator(check_description)]
NotBlank = Annotated[str, AfterValidator(check_not_blank)]
Content = Annotated[str, AfterValidator(check_content)]
RegionName = Annotated[str, one_of(vocabulary.REGIONS, "region")]
GpuModelName = Annotated[str, one_of(vocabulary.GPU_MODELS, "GPU model")]
GpuCount = Annotated[int, one_of(vocabulary.GPU_COUNTS)]
VolumeTypeName = Annotated[str, one_of(vocabulary.VOLUME_TYPES, "volume type")]
RefId = Annotated[str, AfterValidator(check_id)]
IdList = Annotated[list[str], BeforeValidator(ids_as_str), AfterValidator(check_id_list)]
"""Distinct ids (numbers read as strings)."""
