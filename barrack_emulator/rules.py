"""Validation rules of the contract: names, rules (CIDR, ports, protocols), SSH keys, sizes and tiers."""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import re
import struct
from typing import Any

from barrack_emulator.catalogue import (
    GPU_COUNTS,
    GPU_MODELS,
    MAX_DESCRIPTION,
    PORTLESS_PROTOCOLS,
    PROTOCOLS,
    REGIONS,
    SSH_KEY_TYPES,
    VOLUME_TYPES,
)
from barrack_emulator.errors import ApiError

# Name rules: (pattern, message). General: instances, snapshots, images, firewalls, scripts.
GENERAL_NAME = (
    re.compile(r"[A-Za-z0-9 ._-]{1,50}"),
    "Must be 1-50 characters of letters, digits, spaces, '-', '_' or '.'.",
)
SSH_KEY_NAME = (
    re.compile(r"[A-Za-z0-9._-]{1,50}"),
    "Must be 1-50 characters of letters, digits, '-', '_' or '.' (no spaces).",
)
VOLUME_NAME = (
    re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_-]{1,28})[A-Za-z0-9]"),
    "Must be 3-30 characters of letters, digits, '-' or '_', not starting or ending with '-' or '_'.",
)
RULE_FIELDS = ("direction", "ethertype", "protocol", "port_range_min", "port_range_max", "remote_ip_prefix")


class Checker:
    """Collects field errors and raises one 400 VALIDATION_ERROR."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def check(self, ok: bool, field: str, message: str) -> bool:
        if not ok:
            self.add(field, message)
        return ok

    def raise_if_any(self) -> None:
        if self.errors:
            raise ApiError(400, "VALIDATION_ERROR", "Invalid request", self.errors)


def check_name(chk: Checker, field: str, value: str, rule: tuple[re.Pattern[str], str] = GENERAL_NAME) -> None:
    pattern, message = rule
    chk.check(pattern.fullmatch(value) is not None and value.strip() != "", field, message)


def check_description(chk: Checker, value: str | None) -> None:
    if value is not None:
        chk.check(
            len(value) <= MAX_DESCRIPTION,
            "description",
            f"Ensure this field has no more than {MAX_DESCRIPTION} characters.",
        )


def check_region(chk: Checker, region: str, field: str = "region") -> str | None:
    """The region's tier, or None (with an error) when unknown."""
    tier = REGIONS.get(region)
    chk.check(tier is not None, field, f"Unknown region; expected one of {', '.join(REGIONS)}.")
    return tier


def check_gpu(chk: Checker, tier: str | None, model: str, count: int) -> None:
    spec = GPU_MODELS.get(model)
    if not chk.check(spec is not None, "gpu_model", f"Unknown GPU model; expected one of {', '.join(GPU_MODELS)}."):
        return
    assert spec is not None
    if tier is not None:
        chk.check(spec["tier"] == tier, "gpu_model", f"GPU model {model} is not available in the {tier} tier.")
    allowed = [n for n in GPU_COUNTS if n <= spec["max_count"]]
    chk.check(count in allowed, "gpu_count", f"gpu_count must be one of {allowed} for {model}.")


def check_volume_size(chk: Checker, volume_type: str, size: int, field: str = "size_gb") -> None:
    spec = VOLUME_TYPES[volume_type]
    chk.check(
        spec["min_gb"] <= size <= spec["max_gb"],
        field,
        f"{volume_type} volumes must be {spec['min_gb']}-{spec['max_gb']} GB.",
    )


def normalise_rule(chk: Checker, body: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Validate a firewall/security rule body and return its canonical form."""
    direction = body.get("direction")
    ethertype = body.get("ethertype") or "IPv4"
    protocol = body.get("protocol")
    pmin = body.get("port_range_min")
    pmax = body.get("port_range_max")
    prefix_value = body.get("remote_ip_prefix")
    chk.check(direction in ("ingress", "egress"), f"{prefix}direction", "Must be 'ingress' or 'egress'.")
    chk.check(ethertype in ("IPv4", "IPv6"), f"{prefix}ethertype", "Must be 'IPv4' or 'IPv6'.")
    chk.check(protocol in PROTOCOLS, f"{prefix}protocol", "Unsupported protocol; see GET /firewalls/protocols/.")
    if (pmin is None) != (pmax is None):
        chk.add(f"{prefix}port_range_min", "port_range_min and port_range_max must be given together.")
    elif pmin is not None and pmax is not None:
        if protocol in PORTLESS_PROTOCOLS:
            chk.add(f"{prefix}port_range_min", f"Ports are not allowed for protocol {protocol}.")
        ok_min = chk.check(1 <= pmin <= 65535, f"{prefix}port_range_min", "Must be between 1 and 65535.")
        ok_max = chk.check(1 <= pmax <= 65535, f"{prefix}port_range_max", "Must be between 1 and 65535.")
        if ok_min and ok_max:
            chk.check(pmin <= pmax, f"{prefix}port_range_max", "Must be greater than or equal to port_range_min.")
    cidr: str | None = None
    if prefix_value is None:
        cidr = "0.0.0.0/0" if ethertype != "IPv6" else "::/0"
    else:
        try:
            net = ipaddress.ip_network(prefix_value.strip(), strict=False)
        except ValueError:
            chk.add(f"{prefix}remote_ip_prefix", "Enter a valid CIDR, e.g. 10.0.0.0/8.")
        else:
            if isinstance(net, ipaddress.IPv6Network) and net.network_address.scope_id is not None:
                chk.add(f"{prefix}remote_ip_prefix", "A zone/scope id (%...) is not allowed in a CIDR.")
            elif chk.check(
                (net.version == 4) == (ethertype == "IPv4") or ethertype not in ("IPv4", "IPv6"),
                f"{prefix}remote_ip_prefix",
                f"The CIDR does not match ethertype {ethertype}.",
            ):
                cidr = str(net)
    return dict(zip(RULE_FIELDS, (direction, ethertype, protocol, pmin, pmax, cidr), strict=True))


def rule_key(rule: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two rules duplicates."""
    return tuple(rule[k] for k in RULE_FIELDS)


def ssh_fingerprint(chk: Checker, public_key: str) -> str | None:
    """Validate an OpenSSH one-line public key; return ``SHA256:<unpadded base64>`` of its blob."""
    text = public_key.strip()
    parts = text.split()
    if "\n" in text or "\r" in text or len(parts) < 2:
        chk.add("public_key", "Must be a one-line OpenSSH public key: '<type> <base64> [comment]'.")
        return None
    key_type, blob_b64 = parts[0], parts[1]
    if not chk.check(
        key_type in SSH_KEY_TYPES,
        "public_key",
        f"Unsupported key type; expected one of {', '.join(sorted(SSH_KEY_TYPES))}.",
    ):
        return None
    try:
        blob = base64.b64decode(blob_b64, validate=True)
    except (binascii.Error, ValueError):
        chk.add("public_key", "The key data is not valid base64.")
        return None
    if len(blob) < 4:
        chk.add("public_key", "The key data is too short.")
        return None
    (n,) = struct.unpack(">I", blob[:4])
    if blob[4 : 4 + n] != key_type.encode():
        chk.add("public_key", "The key data does not match the key type.")
        return None
    digest = base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
    return f"SHA256:{digest}"
