"""Canonical forms used for validation and comparison: names, CIDRs, rules, id sets, SSH public keys."""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import re
import struct
from collections.abc import Iterable, Mapping
from typing import Any

from shared_client import catalog

GENERAL_NAME_RE = re.compile(r"[A-Za-z0-9 ._-]{1,50}")
SSH_KEY_NAME_RE = re.compile(r"[A-Za-z0-9._-]{1,50}")
VOLUME_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{1,28}[A-Za-z0-9]")

GENERAL_NAME_RULE = "must be 1-50 characters of letters, digits, space, '-', '_' or '.'"
SSH_KEY_NAME_RULE = "must be 1-50 characters of letters, digits, '-', '_' or '.' (no spaces)"
VOLUME_NAME_RULE = "must be 3-30 characters of letters, digits, '-' or '_', not starting or ending with '-' or '_'"


def check_general_name(value: str) -> str:
    """Instance, snapshot, image, firewall, script names (raises ValueError with the rule)."""
    if not GENERAL_NAME_RE.fullmatch(value) or not value.strip():
        raise ValueError(GENERAL_NAME_RULE)
    return value


def check_ssh_key_name(value: str) -> str:
    if not SSH_KEY_NAME_RE.fullmatch(value):
        raise ValueError(SSH_KEY_NAME_RULE)
    return value


def check_volume_name(value: str) -> str:
    if not VOLUME_NAME_RE.fullmatch(value):
        raise ValueError(VOLUME_NAME_RULE)
    return value


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


RULE_KEYS = ("direction", "ethertype", "protocol", "port_range_min", "port_range_max", "remote_ip_prefix")


def canonical_rule(rule: Mapping[str, Any] | Any) -> tuple[Any, ...]:
    """A rule as a hashable, comparable tuple of its RULE_KEYS (ids and statuses ignored).

    Accepts a dict or any object with the rule attributes (read or request model); missing fields take the rule
    defaults of :mod:`shared_client.rules`. Protocol is lower-cased, the portless protocols compare without ports,
    CIDRs are canonical.
    """
    get = rule.get if isinstance(rule, Mapping) else (lambda k: getattr(rule, k, None))
    protocol = str(get("protocol") or "any").lower()
    pmin, pmax = get("port_range_min"), get("port_range_max")
    if protocol in catalog.PORTLESS_PROTOCOLS:
        pmin = pmax = None
    if pmin is not None and pmax is None:
        pmax = pmin
    prefix = get("remote_ip_prefix")
    ethertype = get("ethertype") or catalog.DEFAULT_ETHERTYPE
    if prefix is None:
        prefix = catalog.ANY_PREFIX.get(str(ethertype), catalog.ANY_PREFIX["IPv6"])
    return (
        str(get("direction") or catalog.DEFAULT_DIRECTION),
        str(ethertype),
        protocol,
        int(pmin) if pmin is not None else None,
        int(pmax) if pmax is not None else None,
        canonical_cidr(str(prefix)),
    )


def _rule_sort_key(t: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple((0, "") if v is None else (1, v) if isinstance(v, int) else (2, v) for v in t)


def canonical_rules(rules: Iterable[Mapping[str, Any] | Any] | None) -> list[dict[str, Any]]:
    """Rules as a sorted, de-duplicated list of canonical dicts (the form used to compare rule sets)."""
    tuples = {canonical_rule(r) for r in rules or ()}
    return [dict(zip(RULE_KEYS, t, strict=True)) for t in sorted(tuples, key=_rule_sort_key)]


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
    if key_type not in catalog.SSH_KEY_TYPES:
        raise ValueError(f"key type {key_type!r} is not one of {', '.join(sorted(catalog.SSH_KEY_TYPES))}")
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
