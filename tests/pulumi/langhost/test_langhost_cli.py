"""End to end: the Pulumi CLI runs a Python program folder through this checkout's stand-in language host
(first on PATH, so it is the one under test even where the engine has Pulumi's own host beside it).

Needs the engine (see tests/pulumi/engine/conftest.py): skips without it, fails when ``CI`` is set.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from barrack_demo.pulumi_cli import EngineNotFound, Program, Workspace, find_engine, write_pulumi_yaml

pytestmark = pytest.mark.engine
REPO = Path(__file__).resolve().parents[3]
TOKEN = "tok-" + "7f3a9c1e5b" * 3
LAUNCHER = """#!/bin/sh
exec {python} -c 'import runpy, sys; sys.path.insert(0, sys.argv.pop(1)); \
runpy.run_module("pulumi_language_host", run_name="__main__", alter_sys=True)' \
  {repo} --use-executor {engine}/pulumi-language-python-exec "$@"
"""
PROGRAM = '''"""A dynamic resource defined in the program itself, config in, secret and plain outputs out."""
import sys
import uuid

import pulumi
from pulumi.dynamic import CreateResult, Resource, ResourceProvider


class Provider(ResourceProvider):
    def create(self, props):
        return CreateResult(uuid.uuid4().hex, {"size": props["size"]})


class Thing(Resource):
    def __init__(self, name, size):
        super().__init__(Provider(), name, {"size": size})


config = pulumi.Config()
if config.get("fail") == "yes":
    raise ValueError("the program asked to fail")
thing = Thing("thing", int(config.require("size")))
pulumi.export("id", thing.id)
pulumi.export("token", config.require_secret("token"))
pulumi.export("python", sys.prefix)
pulumi.export("stack", pulumi.get_stack())
'''


class HostFirstWorkspace(Workspace):
    """The stand-in first on PATH; PULUMI_PYTHON_CMD points nowhere, so the virtualenv option must be what is used."""

    host_bin: Path

    def env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        out = super().env(extra)
        out["PATH"] = os.pathsep.join([str(self.host_bin), out["PATH"]])
        out["PULUMI_PYTHON_CMD"] = str(self.root / "no-such-python")
        return out


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    try:
        engine = find_engine(build=False)
    except EngineNotFound as exc:
        if os.environ.get("CI"):
            pytest.fail(f"the Pulumi engine is required in CI: {exc}", pytrace=False)
        pytest.skip(f"Pulumi engine not available: {exc}")
    root = tmp_path_factory.mktemp("langhost-cli")
    host_bin = root / "host-bin"
    host_bin.mkdir()
    launcher = host_bin / "pulumi-language-python"
    launcher.write_text(LAUNCHER.format(python=sys.executable, repo=REPO, engine=engine))
    launcher.chmod(0o755)
    ws = HostFirstWorkspace(engine, root, "langhost-tests")
    ws.host_bin = host_bin
    return ws


@pytest.fixture(scope="module")
def program(workspace: Workspace) -> Iterator[Program]:
    folder = workspace.root / "prog"
    folder.mkdir()
    (folder / "__main__.py").write_text(PROGRAM)
    write_pulumi_yaml(folder, "langhost", virtualenv=sys.prefix)
    prog = Program(workspace, folder, "dev")
    prog.init(api_key=None, api_url=None, config={"size": "3"})
    prog.set_secret("token", TOKEN)
    yield prog
    prog.destroy(check=False)


def test_up_preview_refresh_export_destroy(program: Program, workspace: Workspace) -> None:
    up = program.up()
    assert "+ 2 created" in up.stdout, up.output
    for noise in ("Traceback", "KeyboardInterrupt"):
        assert noise not in up.output
    outputs = program.outputs(show_secrets=True)
    assert outputs["token"] == TOKEN  # config and secret config reached the program
    assert outputs["stack"] == "dev"
    assert outputs["python"] == sys.prefix  # the virtualenv option chose the interpreter
    assert program.outputs()["token"] == "[secret]"
    program.preview("--expect-no-changes")
    program.refresh("--expect-no-changes")
    export = program.export()
    assert export["deployment"]["resources"]
    assert TOKEN.encode() not in b"".join(p.read_bytes() for p in workspace.files())
    down = program.destroy()
    assert "- 2 deleted" in down.stdout, down.output


def test_a_failing_program_is_reported_once(program: Program) -> None:
    program.run("config", "set", "fail", "yes")
    try:
        failed = program.preview(check=False)
    finally:
        program.run("config", "rm", "fail")
    assert failed.returncode != 0
    assert "the program asked to fail" in failed.output
    # exit code 32 ("bail"): the program's own message is the error; the host adds none
    assert "exited with non-zero exit code" not in failed.output


def test_install_uses_the_virtualenv(program: Program) -> None:
    result = program.run("install")
    assert f"Using the virtualenv {sys.prefix}" in result.output
    about = json.loads(program.run("about", "--json").stdout)
    assert about["runtime"]["executable"] == f"{sys.prefix}/bin/python"
    assert about["runtime"]["virtualenv"] == sys.prefix
    assert any(d["name"].lower() == "pulumi" for d in about["dependencies"])  # GetProgramDependencies
