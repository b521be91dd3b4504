"""Start-up cost: the package loads lazily (a fresh interpreter per check), and every public name still resolves."""

from __future__ import annotations

import ssl
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

import shared_client
from shared_client import errors, models
from shared_client.resources.wire import WIRE_EQUALS_MODEL
from shared_client.transport import tls_settings

ROOT = Path(__file__).resolve().parents[2]


def fresh(code: str) -> str:
    """Run `code` in a new interpreter (nothing imported yet) and return its stdout."""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_errors_alone_loads_neither_httpx_nor_pydantic() -> None:
    out = fresh("import sys; from shared_client import errors; print(sorted({'httpx', 'pydantic'} & set(sys.modules)))")
    assert out == "[]"


def test_client_loads_only_the_models_a_sub_client_uses() -> None:
    code = """
import sys
from shared_client import BarrackClient
c = BarrackClient(api_key="k", base_url="http://127.0.0.1:9/api")
before = "pydantic" in sys.modules, "shared_client.resources.volumes" in sys.modules
c.volumes
after = [m for m in ("shared_client.models.volume", "shared_client.models.instance",
                     "shared_client.models.firewall", "shared_client.resources.instances") if m in sys.modules]
print(before, after)
"""
    assert fresh(code) == "(False, False) ['shared_client.models.volume']"


def test_sub_clients_are_built_once_per_client() -> None:
    c = shared_client.BarrackClient(api_key="k", base_url="http://127.0.0.1:9/api")
    assert c.volumes is c.volumes
    assert c.snapshots._instances is c.instances
    c.close()


@pytest.mark.parametrize("package", [shared_client, models], ids=lambda p: p.__name__)
def test_every_public_name_resolves(package: types.ModuleType) -> None:
    for name in package.__all__:
        assert getattr(package, name) is not None, name
    assert set(package.__all__) <= set(dir(package))
    with pytest.raises(AttributeError):
        package.NoSuchName  # noqa: B018


def test_the_client_skips_the_httpx_cli_without_breaking_it() -> None:
    code = """
import sys
from shared_client import BarrackClient
BarrackClient(api_key="k", base_url="http://127.0.0.1:9/api").close()
print("httpx._main" in sys.modules, "click" in sys.modules, callable(sys.modules["httpx"].main))
import httpx._main
print(callable(httpx._main.main))
"""
    assert fresh(code).splitlines() == ["False False True", "True"]


def test_plain_http_skips_the_ca_bundle_but_never_verification() -> None:
    ctx = tls_settings("http://127.0.0.1:8765/api", True)
    assert isinstance(ctx, ssl.SSLContext)
    assert ctx.verify_mode is ssl.CERT_REQUIRED and ctx.check_hostname
    assert ctx.get_ca_certs() == []  # fails closed if TLS were ever used
    assert tls_settings("https://barrack.ai/api", True) is True
    assert tls_settings("http://127.0.0.1:8765/api", False) is False
    assert tls_settings("http://127.0.0.1:8765/api", "/etc/ssl/ca.pem") == "/etc/ssl/ca.pem"


def test_wire_reads_load_no_pydantic_and_send_the_model_path_requests(emulator: Any) -> None:
    emulator.seed("volumes", 3, region="FINLAND-1")
    code = f"""
import sys
from shared_client import BarrackClient
with BarrackClient(api_key={emulator.api_key!r}, base_url={emulator.base_url!r}) as c:
    items = list(c.wire("volumes").list(region="FINLAND-1"))
    one = c.wire("volumes").get(items[0]["id"])
print(len(items), one == items[0], type(one).__name__, "pydantic" in sys.modules)
"""
    assert fresh(code) == "3 True dict False"
    wire_counts = emulator.request_counts()
    emulator.clear_log()
    with shared_client.BarrackClient(api_key=emulator.api_key, base_url=emulator.base_url) as c:
        models_read = list(c.volumes.list(region="FINLAND-1"))
        c.volumes.get(models_read[0].id)
    assert emulator.request_counts() == wire_counts == {"GET /volumes/": 1, "GET /volumes/{id}/": 1}


@pytest.mark.parametrize("kind", sorted(WIRE_EQUALS_MODEL))
def test_wire_objects_are_what_the_read_models_report(emulator: Any, barrack_client: Any, kind: str) -> None:
    """The invariant behind ``WIRE_EQUALS_MODEL``: for these kinds the wire dict equals ``model.to_dict()``."""
    ids = emulator.seed(kind, 2)
    wire = list(barrack_client.wire(kind).list())
    assert {o["id"] for o in wire} >= set(ids)
    assert wire == [m.to_dict() for m in getattr(barrack_client, kind).list()]
    assert barrack_client.wire(kind).get(ids[0]) == getattr(barrack_client, kind).get(ids[0]).to_dict()


def test_wire_reader_errors(barrack_client: Any) -> None:
    with pytest.raises(errors.NotFound):
        barrack_client.wire("volumes").get("999999")
    with pytest.raises(errors.ConfigurationError, match="no resource kind 'pricing'"):
        barrack_client.wire("pricing")


def test_lazy_names_resolve_from_a_zip(tmp_path: Path) -> None:
    """Ansible runs modules from a zip (AnsiballZ): the export list is read through the loader, not the file."""
    import zipfile

    archive = tmp_path / "payload.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in (ROOT / "shared_client").rglob("*.py"):
            zf.write(path, path.relative_to(ROOT).as_posix())
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import shared_client as s; "
        "print(type(s.__loader__).__name__, s.Deadline(1).seconds, 'Deadline' in s.__all__)"
    )
    done = subprocess.run(
        [sys.executable, "-S", "-c", code, str(archive)], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["zipimporter", "1", "True"]
