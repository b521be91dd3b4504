"""Canonical forms used for validation and comparison: names, CIDRs, id sets, SSH public keys (rules: `rules`)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import re
import struct
from collections.abc import Callable, Iterable
from typing import Any

from shared_client import vocabulary


def _name_check(pattern: str, rule: str) -> Callable[[str], str]:
    """A check returning a valid name, raising ValueError with `rule` otherwise (blank names are never valid)."""
    regex = re.compile(pattern)

    def check(value: str) -> str:
        if not regex.fullmatch(value) or not value.strip():
            raise ValueError(rule)
        return value

    return check


# instance, snapshot, image, firewall and script names
check_general_name = _name_check(
    r"[A-Za-z0-9 ._-]{1,50}", "must be 1-50 characters of letters, digits, space, '-', '_' or '.'"
)
check_ssh_key_name = _name_check(
    r"[A-Za-z0-9._-]{1,50}", "must be 1-50 characters of letters, digits, '-', '_' or '.' (no spaces)"
)
check_volume_name = _name_check(
    r"[A-Za-z0-9][A-Za-z0-9_-]{1,28}[A-Za-z0-9]",
    "must be 3-30 characters of letters, digits, '-' or '_', not starting or ending with '-' or '_'",
)


def canonical_cidr(value: str) -> str:
    """`10.0.0.5/24` -> `10.0.0.0/24`; a bare address gets its full prefix. ValueError when not a CIDR; a scoped
    IPv6 prefix (``fe80::%eth0/64``: the zone names an interface of one machine) is not one."""
    if "%" in value:
        raise ValueError(f"{value!r} has an IPv6 zone (%...), which names a local interface; give a CIDR without it")
    try:
        return str(ipaddress.ip_network(value.strip(), strict=False))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid CIDR (e.g. 10.0.0.0/24 or ::/0)") from exc


def cidr_version(value: str) -> int:
    return ipaddress.ip_network(value, strict=False).version


def sorted_ids(ids: Iterable[Any] | None) -> list[str]:
    """Ids compared as a set: strings, de-duplicated, sorted."""
    return sorted({str(i) for i in ids or ()})


def parse_public_key(value: str) -> tuple[str, bytes]:
    """Split an OpenSSH one-line public key into (type, blob). ValueError naming the problem."""
    text = value.strip()
    if "\n" in text or "\r" in text:
        raise ValueError("must be a single-line OpenSSH public key")
    parts = text.split()
    if len(parts) < 2:
        raise ValueError("must look like '<type> <base64> [comment]' (OpenSSH format)")
    key_type, b64 = parts[0], parts[1]
    if key_type not in vocabulary.SSH_KEY_TYPES:
        raise ValueError(f"key type {key_type!r} is not one of {', '.join(sorted(vocabulary.SSH_KEY_TYPES))}")
    try:
        blob = base64.b64decode(b64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("the key body is not valid base64") from exc
    if len(blob) < 4:
        raise ValueError("the key body is too short")
    (n,) = struct.unpack(">I", blob[:4])
    if blob[4 : 4 + n] != key_type.encode():
        raise ValueError(f"the key body does not hold a {key_type} key")
    return key_type, blob


def canonical_public_key(value: str) -> str:
    """`type base64` (the comment is dropped); unparseable input is returned stripped."""
    parts = value.strip().split()
    return " ".join(parts[:2]) if len(parts) >= 2 else value.strip()


def ssh_fingerprint(public_key: str) -> str:
    """`SHA256:<unpadded base64 of sha256(blob)>`, as `ssh-keygen -l` prints."""
    _, blob = parse_public_key(public_key)
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
