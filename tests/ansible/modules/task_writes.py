"""Per-task write accounting for playbooks that batch many tasks into one ``ansible-playbook`` run.

``with_marks(emulator, tasks)`` puts a marker task after every task: a controller-side ``url`` lookup of
``GET /regions/`` (no module start-up, so it is cheap). ``writes_by_task(emulator, tasks)`` then splits the emulator's
request log at those markers and returns the write requests each task sent. The modules under test never read
``/regions/`` themselves (``region_info`` tests do not use marks).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

MARK_ROUTE = "/regions/"
READ_ONLY_POSTS = frozenset({"POST /pricing/"})


def _is_mark(entry: Mapping[str, Any]) -> bool:
    return entry.get("method") == "GET" and (entry.get("route") or entry.get("path", "")).endswith(MARK_ROUTE)


def mark_task(emulator: Any, label: str) -> dict[str, Any]:
    """A task that sends one ``GET /regions/`` from the controller."""
    url = f"{emulator.base_url.rstrip('/')}{MARK_ROUTE}"
    lookup = (
        f"{{{{ lookup('ansible.builtin.url', '{url}', split_lines=false, "
        f"headers={{'Authorization': 'Bearer {emulator.api_key}'}}) | length }}}}"
    )
    return {"name": f"mark after {label}", "ansible.builtin.set_fact": {"barrack_mark": lookup}}


def with_marks(emulator: Any, tasks: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``tasks`` with a marker after each one (every task needs a unique ``name``)."""
    out: list[dict[str, Any]] = []
    for task in tasks:
        out.append(dict(task))
        out.append(mark_task(emulator, str(task["name"])))
    return out


def writes_by_task(emulator: Any, tasks: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, int]]:
    """Write requests (``"METHOD /route/"`` -> count) of each task of a run made with ``with_marks``."""
    segments: list[Counter[str]] = [Counter()]
    for entry in emulator.request_log():
        if _is_mark(entry):
            segments.append(Counter())
            continue
        key = f"{entry['method']} {entry.get('route') or entry['path']}"
        if entry["method"] != "GET" and key not in READ_ONLY_POSTS:
            segments[-1][key] += 1
    names = [str(t["name"]) for t in tasks]
    if len(segments) != len(names) + 1:
        raise AssertionError(f"expected {len(names)} markers in the request log, found {len(segments) - 1}")
    return {name: dict(segments[i]) for i, name in enumerate(names)}
