"""The ``pulumirpc.LanguageRuntime`` calls the Pulumi CLI makes of a Python language host."""

from __future__ import annotations

import importlib.metadata
import json
import os
import signal
import subprocess
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import empty_pb2, json_format
from pulumi.runtime.proto import language_pb2, language_pb2_grpc, plugin_pb2

from pulumi_language_host.program import (
    HostError,
    Interpreter,
    RunSpec,
    RuntimeOptions,
    choose_interpreter,
    exec_command,
    exec_env,
    run_outcome,
    venv_python,
)

COMMAND_TIMEOUT = 300  # seconds for pip and python helper commands (not for the program itself)


def host_version() -> str:
    """The version this host reports: the installed Pulumi SDK's, which it runs programs with."""
    try:
        return importlib.metadata.version("pulumi")
    except importlib.metadata.PackageNotFoundError:
        return "0.0.0"


def options_of(info: Any) -> dict[str, Any]:
    """The runtime options of a ``ProgramInfo`` as a plain dict."""
    if info is None or not info.HasField("options"):
        return {}
    return json_format.MessageToDict(info.options)


class LanguageHost(language_pb2_grpc.LanguageRuntimeServicer):
    """Runs Python programs through ``pulumi-language-python-exec`` the way Pulumi's own host does."""

    def __init__(self, exec_shim: Path, engine_address: str = "", env: Mapping[str, str] | None = None) -> None:
        self.exec_shim = exec_shim
        self.engine_address = engine_address
        self.env = dict(os.environ if env is None else env)
        self._children: set[subprocess.Popen[bytes]] = set()
        self._lock = threading.Lock()
        self._closing = False

    # -- plumbing ----------------------------------------------------------------------------------------------

    def _interpreter(self, info: Any, *, must_exist: bool = True) -> tuple[RuntimeOptions, Interpreter]:
        options = RuntimeOptions.parse(options_of(info))
        root = info.root_directory if info is not None else ""
        return options, choose_interpreter(options, root, self.env, must_exist=must_exist)

    def _python_output(self, interpreter: Interpreter, args: list[str], cwd: str | None = None) -> str:
        try:
            proc = subprocess.run(
                [interpreter.python, *args],
                cwd=cwd or None,
                env=interpreter.env(self.env),
                capture_output=True,
                text=True,
                timeout=COMMAND_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise HostError(f"cannot run {interpreter.python}: {exc}") from None
        if proc.returncode != 0:
            raise HostError(f"`{interpreter.python} {' '.join(args)}` failed: {proc.stderr.strip()[-2000:]}")
        return proc.stdout

    def terminate_children(self) -> None:
        """Stop every running program (host shutdown)."""
        with self._lock:
            self._closing = True
            children = list(self._children)
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()

    # -- the calls -----------------------------------------------------------------------------------------------

    def Handshake(self, request: Any, context: Any) -> Any:
        if request.engine_address:
            self.engine_address = request.engine_address
        return language_pb2.LanguageHandshakeResponse()

    def GetPluginInfo(self, request: Any, context: Any) -> Any:
        return plugin_pb2.PluginInfo(version=host_version())

    def GetRequiredPlugins(self, request: Any, context: Any) -> Any:
        # Plugins are loaded on demand (the dynamic-provider plugin among them); nothing to pre-install.
        return language_pb2.GetRequiredPluginsResponse()

    def GetRequiredPackages(self, request: Any, context: Any) -> Any:
        return language_pb2.GetRequiredPackagesResponse()

    def RuntimeOptionsPrompts(self, request: Any, context: Any) -> Any:
        return language_pb2.RuntimeOptionsResponse()

    def InstallDependencies(self, request: Any, context: Any) -> Iterator[Any]:
        """Create the configured virtualenv when it is missing and install ``requirements.txt`` into it."""
        try:
            _, interpreter = self._interpreter(request.info, must_exist=False)
        except HostError as exc:
            context.abort(grpc.StatusCode.FAILED_PRECONDITION, str(exc))
        if interpreter.virtualenv is None:
            yield language_pb2.InstallDependenciesResponse(
                stdout=b"No virtualenv is configured (runtime option `virtualenv`): nothing to install.\n"
            )
            return
        venv = interpreter.virtualenv
        program_dir = request.info.program_directory or request.directory
        steps: list[list[str]] = []
        if not venv_python(venv).exists():
            base = self.env.get("PULUMI_PYTHON_CMD") or "python3"
            steps.append([base, "-m", "venv", str(venv)])
        requirements = Path(program_dir) / "requirements.txt"
        if requirements.is_file():
            steps.append([str(venv_python(venv)), "-m", "pip", "install", "-r", str(requirements)])
        for cmd in steps:
            yield language_pb2.InstallDependenciesResponse(stdout=("$ " + " ".join(cmd) + "\n").encode())
            proc = subprocess.run(cmd, cwd=program_dir or None, capture_output=True, check=False)
            yield language_pb2.InstallDependenciesResponse(stdout=proc.stdout, stderr=proc.stderr)
            if proc.returncode != 0:
                context.abort(grpc.StatusCode.UNKNOWN, f"`{' '.join(cmd)}` failed with exit code {proc.returncode}")
        if not steps:
            yield language_pb2.InstallDependenciesResponse(stdout=f"Using the virtualenv {venv}.\n".encode())

    def Run(self, request: Any, context: Any) -> Any:
        if request.attach_debugger:
            return language_pb2.RunResponse(error="attaching a debugger is not supported by this stand-in host")
        info = request.info if request.HasField("info") else None
        try:
            _, interpreter = self._interpreter(info)
        except HostError as exc:
            return language_pb2.RunResponse(error=str(exc))
        program_dir = (info.program_directory if info is not None else "") or request.pwd
        spec = RunSpec(
            project=request.project,
            stack=request.stack,
            pwd=request.pwd or program_dir,
            program=(info.entry_point if info is not None else "") or request.program or ".",
            args=list(request.args),
            config=dict(request.config),
            config_secret_keys=list(request.configSecretKeys),
            dry_run=request.dryRun,
            parallel=request.parallel,
            monitor=request.monitor_address,
            engine=self.engine_address,
            organization=request.organization,
            root_directory=(info.root_directory if info is not None else "") or "",
        )
        cmd = exec_command(interpreter.python, str(self.exec_shim), spec)
        env = exec_env(interpreter.env(self.env), spec)
        with self._lock:
            if self._closing:
                return language_pb2.RunResponse(error="the language host is shutting down")
            try:
                # stdout and stderr are the host's own, which the CLI shows as the program's output
                child = subprocess.Popen(cmd, cwd=program_dir or None, env=env)
            except OSError as exc:
                return language_pb2.RunResponse(error=f"could not run the program with {interpreter.python}: {exc}")
            self._children.add(child)
        try:
            returncode = child.wait()
        finally:
            with self._lock:
                self._children.discard(child)
        error, bail = run_outcome(returncode)
        return language_pb2.RunResponse(error=error, bail=bail)

    def About(self, request: Any, context: Any) -> Any:
        try:
            options, interpreter = self._interpreter(request.info if request.HasField("info") else None)
            version = self._python_output(interpreter, ["-c", "import sys; print(sys.version.split()[0])"]).strip()
        except HostError as exc:
            context.abort(grpc.StatusCode.FAILED_PRECONDITION, str(exc))
        metadata = {"toolchain": options.toolchain, "host": "barrack-iac stand-in"}
        if interpreter.virtualenv is not None:
            metadata["virtualenv"] = str(interpreter.virtualenv)
        return language_pb2.AboutResponse(executable=interpreter.python, version=version, metadata=metadata)

    def GetProgramDependencies(self, request: Any, context: Any) -> Any:
        """The installed distributions (``pip list``; only top-level ones unless transitive ones are asked for)."""
        try:
            _, interpreter = self._interpreter(request.info if request.HasField("info") else None)
            args = ["-m", "pip", "list", "--format", "json"]
            if not request.transitiveDependencies:
                args.append("--not-required")
            listed = json.loads(self._python_output(interpreter, args, cwd=request.pwd or None))
        except (HostError, ValueError) as exc:
            context.abort(grpc.StatusCode.FAILED_PRECONDITION, f"cannot list the program's dependencies: {exc}")
        deps = [language_pb2.DependencyInfo(name=d["name"], version=d["version"]) for d in listed]
        return language_pb2.GetProgramDependenciesResponse(dependencies=deps)

    def Cancel(self, request: Any, context: Any) -> Any:
        return empty_pb2.Empty()

    def _unsupported(self, context: Any, what: str) -> Any:
        context.abort(grpc.StatusCode.UNIMPLEMENTED, f"{what} is not supported by this stand-in language host")

    def RunPlugin(self, request: Any, context: Any) -> Iterator[Any]:
        self._unsupported(context, "running Python plugins")
        yield from ()

    def GenerateProgram(self, request: Any, context: Any) -> Any:
        return self._unsupported(context, "program generation")

    def GenerateProject(self, request: Any, context: Any) -> Any:
        return self._unsupported(context, "project generation")

    def GeneratePackage(self, request: Any, context: Any) -> Any:
        return self._unsupported(context, "SDK generation")

    def Pack(self, request: Any, context: Any) -> Any:
        return self._unsupported(context, "packing SDKs")

    def Link(self, request: Any, context: Any) -> Any:
        return self._unsupported(context, "linking packages")

    def Template(self, request: Any, context: Any) -> Any:
        return self._unsupported(context, "templates")
