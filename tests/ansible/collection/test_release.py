"""Release hygiene: one version, and every module and plugin in the changelog (under the release its
``version_added`` names) and in the README's table (issue 16 item 13)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from .collection_paths import COLLECTION, REPO_ROOT

PLUGIN_KINDS = ("inventory",)  # plugin types the collection ships besides modules


def plugin_doc(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    match = re.search(r'^DOCUMENTATION = r?"""(.*?)"""', text, re.S | re.M)
    assert match, f"{path} has no DOCUMENTATION"
    doc = yaml.safe_load(match.group(1))
    assert isinstance(doc, dict)
    return doc


def shipped() -> list[tuple[str, str, Path]]:
    """(kind, name, file) of every module and plugin."""
    found = [("module", p.stem, p) for p in sorted((COLLECTION / "plugins" / "modules").glob("*.py"))]
    for kind in PLUGIN_KINDS:
        found += [(kind, p.stem, p) for p in sorted((COLLECTION / "plugins" / kind).glob("*.py"))]
    return [f for f in found if f[1] != "__init__"]


def changelog() -> dict[str, dict[str, object]]:
    data = yaml.safe_load((COLLECTION / "changelogs" / "changelog.yaml").read_text(encoding="utf-8"))
    releases: dict[str, dict[str, object]] = data["releases"]
    return releases


def released_in(kind: str, name: str) -> list[str]:
    """The releases whose changelog lists this module or plugin as new."""
    versions = []
    for version, release in changelog().items():
        entries = release.get("modules", []) if kind == "module" else release.get("plugins", {}).get(kind, [])
        if any(entry["name"] == name for entry in entries):  # type: ignore[index]
            versions.append(version)
    return versions


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@pytest.mark.parametrize(("kind", "name", "path"), shipped(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_module_and_plugin_is_in_the_changelog_of_its_version_added(kind: str, name: str, path: Path) -> None:
    versions = released_in(kind, name)
    assert len(versions) == 1, f"{kind} {name} is listed as new in the changelog releases {versions} (want one)"
    doc = plugin_doc(path)
    assert str(doc["version_added"]) == versions[0], (
        f"{name}: version_added {doc['version_added']} but the changelog lists it as new in {versions[0]}"
    )


@pytest.mark.parametrize(("kind", "name", "path"), shipped(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_module_and_plugin_is_in_the_readme_table(kind: str, name: str, path: Path) -> None:
    readme = (COLLECTION / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `barrack\.cloud\.(\w+)`", readme, re.M)
    assert name in rows, f"the collection README's table lacks barrack.cloud.{name}"


def test_options_new_in_a_later_release_say_so() -> None:
    """An option's version_added, when given, is a release of the changelog and not older than its plugin's."""
    releases = set(changelog())
    for _, name, path in shipped():
        doc = plugin_doc(path)
        for option, spec in (doc.get("options") or {}).items():  # type: ignore[union-attr]
            added = spec.get("version_added") if isinstance(spec, dict) else None
            if added is not None:
                assert str(added) in releases, f"{name}.{option}: version_added {added} is not a release"
                assert version_key(str(added)) >= version_key(str(doc["version_added"])), f"{name}.{option}"


def test_one_version_and_it_is_the_newest_release() -> None:
    """test_build.py checks that every version equals shared_client/_version.py's; here: it is the newest release."""
    client = re.search(r'__version__ = "([^"]+)"', (REPO_ROOT / "shared_client" / "_version.py").read_text("utf-8"))
    galaxy = yaml.safe_load((COLLECTION / "galaxy.yml").read_text(encoding="utf-8"))["version"]
    assert client and client.group(1) == galaxy, "galaxy.yml's version must be shared_client/_version.py's"
    assert max(changelog(), key=version_key) == galaxy, "the newest changelog release must be the version"
    assert f"v{galaxy}" in (COLLECTION / "CHANGELOG.rst").read_text(encoding="utf-8")


def test_every_change_since_the_first_release_has_a_fragment() -> None:
    """Each release after the first was made from fragments (changelogs/fragments/, kept), all of them present."""
    fragments = {p.name for p in (COLLECTION / "changelogs" / "fragments").glob("*.y*ml")}
    for version, release in changelog().items():
        listed = set(release.get("fragments", []))  # type: ignore[arg-type]
        assert listed, f"release {version} lists no fragment"
        assert listed <= fragments, f"release {version}: fragments missing from the repository {listed - fragments}"
