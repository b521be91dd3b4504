"""The stand-in language host's gRPC servicer, called directly: what it answers and how it starts a program."""

from __future__ import annotations

import importlib.metadata
import json
import os
import sys
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import empty_pb2
from langhost_support import Aborted, FakeContext, program_info, read_record
from pulumi.runtime.proto import language_pb2

from pulumi_language_host.program import (
    HostError,
    RunSpec,
    RuntimeOptions,
    exec_command,
    find_exec_shim,
    run_outcome,
)
from pulumi_language_host.servicer import LanguageHost

SDK_VERSION = importlib.metadata.version("pulumi")


def host(shim: Path, tmp_path: Path, **env: str) -> LanguageHost:
    base = {"PATH": os.environ.get("PATH", ""), "PULUMI_PYTHON_CMD": sys.executable, "RECORD_TO": str(tmp_path / "rec")}
    return LanguageHost(shim, engine_address="127.0.0.1:4000", env={**base, **env})


def run_request(root: Path, **options: Any) -> Any:
    return language_pb2.RunRequest(
        project="proj",
        stack="dev",
        pwd=str(root),
        program=".",
        config={"proj:plain": "1", "barrack:apiKey": "k-123"},
        configSecretKeys=["barrack:apiKey"],
        dryRun=True,
        parallel=16,
        monitor_address="127.0.0.1:5000",
        organization="org",
        info=program_info(root, **options),
    )


def fake_venv(path: Path) -> Path:
    """A directory that looks like a virtualenv whose python is this interpreter."""
    (path / "bin").mkdir(parents=True)
    (path / "bin" / "python").symlink_to(sys.executable)
    return path


def test_plugin_info_and_dependencies_of_plugins(shim: Path, tmp_path: Path, context: FakeContext) -> None:
    h = host(shim, tmp_path)
    assert h.GetPluginInfo(empty_pb2.Empty(), context).version == SDK_VERSION
    assert list(h.GetRequiredPlugins(language_pb2.GetRequiredPluginsRequest(), context).plugins) == []
    assert list(h.GetRequiredPackages(language_pb2.GetRequiredPackagesRequest(), context).packages) == []
    assert list(h.RuntimeOptionsPrompts(language_pb2.RuntimeOptionsRequest(), context).prompts) == []
    h.Handshake(language_pb2.LanguageHandshakeRequest(engine_address="127.0.0.1:4100"), context)
    assert h.engine_address == "127.0.0.1:4100"


def test_run_starts_the_exec_shim_like_pulumis_host(shim: Path, tmp_path: Path, context: FakeContext) -> None:
    program = tmp_path / "prog"
    program.mkdir()
    resp = host(shim, tmp_path).Run(run_request(program, toolchain="pip"), context)
    assert (resp.error, resp.bail) == ("", False)
    rec = read_record(tmp_path / "rec")
    args = rec["argv"]
    flags = dict(zip(args[:-1:2], args[1::2], strict=False))
    assert flags == {
        "--monitor": "127.0.0.1:5000",
        "--engine": "127.0.0.1:4000",
        "--project": "proj",
        "--stack": "dev",
        "--pwd": str(program),
        "--organization": "org",
        "--root_directory": str(program),
        "--dry_run": "true",
        "--parallel": "16",
    }
    assert args[-1] == "."
    assert rec["cwd"] == str(program)
    assert Path(rec["python"]).resolve() == Path(sys.executable).resolve()
    assert json.loads(rec["env"]["PULUMI_CONFIG"]) == {"proj:plain": "1", "barrack:apiKey": "k-123"}
    assert json.loads(rec["env"]["PULUMI_CONFIG_SECRET_KEYS"]) == ["barrack:apiKey"]


@pytest.mark.parametrize(("code", "error", "bail"), [(0, "", False), (32, "", True), (3, "exit code: 3", False)])
def test_exit_codes(shim: Path, tmp_path: Path, context: FakeContext, code: int, error: str, bail: bool) -> None:
    resp = host(shim, tmp_path, EXIT_WITH=str(code)).Run(run_request(tmp_path), context)
    assert error in resp.error
    assert bool(resp.error) == bool(error)
    assert resp.bail is bail


def test_virtualenv_option_runs_that_venvs_python(shim: Path, tmp_path: Path, context: FakeContext) -> None:
    venv = fake_venv(tmp_path / "venv")
    h = host(shim, tmp_path, PYTHONHOME="/nowhere")
    resp = h.Run(run_request(tmp_path, toolchain="pip", virtualenv="venv"), context)  # relative to the root
    assert resp.error == ""
    rec = read_record(tmp_path / "rec")
    assert rec["env"]["VIRTUAL_ENV"] == str(venv)
    assert rec["env"]["PATH"].split(os.pathsep)[0] == str(venv / "bin")
    assert rec["env"]["PYTHONHOME"] is None
    about = h.About(language_pb2.AboutRequest(info=program_info(tmp_path, virtualenv="venv")), context)
    assert about.executable == str(venv / "bin" / "python")
    assert about.version == sys.version.split()[0]
    assert about.metadata["virtualenv"] == str(venv)


