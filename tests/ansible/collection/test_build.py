"""The built collection (scripts/build-collection): metadata, one version, tarball contents, the vendored client
packed whole into every module's AnsiballZ payload; the changelog fragments and generated changelog are valid."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest
import yaml

from .built import ANSIBLE_RELEASES, VENDOR
from .collection_paths import COLLECTION, REPO_ROOT, action_group_modules, tool

pytestmark = pytest.mark.ansible

CLIENT = REPO_ROOT / "shared_client"
VENDOR_PACKAGE = "ansible_collections.barrack.cloud.plugins.module_utils.vendor.shared_client"
INTEGRATION_TARGETS = ("ssh_key", "volume", "firewall", "instance", "startup_script", "volume_attachment", "snapshot")


def galaxy() -> dict[str, object]:
    return dict(yaml.safe_load((COLLECTION / "galaxy.yml").read_text(encoding="utf-8")))


def client_version() -> str:
    from shared_client import __version__

    return __version__


def client_files() -> set[str]:
    return {p.relative_to(CLIENT).as_posix() for p in CLIENT.rglob("*.py") if "__pycache__" not in p.parts}


def test_galaxy_metadata() -> None:
    meta = galaxy()
    assert (meta["namespace"], meta["name"]) == ("barrack", "cloud")
    for key in ("repository", "documentation", "issues", "homepage"):
        assert str(meta.get(key, "")).startswith("https://"), f"galaxy.yml lacks {key}"
    assert meta["license"] == ["Apache-2.0"]
    assert "tests/integration/integration_config.yml" in meta["build_ignore"], "the config holds an API key"


def test_requires_ansible_is_the_tested_matrix() -> None:
    from packaging.specifiers import SpecifierSet

    runtime = yaml.safe_load((COLLECTION / "meta" / "runtime.yml").read_text(encoding="utf-8"))
    spec = SpecifierSet(runtime["requires_ansible"])
    lowest, highest = ANSIBLE_RELEASES[0], ANSIBLE_RELEASES[-1]
    assert f"{lowest}.0" in spec and f"{highest}.99" in spec
    minor = int(lowest.split(".")[1])
    assert f"2.{minor - 1}.99" not in spec, "requires_ansible admits a release below the tested matrix"
    assert f"2.{int(highest.split('.')[1]) + 1}.0" not in spec, "requires_ansible admits an untested release"
    readme = (COLLECTION / "README.md").read_text(encoding="utf-8")
    for release in ANSIBLE_RELEASES:
        assert release in readme, f"the README does not name the tested ansible-core {release}"
    assert "need Python 3.12, which" not in readme, "the README must not say 2.20+ cannot be tested"
    pyproject = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'ansible = ["ansible-core>={lowest},<2.{int(highest.split(".")[1]) + 1}"]' in pyproject


def test_one_version_for_package_collection_and_user_agents() -> None:
    """shared_client/_version.py is the source; the pip package, galaxy.yml, the changelog and every user agent
    carry the same version."""
    version = client_version()
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["version"] == version, "pyproject.toml [project] version"
    assert galaxy()["version"] == version, "galaxy.yml version"
    changelog = yaml.safe_load((COLLECTION / "changelogs" / "changelog.yaml").read_text(encoding="utf-8"))
    assert version in changelog["releases"], "changelogs/changelog.yaml has no release of this version"

    module_utils = (COLLECTION / "plugins" / "module_utils" / "barrack.py").read_text(encoding="utf-8")
    declared = re.search(r'^COLLECTION_VERSION = "([^"]+)"', module_utils, re.M)
    assert declared is None or declared.group(1) == version, "module_utils/barrack.py COLLECTION_VERSION"
    from ansible_collections.barrack.cloud.plugins.module_utils import barrack as module_utils_barrack
    from pulumi_barrack._version import USER_AGENT as PULUMI_USER_AGENT
    from shared_client.transport import build_user_agent

    assert f"barrack-ansible/{version}" == module_utils_barrack.USER_AGENT
    assert f"barrack-pulumi/{version}" == PULUMI_USER_AGENT
    for caller in (module_utils_barrack.USER_AGENT, PULUMI_USER_AGENT):
        assert f"barrack-shared-client/{version}" in build_user_agent(caller)


def test_requirements_txt_is_the_client_dependencies() -> None:
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lines = (COLLECTION / "requirements.txt").read_text(encoding="utf-8").splitlines()
    requirements = sorted(line.strip() for line in lines if line.strip() and not line.startswith("#"))
    assert requirements == sorted(pyproject["project"]["dependencies"])
    ee = yaml.safe_load((COLLECTION / "meta" / "execution-environment.yml").read_text(encoding="utf-8"))
    assert ee["dependencies"] == {"python": "requirements.txt", "system": "bindep.txt"}
    assert (COLLECTION / "bindep.txt").is_file()


def test_tarball_contents(built_tarball: Path) -> None:
    version = client_version()
    assert built_tarball.name == f"barrack-cloud-{version}.tar.gz"
    with tarfile.open(built_tarball) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile("MANIFEST.json"))  # type: ignore[arg-type]
        license_text = tar.extractfile("LICENSE").read().decode()  # type: ignore[union-attr]
        requirements = tar.extractfile("requirements.txt").read().decode()  # type: ignore[union-attr]
    info = manifest["collection_info"]
    assert (info["namespace"], info["name"], info["version"]) == ("barrack", "cloud", version)
    assert info["repository"] and info["documentation"] and info["issues"]
    assert "Apache License" in license_text and "Version 2.0" in license_text
    assert "httpx" in requirements and "pydantic" in requirements
    required = [
        "LICENSE",
        "README.md",
        "requirements.txt",
        "bindep.txt",
        "meta/runtime.yml",
        "meta/execution-environment.yml",
        "changelogs/changelog.yaml",
        "plugins/inventory/barrack.py",
        "plugins/module_utils/barrack.py",
        "plugins/doc_fragments/barrack.py",
        "plugins/module_utils/vendor/__init__.py",
        *(f"plugins/modules/{module}.py" for module in action_group_modules()),
        *(f"tests/integration/targets/{target}/tasks/main.yml" for target in INTEGRATION_TARGETS),
        *(f"tests/integration/targets/{target}/aliases" for target in INTEGRATION_TARGETS),
    ]
    missing = [name for name in required if name not in names]
    assert not missing, f"missing from the tarball: {missing}"
    vendored = {n.removeprefix(f"{VENDOR.as_posix()}/") for n in names if n.startswith(f"{VENDOR.as_posix()}/")}
    assert {n for n in vendored if n.endswith(".py")} == client_files(), (
        "the vendored client differs from shared_client"
    )
    leaked = [
        n
        for n in names
        if n.startswith(("tests/output", "extensions"))
        or "__pycache__" in n
        or n.endswith((".pyc", "integration_config.yml"))
    ]
    assert not leaked, f"the tarball carries {leaked[:5]}"


def extract(tarball: Path, dest: Path) -> Path:
    with tarfile.open(tarball) as tar:
        tar.extractall(dest, filter="data")
    return dest


def client_imports(path: Path) -> list[int]:
    """Lines of ``path`` that import the top-level ``shared_client`` package."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        if any(n == "shared_client" or n.startswith("shared_client.") for n in names):
            lines.append(node.lineno)
    return lines


