"""ansible-builder: an execution environment definition that installs the tarball gives a build context (no image
is built: there is no container engine here), and the context's own introspection finds the collection's Python
requirements through meta/execution-environment.yml."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from .collection_paths import ansible_env, tool

pytestmark = pytest.mark.ansible


def definition(tarball: Path) -> dict[str, object]:
    """The execution environment definition of the collection's README."""
    return {
        "version": 3,
        "images": {"base_image": {"name": "quay.io/fedora/python-311:latest"}},
        "dependencies": {
            "ansible_core": {"package_pip": "ansible-core>=2.17,<2.20"},
            "ansible_runner": {"package_pip": "ansible-runner"},
            "galaxy": {"collections": [{"name": f"/build/collections/{tarball.name}", "type": "file"}]},
        },
        "additional_build_files": [{"src": tarball.name, "dest": "collections"}],
    }


def test_ansible_builder_create_and_introspect(built_tarball: Path, tmp_path: Path) -> None:
    shutil.copy(built_tarball, tmp_path / built_tarball.name)
    (tmp_path / "execution-environment.yml").write_text(yaml.safe_dump(definition(built_tarball)), encoding="utf-8")
    proc = subprocess.run(
        [
            tool("ansible-builder"),
            "create",
            "-f",
            "execution-environment.yml",
            "-c",
            "context",
            "--output-filename",
            "Containerfile",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    context = tmp_path / "context"
    containerfile = (context / "Containerfile").read_text(encoding="utf-8")
    assert "ansible-galaxy collection install" in containerfile
    assert "introspect" in containerfile, "the image build would not read the collection's requirements"
    assert (context / "_build" / "collections" / built_tarball.name).is_file()
    requirements = yaml.safe_load((context / "_build" / "requirements.yml").read_text(encoding="utf-8"))
    assert requirements["collections"] == [{"name": f"/build/collections/{built_tarball.name}", "type": "file"}]

    # What the image build does after installing the collection: the context's introspect script.
    installed = tmp_path / "collections"
    install = subprocess.run(
        [tool("ansible-galaxy"), "collection", "install", str(built_tarball), "-p", str(installed), "--force"],
        env=ansible_env(ANSIBLE_HOME=str(tmp_path / "ansible-home")),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    pip_file, bindep_file = tmp_path / "pip.txt", tmp_path / "bindep.txt"
    introspect = subprocess.run(
        [
            tool("python"),
            str(context / "_build" / "scripts" / "introspect.py"),
            "introspect",
            str(installed),
            "--write-pip",
            str(pip_file),
            "--write-bindep",
            str(bindep_file),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert introspect.returncode == 0, introspect.stdout + introspect.stderr
    found = yaml.safe_load(introspect.stdout)
    python = sorted(line.split("#")[0].strip() for line in found["python"])
    assert python == ["httpx>=0.27,<1", "pydantic>=2.7,<3", "typing_extensions>=4.6"], found
    assert found["system"] == [], "bindep.txt declares no system package"
    assert "from collection barrack.cloud" in pip_file.read_text(encoding="utf-8")
