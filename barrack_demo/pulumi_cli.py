"""The plain ``pulumi`` CLI in a program folder with a local file backend (the demo, engine tests, benchmarks).

:func:`find_engine` locates a CLI with the Python language host and the dynamic-provider plugin beside it;
:class:`Workspace` is an isolated environment (own ``PULUMI_HOME``, ``file://`` backend, passphrase, no update
check, no plugin downloads, this venv's Python for programs and providers); :class:`Program` runs ``pulumi``
commands in one program folder and stack.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENGINE_BIN_ENV = "PULUMI_ENGINE_BIN"
REPO = Path(__file__).resolve().parent.parent
BUILD_SCRIPT = REPO / "scripts" / "build-pulumi-engine"
ENGINE_FILES = ("pulumi", "pulumi-language-python", "pulumi-resource-pulumi-python")
CLI_TIMEOUT = 900


class EngineNotFound(Exception):
    """No usable Pulumi CLI (the message says what to do)."""


def _complete(bin_dir: Path) -> bool:
    return all(os.access(bin_dir / name, os.X_OK) for name in ENGINE_FILES)


def find_engine(*, build: bool = False) -> Path:
    """The directory of a ``pulumi`` CLI with ``pulumi-language-python`` and ``pulumi-resource-pulumi-python``.

    Order: ``$PULUMI_ENGINE_BIN``; a Pulumi installation on ``PATH``; the cache of ``scripts/build-pulumi-engine``
    (with ``build=True`` the script builds it when missing: several minutes cold).
    """
    given = os.environ.get(ENGINE_BIN_ENV)
    if given:
        bin_dir = Path(given).expanduser().resolve()
        if not _complete(bin_dir):
            raise EngineNotFound(f"{ENGINE_BIN_ENV}={given} does not hold {', '.join(ENGINE_FILES)}")
        return bin_dir
    on_path = shutil.which("pulumi")
    if on_path and _complete(Path(on_path).resolve().parent):
        return Path(on_path).resolve().parent
    if not BUILD_SCRIPT.is_file():
        raise EngineNotFound("no Pulumi CLI found: install Pulumi (https://www.pulumi.com/docs/install/)")
    proc = subprocess.run(
        [str(BUILD_SCRIPT)] if build else [str(BUILD_SCRIPT), "--check"],
        stdout=subprocess.PIPE,
        stderr=None if build else subprocess.PIPE,
        text=True,
        check=False,
    )
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise EngineNotFound(f"no Pulumi CLI found: run {BUILD_SCRIPT} (or set {ENGINE_BIN_ENV})")
    return Path(lines[-1])


@dataclass
class CliResult:
    """One finished ``pulumi`` command."""

    args: Sequence[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def documents(self) -> list[dict[str, Any]]:
        """The JSON documents of a ``--json`` run (``up --json`` prints the preview's, then the update's)."""
        decoder = json.JSONDecoder()
        text, pos, docs = self.stdout, 0, []
        while True:
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if pos >= len(text):
                return docs
            try:
                doc, pos = decoder.raw_decode(text, pos)
            except ValueError:
                return docs
            if isinstance(doc, dict):
                docs.append(doc)

    def changes(self) -> dict[str, int]:
        """Non-zero entries of the change summary of a ``--json`` run (``{"create": 3, "same": 1}``): the
        ``changeSummary`` of a preview document or the ``resourceChanges`` of an update's ``summaryEvent``."""
        for doc in reversed(self.documents()):
            summary = doc.get("changeSummary") or (doc.get("summaryEvent") or {}).get("resourceChanges")
            if isinstance(summary, dict):
                return {k: v for k, v in summary.items() if v}
        raise CliError(self, "printed no change summary")

    def errors(self) -> list[str]:
        """The error diagnostics of a ``--json`` run (event stream or preview document)."""
        found = []
        for doc in self.documents():
            for diag in [doc.get("diagnosticEvent") or {}, *(doc.get("diagnostics") or [])]:
                if diag.get("severity") == "error" and diag.get("message"):
                    found.append(str(diag["message"]).strip())
        return found


class CliError(Exception):
    """A ``pulumi`` command that failed (the message holds the tail of its output)."""

    def __init__(self, result: CliResult, what: str | None = None) -> None:
        head = what or f"exited {result.returncode}"
        errors = result.errors()
        detail = "\n".join(errors)[-6000:] if errors else result.output[-6000:]
        super().__init__(f"`pulumi {' '.join(result.args)}` {head}:\n{detail}")
        self.result = result


