"""httpx, imported without its command-line client (``httpx._main`` pulls in click, rich and pygments: ~40 ms).

httpx handles a missing ``_main`` itself; the blocking ``None`` entry is removed at once, so a later
``import httpx._main`` still works. Every client module imports httpx from here.
"""

from __future__ import annotations

import sys


def _import_without_cli() -> None:
    if "httpx" in sys.modules or "httpx._main" in sys.modules:
        return
    sys.modules["httpx._main"] = None  # type: ignore[assignment]
    try:
        import httpx  # noqa: F401
    finally:
        if sys.modules.get("httpx._main", 0) is None:
            del sys.modules["httpx._main"]


_import_without_cli()

import httpx as httpx  # noqa: E402  (re-exported: `from shared_client._httpx import httpx`)
