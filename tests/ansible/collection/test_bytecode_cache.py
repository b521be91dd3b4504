"""The bytecode cache of the built collection's vendored client (scripts/collection_build/bytecode_cache.py): a
module run from its AnsiballZ zip compiles the client once, later runs load the cached code; a broken cache falls
back to compiling; a cache directory others can write is never used."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from .built import ansible_venv, clean_env, install, run

pytestmark = [pytest.mark.ansible, pytest.mark.slow]

PLAY = """\
- hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - barrack.cloud.balance_info:
      register: balance
    - ansible.builtin.assert:
        that: balance.barrack_balance_info.currency == 'USD'
"""


def test_the_client_is_compiled_once_and_a_bad_cache_is_harmless(
    built_tarball: Path, emulator: Any, tmp_path: Path
) -> None:
    venv = ansible_venv("2.21")
    collections = tmp_path / "collections"
    install(built_tarball, venv, collections)
    (tmp_path / "play.yml").write_text(PLAY, encoding="utf-8")
    cache_home = tmp_path / "cache"
    env = clean_env(
        venv,
        collections,
        tmp_path,
        BARRACK_API_URL=emulator.base_url,
        BARRACK_API_KEY=emulator.api_key,
        XDG_CACHE_HOME=str(cache_home),
    )

    def play() -> None:
        proc = run([str(venv / "bin" / "ansible-playbook"), "play.yml"], cwd=tmp_path, env=env)
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]

    play()
    (cache,) = (cache_home / "barrack-ansible").iterdir()
    assert cache.name == "bytecode-cpython-313"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    first = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(first) >= 10, "the vendored client's modules were not cached"

    play()  # served from the cache: nothing new written, nothing rewritten
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == first

    for path in cache.iterdir():  # a corrupt cache: compiled again, rewritten
        path.write_bytes(b"not marshalled code")
    play()
    assert all(p.read_bytes() != b"not marshalled code" for p in cache.iterdir())

    for path in cache.iterdir():  # a directory others can write: never used, never written
        path.unlink()
    os.chmod(cache, 0o777)
    play()
    assert list(cache.iterdir()) == []