def test_missing_virtualenv_is_a_clear_error(shim: Path, tmp_path: Path, context: FakeContext) -> None:
    resp = host(shim, tmp_path).Run(run_request(tmp_path, virtualenv="nope"), context)
    assert "'virtualenv' option" in resp.error
    assert "does not exist" in resp.error
    assert not (tmp_path / "rec").exists()


def test_unsupported_runtime_options_are_refused(shim: Path, tmp_path: Path, context: FakeContext) -> None:
    h = host(shim, tmp_path)
    assert "toolchain='uv'" in h.Run(run_request(tmp_path, toolchain="uv"), context).error
    assert "typechecker" in h.Run(run_request(tmp_path, typechecker="mypy"), context).error
    with pytest.raises(Aborted) as aborted:
        h.About(language_pb2.AboutRequest(info=program_info(tmp_path, toolchain="poetry")), context)
    assert aborted.value.code == grpc.StatusCode.FAILED_PRECONDITION


def test_program_dependencies_come_from_pip(shim: Path, tmp_path: Path, context: FakeContext) -> None:
    h = host(shim, tmp_path)
    request = language_pb2.GetProgramDependenciesRequest(transitiveDependencies=True, info=program_info(tmp_path))
    deps = {d.name.lower(): d.version for d in h.GetProgramDependencies(request, context).dependencies}
    assert deps["pulumi"] == SDK_VERSION


def test_install_dependencies(shim: Path, tmp_path: Path, context: FakeContext) -> None:
    h = host(shim, tmp_path)
    no_venv = language_pb2.InstallDependenciesRequest(directory=str(tmp_path), info=program_info(tmp_path))
    assert b"nothing to install" in b"".join(r.stdout for r in h.InstallDependencies(no_venv, context))
    # a missing virtualenv is created with $PULUMI_PYTHON_CMD -m venv (recorded by a fake python here)
    fake_python = tmp_path / "fake-python"
    fake_python.write_text(f'#!/bin/sh\necho "$@" > {tmp_path / "venv-args"}\n')
    fake_python.chmod(0o755)
    h = host(shim, tmp_path, PULUMI_PYTHON_CMD=str(fake_python))
    request = language_pb2.InstallDependenciesRequest(
        directory=str(tmp_path), info=program_info(tmp_path, virtualenv="venv")
    )
    out = b"".join(r.stdout for r in h.InstallDependencies(request, context))
    assert b"-m venv" in out
    assert (tmp_path / "venv-args").read_text().split() == ["-m", "venv", str(tmp_path / "venv")]


def test_calls_it_does_not_serve_say_so(shim: Path, tmp_path: Path, context: FakeContext) -> None:
    h = host(shim, tmp_path)
    for call, request in (
        (h.GenerateProject, language_pb2.GenerateProjectRequest()),
        (h.GeneratePackage, language_pb2.GeneratePackageRequest()),
        (h.Pack, language_pb2.PackRequest()),
    ):
        with pytest.raises(Aborted) as aborted:
            call(request, context)
        assert aborted.value.code == grpc.StatusCode.UNIMPLEMENTED
        assert "stand-in" in aborted.value.details
    with pytest.raises(Aborted):
        list(h.RunPlugin(language_pb2.RunPluginRequest(), context))
    assert h.Cancel(empty_pb2.Empty(), context) == empty_pb2.Empty()


def test_exec_command_and_outcomes() -> None:
    spec = RunSpec(project="p", stack="s", pwd="/w", program="", args=["a1"], config={}, config_secret_keys=[],
                   dry_run=False, parallel=0, monitor="m:1", engine="", organization="", root_directory="")  # fmt: skip
    assert exec_command("py", "shim", spec) == [
        "py", "-u", "shim", "--monitor", "m:1", "--project", "p", "--stack", "s", "--pwd", "/w",
        "--dry_run", "false", "--parallel", "0", ".", "a1",
    ]  # fmt: skip
    assert run_outcome(0) == ("", False)
    assert run_outcome(32) == ("", True)
    assert run_outcome(-15) == ("Program exited due to signal 15", False)
    assert RuntimeOptions.parse({}) == RuntimeOptions(toolchain="pip", virtualenv=None)
    with pytest.raises(HostError):
        RuntimeOptions.parse({"virtualenv": 3})


def test_exec_shim_lookup(tmp_path: Path) -> None:
    with pytest.raises(HostError, match="missing executor"):
        find_exec_shim(str(tmp_path / "nope"))
    (tmp_path / "pulumi-language-python-exec").write_text("")
    assert find_exec_shim(None, path=str(tmp_path)) == tmp_path / "pulumi-language-python-exec"
    with pytest.raises(HostError, match="not on PATH"):
        find_exec_shim(None, path="")
