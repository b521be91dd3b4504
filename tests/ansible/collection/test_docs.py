"""ansible-doc renders every module of the action group and the inventory plugin; every module is documented."""

from __future__ import annotations

import ast
import json
import subprocess
from pathlib import Path

import pytest
import yaml

from .collection_paths import action_group_modules, ansible_env, module_files, tool

pytestmark = pytest.mark.ansible

DOC_BLOCKS = ("DOCUMENTATION", "EXAMPLES", "RETURN")


def _doc_blocks(path: Path) -> dict[str, str]:
    """The module-level string constants DOCUMENTATION / EXAMPLES / RETURN of a module file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id in DOC_BLOCKS:
                    found[target.id] = node.value.value
    return found


def _ansible_doc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool("ansible-doc"), *args], env=ansible_env(), capture_output=True, text=True, timeout=300, check=False
    )


def test_action_group_lists_exactly_the_modules() -> None:
    group = action_group_modules()
    files = [p.stem for p in module_files()]
    assert len(group) == len(set(group)), "duplicate names in action_groups.all"
    assert sorted(files) == sorted(group), "meta/runtime.yml action group `all` and plugins/modules/ differ"


@pytest.mark.parametrize("path", module_files(), ids=lambda p: p.stem)
def test_module_file_has_documentation_examples_and_return(path: Path) -> None:
    blocks = _doc_blocks(path)
    assert set(blocks) == set(DOC_BLOCKS), f"{path.name} lacks {set(DOC_BLOCKS) - set(blocks)}"
    doc = yaml.safe_load(blocks["DOCUMENTATION"])
    assert doc["module"] == path.stem
    assert doc["short_description"] and doc["description"]
    assert str(doc["version_added"]) in ("0.1.0", "0.2.0")  # test_release.py: the release that shipped it
    assert "barrack.cloud.barrack" in doc.get("extends_documentation_fragment", [])
    examples = yaml.safe_load(blocks["EXAMPLES"])
    assert isinstance(examples, list) and examples, "EXAMPLES must be a non-empty list of tasks"
    assert any(f"barrack.cloud.{path.stem}" in task for task in examples), "EXAMPLES never use the module by FQCN"
    assert isinstance(yaml.safe_load(blocks["RETURN"]), dict), "RETURN must document the returned keys"


def test_ansible_doc_renders_every_module() -> None:
    modules = [f"barrack.cloud.{name}" for name in action_group_modules()]
    listed = _ansible_doc("--json", *modules)
    assert listed.returncode == 0, listed.stderr
    docs = json.loads(listed.stdout)
    for fqcn in modules:
        doc = docs.get(fqcn, {}).get("doc")
        assert doc, f"ansible-doc has no documentation for {fqcn}"
        options = doc.get("options", {})
        for common in ("api_key", "api_url", "api_timeout", "validate_certs"):
            assert common in options, f"{fqcn} lacks the common option {common} (doc fragment barrack.cloud.barrack)"
        assert docs[fqcn].get("examples") and docs[fqcn].get("return"), fqcn

    rendered = _ansible_doc(*modules)
    assert rendered.returncode == 0, rendered.stderr
    for fqcn in modules:
        assert f"MODULE {fqcn}" in rendered.stdout, f"{fqcn} did not render as text"
    assert "ERROR" not in rendered.stderr


def test_ansible_doc_renders_the_inventory_plugin() -> None:
    listed = _ansible_doc("--json", "-t", "inventory", "barrack.cloud.barrack")
    assert listed.returncode == 0, listed.stderr
    doc = json.loads(listed.stdout)["barrack.cloud.barrack"]["doc"]
    options = doc["options"]
    for name in (
        "api_key",
        "api_url",
        "api_timeout",
        "validate_certs",
        "regions",
        "statuses",
        "gpu_models",
        "name_pattern",
        "connect_with",
        "compose",
        "keyed_groups",
        "groups",
        "strict",
        "cache",
        "cache_plugin",
        "cache_connection",
    ):
        assert name in options, f"inventory option {name} is not documented"
    assert options["api_key"]["env"] == [{"name": "BARRACK_API_KEY"}]
    assert options["connect_with"]["choices"] == ["public_ip", "private_ip"]

    rendered = _ansible_doc("-t", "inventory", "barrack.cloud.barrack")
    assert rendered.returncode == 0, rendered.stderr
    assert "INVENTORY barrack.cloud.barrack" in rendered.stdout
