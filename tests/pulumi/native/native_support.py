"""Helpers of the native provider's engine tests: YAML program folders for the plain ``pulumi`` CLI.

:meth:`Native.yaml` writes ``Pulumi.yaml`` (``runtime: yaml``, ``plugins.providers`` = this venv's
``pulumi-resource-barrack``, the program's resources and outputs) and initialises a stack with
``barrack:apiKey`` (secret) and ``barrack:apiUrl``.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from engine_support import JsonProgram

from barrack_demo.pulumi_cli import CliResult, Workspace

if TYPE_CHECKING:
    from barrack_emulator.testing import EmulatorHandle

PASSPHRASE = "barrack-native-tests"
PLUGIN_DIR = Path(sys.executable).parent
"""Where ``pulumi-resource-barrack`` is (the venv's console scripts)."""


def missing(reason: str) -> None:
    """Skip, or fail in CI (where every engine test must run)."""
    import os

    import pytest

    if os.environ.get("CI"):
        pytest.fail(f"required in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@dataclass
class Native:
    """An isolated engine environment (see :class:`barrack_demo.pulumi_cli.Workspace`) and YAML programs."""

    workspace: Workspace
    _ids: Iterator[int] = field(default_factory=itertools.count)

    def yaml(
        self,
        account: EmulatorHandle,
        resources: Mapping[str, Any],
        outputs: Mapping[str, Any] | None = None,
        *,
        name: str | None = None,
        key_in_config: bool = True,
    ) -> YamlProgram:
        """A YAML program folder with an initialised stack ``test`` using ``account`` for the default provider."""
        name = name or f"native{next(self._ids)}"
        folder = self.workspace.root / "work" / name
        folder.mkdir(parents=True)
        prog = YamlProgram(self.workspace, folder, "test", name=name)
        prog.write(resources, outputs or {})
        prog.init(api_key=account.api_key if key_in_config else None, api_url=account.base_url)
        return prog


@dataclass
class YamlProgram(JsonProgram):
    """A YAML program (``Pulumi.yaml`` holds the code) and its stack; ``--json`` as :class:`JsonProgram`."""

    name: str = ""

    def write(self, resources: Mapping[str, Any], outputs: Mapping[str, Any]) -> None:
        doc = {
            "name": self.name,
            "runtime": "yaml",
            "plugins": {"providers": [{"name": "barrack", "path": str(PLUGIN_DIR)}]},
            "resources": dict(resources),
            "outputs": dict(outputs),
        }
        (self.dir / "Pulumi.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))

    def program(self) -> dict[str, Any]:
        return dict(yaml.safe_load((self.dir / "Pulumi.yaml").read_text()))

    def state(self) -> dict[str, dict[str, Any]]:
        """The resources of the decrypted export by logical name."""
        deployment = self.export(show_secrets=True).get("deployment") or {}
        return {r["urn"].rsplit("::", 1)[-1]: r for r in deployment.get("resources", [])}


def steps(result: CliResult) -> dict[str, dict[str, Any]]:
    """The steps of a ``preview --json`` by logical name."""
    out: dict[str, dict[str, Any]] = {}
    for doc in result.documents():
        for step in doc.get("steps") or []:
            out[str(step["urn"]).rsplit("::", 1)[-1]] = step
    return out


ROOT = Path(__file__).resolve().parents[3]
NODE_TOOLS = ROOT / "tools" / "node"


def node_modules() -> Path:
    """``node_modules`` with ``tools/node``'s pins (``@pulumi/pulumi``, TypeScript), installed once per lock file
    into ``~/.cache/barrack-iac/node/<hash>/`` with ``npm ci`` (never into the repository)."""
    import hashlib
    import os
    import shutil
    import subprocess

    digest = hashlib.sha256()
    for name in ("package.json", "package-lock.json"):
        digest.update((NODE_TOOLS / name).read_bytes())
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "barrack-iac" / "node"
    target = cache / digest.hexdigest()[:16]
    if not (target / "node_modules" / ".package-lock.json").exists():
        tmp = cache / f"{target.name}.tmp{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(NODE_TOOLS / name, tmp / name)
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=tmp, check=True, timeout=600,
            capture_output=True,
        )  # fmt: skip
        try:
            tmp.rename(target)
        except OSError:  # another test process installed it meanwhile
            shutil.rmtree(tmp, ignore_errors=True)
    return target / "node_modules"


def build_node_sdk(dest: Path) -> Path:
    """A copy of ``sdk/nodejs`` compiled with ``tsc --strict`` into ``dest/sdk/bin`` (``dest/node_modules`` links
    to the cached modules, so the SDK and a program beside it share one ``@pulumi/pulumi``)."""
    import shutil
    import subprocess

    modules = node_modules()
    (dest / "node_modules").symlink_to(modules, target_is_directory=True)
    sdk = dest / "sdk"
    shutil.copytree(ROOT / "sdk" / "nodejs", sdk, ignore=shutil.ignore_patterns("bin", "node_modules"))
    proc = subprocess.run(
        [str(modules / ".bin" / "tsc"), "--strict", "-p", str(sdk)], capture_output=True, text=True, timeout=600
    )
    if proc.returncode != 0:
        raise AssertionError(f"tsc --strict failed on sdk/nodejs:\n{proc.stdout}{proc.stderr}")
    shutil.copyfile(sdk / "package.json", sdk / "bin" / "package.json")  # as Pulumi providers package it
    return sdk
