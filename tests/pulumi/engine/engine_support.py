"""Helpers of the engine end-to-end tests: the plain ``pulumi`` CLI in program folders with a file backend.

:class:`Engine` is the isolated environment (own PULUMI_HOME, file backend, passphrase, no update check, no plugin
downloads); :meth:`Engine.project` writes a program folder (``Pulumi.yaml`` with ``toolchain: pip`` and
``virtualenv`` = this venv, ``__main__.py`` copied from ``programs/``, ``params.json`` the program reads) and
:class:`Project` runs ``pulumi stack init``, ``config set --secret barrack:apiKey``, ``up --yes``, ``preview``,
``refresh``, ``destroy``, ``stack export`` in it.
"""

from __future__ import annotations

import itertools
import json
import shutil
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from barrack_demo.pulumi_cli import CliResult, Program, Workspace, copy_program, write_pulumi_yaml

if TYPE_CHECKING:
    from barrack_emulator.testing import EmulatorHandle

PASSPHRASE = "barrack-engine-tests"
PROGRAMS = Path(__file__).resolve().parent / "programs"
# list route -> key of the items in the response
LIST_KEYS = {
    "instances": "instances",
    "volumes": "volumes",
    "firewalls": "firewalls",
    "ssh-keys": "ssh_keys",
    "scripts": "scripts",
    "snapshots": "snapshots",
    "custom-images": "images",
}


@dataclass
class Engine:
    """An isolated engine environment (see :class:`barrack_demo.pulumi_cli.Workspace`) plus program folders."""

    workspace: Workspace
    _ids: Iterator[int] = field(default_factory=itertools.count)

    @property
    def bin_dir(self) -> Path:
        return self.workspace.bin_dir

    @property
    def root(self) -> Path:
        return self.workspace.root

    def project(
        self,
        program: str,
        emulator: EmulatorHandle,
        *,
        name: str | None = None,
        stack: str = "test",
        params: Mapping[str, Any] | None = None,
        api_key: str | None = None,
        key_in_config: bool = True,
        config: Mapping[str, str] | None = None,
    ) -> Project:
        """A program folder for ``programs/<program>.py`` with an initialised stack: ``barrack:apiKey`` as a secret
        (the emulator's key unless given; with ``key_in_config=False`` it is passed as env ``BARRACK_API_KEY`` to
        every command instead) and ``barrack:apiUrl`` = the emulator."""
        name = name or f"e2e{next(self._ids)}"
        folder = self.root / "work" / name
        folder.mkdir(parents=True)
        shutil.copyfile(PROGRAMS / f"{program}.py", folder / "__main__.py")
        write_pulumi_yaml(folder, name, virtualenv=sys.prefix)
        key = api_key if api_key is not None else emulator.api_key
        proj = Project(self.workspace, folder, stack, env={} if key_in_config else {"BARRACK_API_KEY": key})
        proj.set_params(params or {})
        proj.init(api_key=key if key_in_config else None, api_url=emulator.base_url, config=config)
        return proj

    def example(self, src: Path, emulator: EmulatorHandle, *, stack: str = "ex") -> Project:
        """A copy of an example program folder (unchanged: ``toolchain: pip``, the venv's Python through
        ``PULUMI_PYTHON_CMD``) with an initialised stack, as a user would set it up."""
        folder = copy_program(src, self.root / "work" / f"{src.name}-{next(self._ids)}")
        proj = Project(self.workspace, folder, stack)
        proj.init(api_key=emulator.api_key, api_url=emulator.base_url)
        return proj

    def bytes_on_disk(self) -> bytes:
        """Everything the engine and the program folders wrote (state, PULUMI_HOME, Pulumi.<stack>.yaml)."""
        return b"".join(p.read_bytes() for p in self.workspace.files())


class JsonProgram(Program):
    """A program whose up/preview/refresh/destroy print ``--json`` (events and steps as documents)."""

    def up(self, *flags: str, check: bool = True) -> CliResult:
        return super().up("--json", *flags, check=check)

    def preview(self, *flags: str, check: bool = True) -> CliResult:
        return super().preview("--json", *flags, check=check)

    def refresh(self, *flags: str, check: bool = True) -> CliResult:
        return super().refresh("--json", *flags, check=check)

    def destroy(self, *flags: str, check: bool = True) -> CliResult:
        return super().destroy("--json", *flags, check=check)


class Project(JsonProgram):
    """A test program folder: ``--json`` for up/preview/refresh/destroy, ``params.json`` for the program."""

    def set_params(self, params: Mapping[str, Any]) -> None:
        """What the program declares (``params.json``, read by ``programs/*.py``)."""
        (self.dir / "params.json").write_text(json.dumps(dict(params)))

    def resources(self) -> dict[str, dict[str, Any]]:
        """The dynamic resources of the decrypted export by logical name."""
        deployment = self.export(show_secrets=True).get("deployment") or {}
        return {
            r["urn"].rsplit("::", 1)[-1]: r
            for r in deployment.get("resources", [])
            if r["type"].startswith("pulumi-python:dynamic")
        }

    def default_provider(self) -> dict[str, Any]:
        """The default dynamic-provider resource of the decrypted export (holds the stack config as inputs)."""
        deployment = self.export(show_secrets=True).get("deployment") or {}
        (found,) = [r for r in deployment.get("resources", []) if r["type"] == "pulumi:providers:pulumi-python"]
        return dict(found)


def list_all(emulator: EmulatorHandle) -> dict[str, list[dict[str, Any]]]:
    """Every resource list of the account, read over raw HTTP (not through the client under test)."""
    out: dict[str, list[dict[str, Any]]] = {}
    with httpx.Client(base_url=emulator.base_url, headers=emulator.headers, timeout=30) as http:
        for route, key in LIST_KEYS.items():
            items: list[dict[str, Any]] = []
            page = 1
            while True:
                size = "pageSize" if route == "snapshots" else "page_size"
                resp = http.get(f"/{route}/", params={"page": page, size: 100})
                resp.raise_for_status()
                body = resp.json()
                data = body.get("data", body)  # list envelopes carry the items at the top level
                items += data[key]
                if not data.get("has_next"):
                    break
                page += 1
            out[route] = items
    return out


def counts(emulator: EmulatorHandle) -> dict[str, int]:
    """Number of resources per list route."""
    return {route: len(items) for route, items in list_all(emulator).items()}


def writes(log: list[dict[str, Any]]) -> list[str]:
    """The write (non-GET) requests of a request log as ``"METHOD route"`` strings."""
    return [f"{r['method']} {r['route']}" for r in log if r["method"] != "GET"]


def in_flight_peak(emulator: EmulatorHandle) -> dict[str, int]:
    """The emulator's peak number of requests served at once since the log was cleared, per route key."""
    with httpx.Client(timeout=30) as http:
        resp = http.get(emulator.admin_url + "/requests/in-flight")
        resp.raise_for_status()
        return dict(resp.json()["peak"])


def public_key(comment: str) -> str:
    """A fresh OpenSSH Ed25519 public key line."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    raw = Ed25519PrivateKey.generate().public_key()
    return raw.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode() + " " + comment
