"""How a Python program is run: runtime options, the interpreter, the exec shim's command line and environment."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EXEC_SHIM = "pulumi-language-python-exec"
# pulumi-language-python-exec exits with this code after it has shown the user an error: the engine should stop
# without adding a message of its own ("bail").
BAIL_EXIT_CODE = 32
SUPPORTED_TOOLCHAINS = ("pip",)


class HostError(Exception):
    """A problem with the program's setup the user can fix; its text is shown by the CLI."""


@dataclass(frozen=True)
class RuntimeOptions:
    """The ``runtime.options`` of Pulumi.yaml the host understands."""

    toolchain: str = "pip"
    virtualenv: str | None = None
    typechecker: str | None = None

    @classmethod
    def parse(cls, options: Mapping[str, Any]) -> RuntimeOptions:
        """Validate the options (``ProgramInfo.options``); unknown ones are ignored as Pulumi's host does."""
        toolchain = options.get("toolchain") or "pip"
        if not isinstance(toolchain, str) or toolchain not in SUPPORTED_TOOLCHAINS:
            raise HostError(
                f"runtime option toolchain={toolchain!r} is not supported by this stand-in language host "
                f"(supported: {', '.join(SUPPORTED_TOOLCHAINS)}); set `toolchain: pip` in Pulumi.yaml"
            )
        virtualenv = options.get("virtualenv") or None
        if virtualenv is not None and not isinstance(virtualenv, str):
            raise HostError("runtime option virtualenv must be a path")
        typechecker = options.get("typechecker") or None
        if typechecker is not None:
            raise HostError(
                f"runtime option typechecker={typechecker!r} is not supported by this stand-in language host; "
                "remove it from Pulumi.yaml or run the type checker yourself"
            )
        return cls(toolchain=toolchain, virtualenv=virtualenv)


@dataclass(frozen=True)
class Interpreter:
    """The Python that runs the program, and the virtualenv it belongs to (if any)."""

    python: str
    virtualenv: Path | None = None

    def env(self, base: Mapping[str, str]) -> dict[str, str]:
        """``base`` adjusted the way activating the virtualenv would (PATH first, VIRTUAL_ENV, no PYTHONHOME)."""
        env = dict(base)
        if self.virtualenv is not None:
            env["VIRTUAL_ENV"] = str(self.virtualenv)
            env["PATH"] = os.pathsep.join(p for p in (str(self.virtualenv / "bin"), base.get("PATH", "")) if p)
            env.pop("PYTHONHOME", None)
        return env


def virtualenv_path(virtualenv: str, root_directory: str) -> Path:
    """The virtualenv option resolved against the project root (the directory of Pulumi.yaml)."""
    path = Path(virtualenv).expanduser()
    if not path.is_absolute():
        path = Path(root_directory or os.getcwd()) / path
    return path


def venv_python(venv: Path) -> Path:
    """The interpreter of a virtualenv."""
    return venv / "bin" / "python"


def choose_interpreter(
    options: RuntimeOptions, root_directory: str, env: Mapping[str, str], *, must_exist: bool = True
) -> Interpreter:
    """The program's interpreter: the virtualenv's python when the option is set, else ``$PULUMI_PYTHON_CMD`` or
    ``python3`` (as Pulumi's host does with the pip toolchain)."""
    if options.virtualenv is None:
        return Interpreter(python=env.get("PULUMI_PYTHON_CMD") or "python3")
    venv = virtualenv_path(options.virtualenv, root_directory)
    python = venv_python(venv)
    if must_exist and not python.exists():
        what = "is not a virtual environment" if venv.is_dir() else "does not exist"
        raise HostError(
            f"the 'virtualenv' option in Pulumi.yaml is set to {options.virtualenv!r}, but {venv} {what}; "
            f"create it with `python3 -m venv {venv}` and install the program's dependencies into it "
            "(`pulumi install` does both)"
        )
    return Interpreter(python=str(python), virtualenv=venv)


@dataclass(frozen=True)
class RunSpec:
    """Everything a ``Run`` request says about the program to start."""

    project: str
    stack: str
    pwd: str
    program: str
    args: Sequence[str]
    config: Mapping[str, str]
    config_secret_keys: Sequence[str]
    dry_run: bool
    parallel: int
    monitor: str
    engine: str
    organization: str
    root_directory: str


def exec_command(python: str, shim: str, spec: RunSpec) -> list[str]:
    """The command line of ``pulumi-language-python-exec`` for one run (its own argument names)."""
    cmd = [python, "-u", shim]
    for flag, value in (
        ("--monitor", spec.monitor),
        ("--engine", spec.engine),
        ("--project", spec.project),
        ("--stack", spec.stack),
        ("--pwd", spec.pwd),
        ("--organization", spec.organization),
        ("--root_directory", spec.root_directory),
    ):
        if value:
            cmd += [flag, value]
    cmd += ["--dry_run", "true" if spec.dry_run else "false", "--parallel", str(spec.parallel)]
    cmd.append(spec.program or ".")
    cmd += list(spec.args)
    return cmd


def exec_env(base: Mapping[str, str], spec: RunSpec) -> dict[str, str]:
    """The program's environment: ``base`` plus the config and the secret config keys as JSON."""
    env = dict(base)
    env["PULUMI_CONFIG"] = json.dumps(dict(spec.config))
    env["PULUMI_CONFIG_SECRET_KEYS"] = json.dumps(list(spec.config_secret_keys))
    return env


def run_outcome(returncode: int) -> tuple[str, bool]:
    """``(error, bail)`` of a finished program: 0 is success, 32 means the program already reported its error."""
    if returncode == 0:
        return "", False
    if returncode == BAIL_EXIT_CODE:
        return "", True
    if returncode < 0:
        return f"Program exited due to signal {-returncode}", False
    return f"Program exited with non-zero exit code: {returncode}", False


def find_exec_shim(given: str | None, path: str | None = None) -> Path:
    """The exec shim: ``given`` (the launcher passes the one beside it), else the first on ``PATH``."""
    if given:
        shim = Path(given)
        if not shim.is_file():
            raise HostError(f"missing executor {shim}")
        return shim
    for entry in (os.environ.get("PATH", "") if path is None else path).split(os.pathsep):
        candidate = Path(entry) / EXEC_SHIM
        if entry and candidate.is_file():
            return candidate
    raise HostError(f"missing executor: {EXEC_SHIM} is not on PATH")