def test_built_plugins_use_only_the_vendored_client(built_tarball: Path, tmp_path: Path) -> None:
    root = extract(built_tarball, tmp_path)
    plugins = sorted((root / "plugins").rglob("*.py"))
    offenders = {str(p.relative_to(root)): lines for p in plugins if (lines := client_imports(p))}
    assert not offenders, f"imports of shared_client left in the built collection: {offenders}"
    vendored = root / VENDOR
    assert "vendor.shared_client" in (root / "plugins" / "module_utils" / "barrack.py").read_text(encoding="utf-8")
    # Same code as shared_client: the vendored modules parse to the source's syntax tree once the prefix is undone
    # (the package __init__ also carries the static import block for AnsiballZ).
    for rel in sorted(client_files()):
        source = ast.dump(ast.parse((CLIENT / rel).read_text(encoding="utf-8")))
        copy_text = (vendored / rel).read_text(encoding="utf-8").replace(VENDOR_PACKAGE, "shared_client")
        copy = ast.parse(copy_text)
        if rel == "__init__.py":
            copy.body = copy.body[: len(ast.parse((CLIENT / rel).read_text(encoding="utf-8")).body)]
        assert ast.dump(copy) == source, f"vendored {rel} differs from shared_client/{rel}"


def test_built_collection_names_its_real_requirements(built_tarball: Path, tmp_path: Path) -> None:
    """The client is bundled; what a user installs is requirements.txt. ``barrack-iac`` is not on any index, so
    neither the docs nor the missing-library messages of the built collection may send users to it."""
    root = extract(built_tarball, tmp_path)
    offenders = [
        str(p.relative_to(root))
        for p in sorted((root / "plugins").rglob("*.py"))
        if re.search(r"pip install barrack-iac|PIP_PACKAGE = \"barrack-iac\"", p.read_text(encoding="utf-8"))
    ]
    assert not offenders, f"these files tell users to pip install barrack-iac: {offenders}"
    assert "requirements.txt" in (root / "plugins" / "doc_fragments" / "barrack.py").read_text(encoding="utf-8")


