"""The docs site of ``make docs`` (scripts/build-docs) in a real browser: Debian's chromium, headless, loading the
pages over loopback HTTP. The front page links the collection and Pulumi; the collection's module index lists every
module and plugin; a module page has its options table and examples; the search (JavaScript) finds a module; no
page shows a Sphinx / docutils error.

Chromium comes from scripts/install-test-deps (apt). Without it the test is skipped, except in CI (``CI`` set), where
the script is run and a missing browser is a failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .collection_paths import COLLECTION, REPO_ROOT

pytestmark = [pytest.mark.ansible, pytest.mark.slow]

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
MODULES = sorted(p.stem for p in (COLLECTION / "plugins" / "modules").glob("*.py"))
ERROR_MARKS = re.compile(r'class="[^"]*\b(system-message|problematic)\b|Sphinx error|Exception occurred', re.I)


def chromium() -> str:
    found = shutil.which("chromium")
    if found:
        return found
    if not os.environ.get("CI"):
        pytest.skip("chromium is not installed (scripts/install-test-deps installs it; CI runs it)")
    proc = subprocess.run(
        [str(REPO_ROOT / "scripts" / "install-test-deps")], capture_output=True, text=True, timeout=900, check=False
    )
    found = shutil.which("chromium")
    assert proc.returncode == 0 and found, f"scripts/install-test-deps failed:\n{proc.stdout[-3000:]}{proc.stderr}"
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built by scripts/build-docs (what ``make docs`` runs)."""
    out = tmp_path_factory.mktemp("docs") / "site"
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "build-docs"), "--output", str(out)],
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    print(f"docs site built in {time.monotonic() - started:.1f}s")
    assert Path(proc.stdout.strip().splitlines()[-1]) == out / "index.html"
    return out


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The site over HTTP on loopback (what a browser of a published site sees)."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> str:
    return chromium()


def dom(browser: str, url: str, tmp_path: Path) -> str:
    """The DOM of ``url`` after its scripts ran (virtual time: the search finishes before the dump)."""
    profile = tmp_path / f"profile-{time.monotonic_ns()}"
    profile.mkdir()
    proc = subprocess.run(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=15000", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0 and "<html" in proc.stdout, proc.stderr[-3000:]
    return proc.stdout


def test_front_page_links_the_collection_and_pulumi(browser: str, served: str, tmp_path: Path) -> None:
    page = dom(browser, f"{served}/index.html", tmp_path)
    assert re.search(r'<a id="ansible" href="ansible/index.html">Ansible collection</a>', page), page
    assert re.search(r'<a id="pulumi" href="pulumi/index.html">Pulumi</a>', page), page
    reference = dom(browser, f"{served}/pulumi/index.html", tmp_path)
    assert "<h1>barrack provider API reference</h1>" in reference, reference
    assert 'href="Volume.html"' in reference, reference


def test_pulumi_reference_page_has_its_properties_table(browser: str, served: str, tmp_path: Path) -> None:
    page = dom(browser, f"{served}/pulumi/Volume.html", tmp_path)
    assert "<h1>Volume</h1>" in page, page[:2000]
    assert "<table>" in page and "sizeGb" in page, page[:4000]
    unrendered = [href for href in re.findall(r'href="([^"#]+)', page) if href.endswith(".md")]
    assert not unrendered, f"links to Markdown pages left unrendered: {unrendered}"


def test_module_index_lists_every_module_and_the_inventory_plugin(browser: str, served: str, tmp_path: Path) -> None:
    page = dom(browser, f"{served}/ansible/collections/barrack/cloud/index.html", tmp_path)
    for module in MODULES:
        assert f'href="{module}_module.html' in page, f"the module index lacks {module}"
    assert 'href="barrack_inventory.html' in page
    assert not ERROR_MARKS.search(page)


def test_a_module_page_has_its_options_table_and_examples(browser: str, served: str, tmp_path: Path) -> None:
    page = dom(browser, f"{served}/ansible/collections/barrack/cloud/volume_attachment_module.html", tmp_path)
    assert "barrack.cloud.volume_attachment module" in page
    table = re.search(r'<table class="[^"]*ansible-option-table.*?</table>', page, re.S)
    assert table, "no options table"
    for option in ("instance", "volume", "stop_if_needed", "api_key"):
        assert f'id="parameter-{option}"' in table.group(0), f"the options table lacks {option}"
    examples = re.search(r'<section id="examples">.*?</section>', page, re.S)
    assert examples and "barrack.cloud.volume_attachment" in examples.group(0), "no examples section"
    assert not ERROR_MARKS.search(page)


def test_search_finds_a_module(browser: str, served: str, tmp_path: Path) -> None:
    page = dom(browser, f"{served}/ansible/search.html?q=volume_attachment", tmp_path)
    results = re.search(r'<ul[^>]*class="search"[^>]*>(.*?)</ul>', page, re.S)
    assert results, "the search printed no results list (did its JavaScript run?)"
    assert 'href="collections/barrack/cloud/volume_attachment_module.html' in results.group(1)
    assert re.search(r'class="search-summary">Search finished, found [1-9]', page), "no search summary"


def test_no_page_shows_a_sphinx_error(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > len(MODULES)
    broken = [str(p.relative_to(site)) for p in pages if ERROR_MARKS.search(p.read_text(encoding="utf-8"))]
    assert not broken, f"pages showing a Sphinx/docutils error: {broken}"
