"""Killing a process and everything it started, as a killed CI job loses them all: no cleanup runs anywhere."""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path


def _descendants(pid: int) -> list[int]:
    """Every process below `pid` (Ansible's workers and Pulumi's plugins start new sessions, so a process-group kill
    misses them)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def kill_tree(pid: int) -> None:
    """SIGKILL `pid` and every process below it."""
    for victim in [pid, *_descendants(pid)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(victim, signal.SIGKILL)
