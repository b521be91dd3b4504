"""Annotated field types carrying the documented rules (reused by several request models)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator

from shared_client import ids, normalise, vocabulary


def check_description(v: str) -> str:
    if len(v) > vocabulary.MAX_DESCRIPTION:
        raise ValueError(f"at most {vocabulary.MAX_DESCRIPTION} characters")
    return v


def check_content(v: str) -> str:
    if not v.strip():
        raise ValueError("must not be empty")
    if len(v.encode()) > vocabulary.MAX_SCRIPT_BYTES:
        raise ValueError(f"is {len(v.encode())} bytes; at most {vocabulary.MAX_SCRIPT_BYTES} (64 KiB)")
    return v


def check_region(v: str) -> str:
    if v not in vocabulary.REGIONS:
        raise ValueError(f"unknown region {v!r}; one of {', '.join(vocabulary.REGIONS)}")
    return v


def check_id(v: str) -> str:
    if not ids.ID_RE.fullmatch(v):
        raise ValueError(ids.ID_RULE)
    return v


GeneralName = Annotated[str, AfterValidator(normalise.check_general_name)]
VolumeName = Annotated[str, AfterValidator(normalise.check_volume_name)]
SshKeyName = Annotated[str, AfterValidator(normalise.check_ssh_key_name)]
Description = Annotated[str, AfterValidator(check_description)]
Content = Annotated[str, AfterValidator(check_content)]
RegionName = Annotated[str, AfterValidator(check_region)]
RefId = Annotated[str, AfterValidator(check_id)]
