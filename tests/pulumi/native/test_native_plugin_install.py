"""The plugin tarball of ``scripts/build-plugin`` installs the Pulumi way (``pulumi plugin install resource barrack
<version> --file``) and serves a YAML program that names no plugin path, with ambient plugins ignored."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from engine_support import list_all, public_key
from native_support import ROOT, Native, YamlProgram

from barrack_demo.pulumi_cli import Workspace
from pulumi_barrack._version import __version__

pytestmark = pytest.mark.engine


def test_plugin_tarball_installs_and_serves(native: Native, account_a: Any, tmp_path: Path) -> None:
    build = subprocess.run([str(ROOT / "scripts" / "build-plugin")], capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stderr[-3000:]
    tarball = Path(build.stdout.strip().splitlines()[-1])
    ws = Workspace(native.workspace.bin_dir, tmp_path / "ws", "plugin-install")
    folder = ws.root / "work" / "installed"
    folder.mkdir(parents=True)
    prog = YamlProgram(ws, folder, "test", name="installed")
    # The launcher runs with this venv's Python (it has the dependencies; the bundled wheel goes first on its
    # path); without BARRACK_PLUGIN_PYTHON it would make its own virtualenv on first start.
    prog.env.update(PULUMI_IGNORE_AMBIENT_PLUGINS="true", BARRACK_PLUGIN_PYTHON=sys.executable)
    prog.run("plugin", "install", "resource", "barrack", __version__, "--file", str(tarball))
    listed = prog.run("plugin", "ls").stdout
    assert "barrack" in listed and __version__ in listed
    (folder / "Pulumi.yaml").write_text(
        yaml.safe_dump(
            {
                "name": "installed",
                "runtime": "yaml",
                "resources": {"k": {"type": "barrack:index:SshKey", "properties": {"publicKey": public_key("i@t")}}},
                "outputs": {"keyName": "${k.name}"},
            }
        )
    )
    prog.init(api_key=account_a.api_key, api_url=account_a.base_url)
    assert prog.up().changes() == {"create": 2}
    assert [k["name"] for k in list_all(account_a)["ssh-keys"]] == [prog.outputs()["keyName"]]
    prog.destroy()
    assert list_all(account_a)["ssh-keys"] == []