def module_file(root: Path, parts: tuple[str, ...]) -> Path | None:
    """The file of ``ansible_collections.barrack.cloud.<...>`` in the extracted collection, if it is a module."""
    if parts[:3] != ("ansible_collections", "barrack", "cloud"):
        return None
    base = root.joinpath(*parts[3:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def packed_files(root: Path, module: Path) -> set[Path]:
    """The collection files AnsiballZ packs with ``module``: ansible-core's own static import finder
    (``ModuleDepFinder``), followed through module_utils the way its ``recursive_finder`` does."""
    from ansible.executor.module_common import ModuleDepFinder

    seen: set[Path] = set()
    todo = [(module, "ansible_collections.barrack.cloud.plugins.modules." + module.stem, False)]
    while todo:
        path, fqn, is_pkg = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        finder = ModuleDepFinder(fqn, ast.parse(path.read_text(encoding="utf-8")), is_pkg)
        for name in finder.submodules:
            parts = tuple(name)
            while parts:  # the name may end with identifiers (``from x.y import Class``)
                found = module_file(root, parts)
                if found is not None:
                    todo.append((found, ".".join(parts), found.name == "__init__.py"))
                    for depth in range(4, len(parts)):  # parent packages are packed too
                        init = module_file(root, parts[:depth])
                        if init is not None and init.name == "__init__.py":
                            todo.append((init, ".".join(parts[:depth]), True))
                    break
                parts = parts[:-1]
    return seen


@pytest.mark.parametrize("module", action_group_modules())
def test_ansiballz_packs_the_whole_vendored_client(built_tarball: Path, tmp_path: Path, module: str) -> None:
    """The client's packages import their names lazily (PEP 562, importlib); AnsiballZ only packs what static
    imports reach, so every vendored file must be reachable from every module that uses the client."""
    root = extract(built_tarball, tmp_path)
    packed = packed_files(root, root / "plugins" / "modules" / f"{module}.py")
    vendored = {p for p in (root / VENDOR).rglob("*.py")}
    missing = sorted(str(p.relative_to(root / VENDOR)) for p in vendored - packed)
    assert not missing, f"AnsiballZ would not pack these vendored files with {module}: {missing}"


def test_build_refuses_a_galaxy_version_other_than_the_client_version(tmp_path: Path) -> None:
    source = tmp_path / "src"
    (source / "plugins").mkdir(parents=True)
    galaxy_yml = (COLLECTION / "galaxy.yml").read_text(encoding="utf-8")
    (source / "galaxy.yml").write_text(galaxy_yml.replace(f"version: {client_version()}", "version: 9.9.9"), "utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "scripts" / "build-collection"),
            "--source",
            str(source),
            "--stage-only",
            str(tmp_path / "stage"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"galaxy.yml version 9.9.9 differs from shared_client {client_version()}" in proc.stderr


def test_build_refuses_client_imports_it_cannot_rewrite(tmp_path: Path) -> None:
    source = tmp_path / "src"
    (source / "plugins" / "modules").mkdir(parents=True)
    shutil.copy(COLLECTION / "galaxy.yml", source / "galaxy.yml")
    module = source / "plugins" / "modules" / "odd.py"
    module.write_text("import os\n\nimport shared_client.models\n\n__import__('shared_client.errors')\n", "utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO_ROOT / "scripts" / "build-collection"),
            "--source",
            str(source),
            "--stage-only",
            str(tmp_path / "stage"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "imports of shared_client the build cannot rewrite" in proc.stderr
    assert "odd.py:3" in proc.stderr and "odd.py:5" in proc.stderr, proc.stderr


def test_changelog_lints_clean() -> None:
    proc = subprocess.run(
        [tool("antsibull-changelog"), "lint"], cwd=COLLECTION, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def test_generated_changelog_has_the_release() -> None:
    changelog = yaml.safe_load((COLLECTION / "changelogs" / "changelog.yaml").read_text(encoding="utf-8"))
    release = changelog["releases"]["0.1.0"]
    assert release["changes"]["release_summary"]
    new_modules = {m["name"] for m in release.get("modules", [])}
    assert new_modules <= set(action_group_modules())
    assert {p["name"] for p in release["plugins"]["inventory"]} == {"barrack"}
    assert "v0.1.0" in (COLLECTION / "CHANGELOG.rst").read_text(encoding="utf-8")
