"""The state file: an SQLite database (standard library, WAL), one row per object.

Tables: ``objects(kind, id, body)`` — one JSON row per resource; ``meta(key, value)`` — counters, stock, credit,
currency, profile and clock; ``closed_billing(seq, kind, body)`` and ``ai_usage(seq, body)`` — append-only rows.
A request is one transaction: ``BEGIN IMMEDIATE`` when the store lock is taken (it also serialises separate
emulator processes on one file), the changed rows and ``COMMIT`` before the response leaves. ``PRAGMA
data_version`` tells whether another process committed meanwhile; the store then reloads.

A state file written by the JSON versions of the emulator is migrated on first open (the JSON is kept beside it as
``<name>.json-v1.bak``).
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 2
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 60_000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS objects (kind TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL,
                                    PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS closed_billing (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ai_usage (seq INTEGER PRIMARY KEY, body TEXT NOT NULL);
"""


class StateFileError(RuntimeError):
    """The state file cannot be used (not an emulator state file, or a newer schema)."""


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


@dataclass
class Snapshot:
    """Everything read from the database at once."""

    meta: dict[str, Any] = field(default_factory=dict)
    objects: list[tuple[str, str, Any]] = field(default_factory=list)
    closed_billing: list[tuple[str, Any]] = field(default_factory=list)
    ai_usage: list[Any] = field(default_factory=list)


def _file_kind(path: Path, fd: int) -> str:
    """``"none"`` (missing or empty), ``"sqlite"`` or ``"json"``; StateFileError for anything else."""
    head = os.pread(fd, 16, 0)
    if head == b"":
        return "none"
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head.lstrip()[:1] == b"{":
        return "json"
    raise StateFileError(f"{path} is neither an emulator state database nor a JSON state file")


def read_legacy_json(path: Path) -> dict[str, Any] | None:
    """The content of a JSON state file (the format before SQLite), or None when `path` is not one."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        if _file_kind(path, fd) != "json":
            return None
        try:
            data = json.loads(os.read(fd, os.fstat(fd).st_size + 1).decode("utf-8"))
        except ValueError as exc:
            raise StateFileError(f"{path}: unreadable JSON state file ({exc})") from None
    finally:
        os.close(fd)
    if not isinstance(data, dict) or not isinstance(data.get("res"), dict):
        raise StateFileError(f"{path} is not an emulator JSON state file")
    return data


def migrate_json(path: Path, rows: Snapshot) -> None:
    """Replace the JSON state file at `path` by a database holding `rows`; the JSON stays beside it as
    ``<name>.json-v1.bak``. Runs under an exclusive lock on the JSON file and does nothing when another process
    migrated it first."""
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            current = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            return
        try:
            if os.fstat(current).st_ino != os.fstat(fd).st_ino or _file_kind(path, current) != "json":
                return  # already migrated by another process
        finally:
            os.close(current)
        tmp = path.with_name(path.name + ".migrating")
        tmp.unlink(missing_ok=True)
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.executescript(_SCHEMA)
            conn.execute("BEGIN")
            write(conn, rows.meta, rows.objects, [], rows.closed_billing, rows.ai_usage, wipe=False)
            conn.execute("COMMIT")
        finally:
            conn.close()
        backup = path.with_name(path.name + ".json-v1.bak")
        if not backup.exists():
            os.link(path, backup)
        os.replace(tmp, path)
    finally:
        os.close(fd)


def write(
    c: sqlite3.Connection,
    meta: dict[str, Any],
    upserts: Iterable[tuple[str, str, Any]],
    deletes: Iterable[tuple[str, str]],
    closed: Iterable[tuple[str, Any]],
    ai_usage: Iterable[Any],
    *,
    wipe: bool,
) -> None:
    """Write changes inside the current transaction (`wipe` first empties every table)."""
    if wipe:
        for table in ("objects", "meta", "closed_billing", "ai_usage"):
            c.execute(f"DELETE FROM {table}")
    if meta:
        c.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", ((k, dumps(v)) for k, v in meta.items()))
    c.executemany("INSERT OR REPLACE INTO objects VALUES (?, ?, ?)", ((k, i, dumps(b)) for k, i, b in upserts))
    c.executemany("DELETE FROM objects WHERE kind = ? AND id = ?", deletes)
    c.executemany("INSERT INTO closed_billing (kind, body) VALUES (?, ?)", ((k, dumps(b)) for k, b in closed))
    c.executemany("INSERT INTO ai_usage (body) VALUES (?)", ((dumps(b),) for b in ai_usage))


class Database:
    """One connection to the state file; every method runs under the store lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        if read_legacy_json(path) is not None:
            raise StateFileError(f"{path} is a JSON state file: migrate it first")
        self.conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
        self.conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        self.conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode: a commit is in the WAL (the OS has it) before the response leaves, so a killed process
        # loses nothing acknowledged; only a power cut can lose the last commits (never corrupts).
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.executescript(_SCHEMA)
        self._version = self._data_version()
        self.in_txn = False

    def _data_version(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def begin(self) -> bool:
        """Start the request's transaction; True when another connection committed since our last look."""
        self.conn.execute("BEGIN IMMEDIATE")
        self.in_txn = True
        version = self._data_version()
        changed = version != self._version
        self._version = version
        return changed

    def end(self) -> None:
        if self.in_txn:
            self.in_txn = False
            self.conn.execute("COMMIT")
            self._version = self._data_version()

    def rollback(self) -> None:
        if self.in_txn:
            self.in_txn = False
            self.conn.execute("ROLLBACK")

    def read(self) -> Snapshot:
        rows = self.conn.execute
        return Snapshot(
            {k: json.loads(v) for k, v in rows("SELECT key, value FROM meta")},
            [(k, i, json.loads(b)) for k, i, b in rows("SELECT kind, id, body FROM objects")],
            [(k, json.loads(b)) for k, b in rows("SELECT kind, body FROM closed_billing ORDER BY seq")],
            [json.loads(b) for (b,) in rows("SELECT body FROM ai_usage ORDER BY seq")],
        )

    def close(self) -> None:
        try:
            self.rollback()
            self.conn.close()
        except sqlite3.Error:
            pass
