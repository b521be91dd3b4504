"""shared_client.auto_names: stable names are deterministic, keyed, and valid for every kind of object."""

from __future__ import annotations

import hashlib
import hmac
import re

from shared_client.auto_names import stable_name


def signer(key: str):  # type: ignore[no-untyped-def]
    return lambda message: hmac.new(key.encode(), message, hashlib.sha256).digest()


def test_same_declaration_same_name_other_declaration_other_name() -> None:
    name = stable_name("data", "org/proj/dev//Volume::data", {"region": "FINLAND-1"}, sign=signer("k1"))
    assert re.fullmatch(r"data-[a-z0-9]{7}", name)
    assert name == stable_name("data", "org/proj/dev//Volume::data", {"region": "FINLAND-1"}, sign=signer("k1"))
    others = {
        stable_name("data", "org/proj/prod//Volume::data", {"region": "FINLAND-1"}, sign=signer("k1")),  # stack
        stable_name("data", "org/proj/dev//Volume::data", {"region": "FINLAND-2"}, sign=signer("k1")),  # replace
        stable_name("data", "org/proj/dev//Volume::data", {"region": "FINLAND-1"}, sign=signer("k2")),  # key
    }
    assert name not in others and len(others) == 3


def test_long_or_odd_prefixes_fit_every_name_rule() -> None:
    name = stable_name("-" + "x.y" * 30, "id", {}, sign=signer("k"))
    assert len(name) <= 30 and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*[a-z0-9]", name)
    assert stable_name("...", "id", {}, sign=signer("k")).startswith("barrack-")
