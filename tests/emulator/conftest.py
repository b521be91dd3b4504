"""Fixtures and helpers for the emulator's own tests (raw httpx, no shared_client)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from barrack_emulator.routes.ssh_keys import fake_public_key
from barrack_emulator.testing import EmulatorHandle

UBUNTU = "Ubuntu Server 22.04 LTS R535 CUDA 12.2"


class Api:
    """A thin raw-HTTP helper bound to the emulator (asserts on status where asked)."""

    def __init__(self, emu: EmulatorHandle) -> None:
        self.emu = emu
        self.http = httpx.Client(base_url=emu.base_url, headers=emu.headers, timeout=30)

    def call(
        self, method: str, path: str, json: Any = None, params: Any = None, expect: int | None = None
    ) -> httpx.Response:
        resp = self.http.request(method, path, json=json, params=params)
        if expect is not None:
            assert resp.status_code == expect, f"{method} {path}: {resp.status_code} {resp.text}"
        return resp

    def data(self, method: str, path: str, json: Any = None, params: Any = None, expect: int = 200) -> Any:
        """``data`` of the envelope; for a list (no ``data``: items and page fields at the top level, D) the
        envelope itself."""
        body = self.call(method, path, json, params, expect).json()
        return body.get("data", body)

    def error(
        self, method: str, path: str, json: Any = None, expect: int = 400, code: str | None = None
    ) -> dict[str, Any]:
        body: dict[str, Any] = self.call(method, path, json, expect=expect).json()
        assert body["success"] is False
        if code is not None:
            assert body["error_code"] == code, body
        return body

    # ---- builders -------------------------------------------------------------------------------------------
    def ssh_key(self, name: str = "key-1") -> str:
        return str(self.data("POST", "/ssh-keys/", {"name": name, "public_key": fake_public_key()}, expect=201)["id"])

    def instance(
        self,
        name: str = "vm-1",
        region: str = "CANADA-1",
        gpu_model: str = "RTX-A6000",
        gpu_count: int = 1,
        key: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        body = {
            "name": name,
            "region": region,
            "gpu_model": gpu_model,
            "gpu_count": gpu_count,
            "ssh_key_ids": [key or self.ssh_key(f"key-for-{name}".replace(" ", "-"))],
            **extra,
        }
        if "boot_source" not in extra and "image" not in extra:
            body["image"] = UBUNTU
        result: dict[str, Any] = self.data("POST", "/instances/", body, expect=201)
        return result

    def volume(
        self,
        name: str = "vol-1",
        region: str = "CANADA-1",
        size_gb: int = 100,
        volume_type: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        vtype = volume_type or ("SSD" if region == "CANADA-1" else "NVMe")
        result: dict[str, Any] = self.data(
            "POST",
            "/volumes/",
            {"name": name, "region": region, "size_gb": size_gb, "volume_type": vtype, **extra},
            expect=201,
        )
        return result

    def firewall(self, name: str = "fw-1", region: str = "CANADA-1") -> dict[str, Any]:
        result: dict[str, Any] = self.data("POST", "/firewalls/", {"name": name, "region": region}, expect=201)
        return result

    def status(self, path: str) -> str:
        return str(self.data("GET", path)["status"])


@pytest.fixture
def api(emulator: EmulatorHandle) -> Iterator[Api]:
    helper = Api(emulator)
    try:
        yield helper
    finally:
        helper.http.close()