@dataclass
class Workspace:
    """An isolated Pulumi environment under ``root``: ``pulumi-home/`` and a ``state/`` file backend."""

    bin_dir: Path
    root: Path
    passphrase: str
    python: str = sys.executable

    def __post_init__(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        self.backend_dir.mkdir(parents=True, exist_ok=True)

    @property
    def home(self) -> Path:
        return self.root / "pulumi-home"

    @property
    def backend_dir(self) -> Path:
        return self.root / "state"

    def env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """The environment of every command: none of the caller's Pulumi or Barrack settings leak in."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PULUMI_", "BARRACK_"))}
        env.update(
            PATH=os.pathsep.join([str(self.bin_dir), str(Path(self.python).parent), os.environ.get("PATH", "")]),
            PULUMI_HOME=str(self.home),
            PULUMI_BACKEND_URL="file://" + str(self.backend_dir),
            PULUMI_CONFIG_PASSPHRASE=self.passphrase,
            PULUMI_SKIP_UPDATE_CHECK="true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="true",
            PULUMI_PYTHON_CMD=self.python,
        )
        env.update(extra or {})
        return env

    def files(self) -> list[Path]:
        """Every file under ``root`` (state backend, PULUMI_HOME, program folders placed there)."""
        return [p for p in self.root.rglob("*") if p.is_file()]

    def new_program(
        self,
        name: str,
        main: str,
        *,
        stack: str = "dev",
        api_key: str | None = None,
        api_url: str | None = None,
        config: Mapping[str, str] | None = None,
    ) -> Program:
        """A program folder ``<root>/work/<name>`` (project ``name``, ``__main__.py`` = ``main``, the running venv
        as its ``virtualenv``) with an initialised stack (see :meth:`Program.init`)."""
        folder = self.root / "work" / name
        folder.mkdir(parents=True)
        (folder / "__main__.py").write_text(main)
        in_venv = self.python == sys.executable and sys.prefix != sys.base_prefix
        write_pulumi_yaml(folder, name, virtualenv=sys.prefix if in_venv else None)
        program = Program(self, folder, stack)
        program.init(api_key=api_key, api_url=api_url, config=config)
        return program


@dataclass
class Program:
    """A program folder and one of its stacks, driven by ``pulumi`` commands run in the folder."""

    workspace: Workspace
    dir: Path
    stack: str
    env: dict[str, str] = field(default_factory=dict)
    echo: bool = False

    def run(self, *args: str, input: str | None = None, check: bool = True) -> CliResult:
        """``pulumi ARGS --non-interactive --color never``; with ``echo`` the command and output are printed."""
        full = [*args, "--non-interactive", "--color", "never"]
        if self.echo:
            print("$ pulumi " + " ".join(args), flush=True)
        proc = subprocess.run(
            [str(self.workspace.bin_dir / "pulumi"), *full],
            cwd=self.dir,
            env=self.workspace.env(self.env),
            input=input,
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT,
            check=False,
        )
        result = CliResult(full, proc.returncode, proc.stdout, proc.stderr)
        if self.echo:
            print(result.output, end="", flush=True)
        if check and result.returncode != 0:
            raise CliError(result)
        return result

    def init(self, *, api_key: str | None, api_url: str | None, config: Mapping[str, str] | None = None) -> None:
        """``stack init``, ``config set --secret barrack:apiKey`` (value on stdin), ``barrack:apiUrl``, others."""
        self.run("stack", "init", self.stack)
        if api_key is not None:
            self.set_secret("barrack:apiKey", api_key)
        if api_url is not None:
            self.run("config", "set", "barrack:apiUrl", api_url)
        for key, value in (config or {}).items():
            self.run("config", "set", key, value)

    def set_secret(self, key: str, value: str) -> None:
        """``pulumi config set --secret KEY`` with the value on stdin (never on the command line)."""
        self.run("config", "set", "--secret", key, input=value)

    def up(self, *flags: str, check: bool = True) -> CliResult:
        return self.run("up", "--yes", *flags, check=check)

    def preview(self, *flags: str, check: bool = True) -> CliResult:
        return self.run("preview", *flags, check=check)

    def refresh(self, *flags: str, check: bool = True) -> CliResult:
        return self.run("refresh", "--yes", *flags, check=check)

    def destroy(self, *flags: str, check: bool = True) -> CliResult:
        return self.run("destroy", "--yes", *flags, check=check)

    def outputs(self, *, show_secrets: bool = False) -> dict[str, Any]:
        """``pulumi stack output --json`` (secrets masked unless ``show_secrets``)."""
        flags = ["--show-secrets"] if show_secrets else []
        return dict(json.loads(self.run("stack", "output", "--json", *flags).stdout))

    def export(self, *, show_secrets: bool = False) -> dict[str, Any]:
        """``pulumi stack export`` (``show_secrets`` decrypts)."""
        flags = ["--show-secrets"] if show_secrets else []
        return dict(json.loads(self.run("stack", "export", *flags).stdout))


def write_pulumi_yaml(folder: Path, name: str, *, virtualenv: str | None = None) -> None:
    """``Pulumi.yaml`` of a Python program (pip toolchain; ``virtualenv`` when given)."""
    options = "    toolchain: pip\n" + (f"    virtualenv: {virtualenv}\n" if virtualenv else "")
    (folder / "Pulumi.yaml").write_text(f"name: {name}\nruntime:\n  name: python\n  options:\n{options}")


def copy_program(src: Path, dest: Path) -> Path:
    """A copy of a program folder without its stacks' files and local state (``Pulumi.<stack>.yaml``, build/)."""
    shutil.copytree(
        src, dest, ignore=shutil.ignore_patterns("Pulumi.*.yaml", "build", ".pulumi-state", "__pycache__", "venv")
    )
    return dest
