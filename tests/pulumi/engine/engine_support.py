"""Helpers of the engine end-to-end tests: the isolated engine environment, stack factory, emulator listings."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from pulumi import automation as auto

    from barrack_emulator.testing import EmulatorHandle

PASSPHRASE = "barrack-engine-tests"
# list route -> key of the items in the response's `data`
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
class OpLog:
    """Collects engine output lines (pass as ``on_output=``/``on_error=``); ``str()`` for assertion messages."""

    lines: list[str] = field(default_factory=list)

    def __call__(self, line: str) -> None:
        self.lines.append(line)

    def __str__(self) -> str:
        return "\n".join(self.lines[-150:])


@dataclass
class Engine:
    """An isolated engine environment: bin dir on PATH, own PULUMI_HOME, file backend, fixed passphrase."""

    bin_dir: Path
    root: Path
    passphrase: str = PASSPHRASE
    _ids: Iterator[int] = field(default_factory=itertools.count)

    @property
    def home(self) -> Path:
        return self.root / "pulumi-home"

    @property
    def backend_dir(self) -> Path:
        return self.root / "state"

    @property
    def env(self) -> dict[str, str]:
        from pulumi_barrack.runner import engine_env

        return engine_env(self.bin_dir, passphrase=self.passphrase, pulumi_home=self.home)

    def stack(
        self,
        program: Callable[[], None],
        emulator: EmulatorHandle,
        *,
        project: str | None = None,
        stack: str = "test",
        api_key: str | None = None,
        config: Mapping[str, str] | None = None,
        key_in_config: bool = True,
    ) -> auto.Stack:
        """Create or select a stack of the inline ``program`` with config ``barrack:apiKey`` (secret, the
        emulator's key unless given; with ``key_in_config=False`` passed as env ``BARRACK_API_KEY`` instead) and
        ``barrack:apiUrl`` (the emulator)."""
        from pulumi_barrack.runner import file_backend_url, open_stack

        project = project or f"e2e{next(self._ids)}"
        return open_stack(
            project=project,
            stack=stack,
            program=program,
            backend_url=file_backend_url(self.backend_dir),
            bin_dir=self.bin_dir,
            env=self.env,
            work_dir=self.root / "work" / project,
            pulumi_home=self.home,
            api_key=api_key if api_key is not None else emulator.api_key,
            api_url=emulator.base_url,
            config=config,
            key_in_config=key_in_config,
        )

    def files(self) -> list[Path]:
        """Every file the engine wrote: state backend, workspace settings, PULUMI_HOME."""
        return [p for p in self.root.rglob("*") if p.is_file()]


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
                data = resp.json()["data"]
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


def state_json(stack: auto.Stack) -> str:
    """The exported deployment (``pulumi stack export``) as JSON text."""
    return json.dumps(stack.export_stack().deployment)


def resources_of(stack: auto.Stack) -> dict[str, dict[str, Any]]:
    """The dynamic resources of the exported deployment by logical name."""
    deployment = stack.export_stack().deployment or {}
    return {
        r["urn"].rsplit("::", 1)[-1]: r
        for r in deployment.get("resources", [])
        if r["type"].startswith("pulumi-python:dynamic")
    }


def default_provider(stack: auto.Stack) -> dict[str, Any]:
    """The default dynamic-provider resource of the exported deployment (holds the stack config as inputs)."""
    deployment = stack.export_stack().deployment or {}
    (found,) = [r for r in deployment.get("resources", []) if r["type"] == "pulumi:providers:pulumi-python"]
    return dict(found)


def summary(result: Any) -> dict[str, int]:
    """Non-zero entries of an up/refresh/destroy summary's resource_changes or a preview's change_summary."""
    changes = getattr(result, "change_summary", None)
    if changes is None:
        changes = result.summary.resource_changes or {}
    return {k: v for k, v in changes.items() if v}


def public_key(comment: str) -> str:
    """A fresh OpenSSH Ed25519 public key line."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    raw = Ed25519PrivateKey.generate().public_key()
    return raw.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode() + " " + comment
