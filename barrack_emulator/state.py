"""The emulator's account state: resources, ids, stock, balance, lazy status timelines and persistence.

Transitional statuses are not driven by a background task: every status change is a step with a due time
(``_steps`` on the resource, indexed by a heap). ``advance()`` applies the due steps; it runs at the start of
every request, so a resource's status is always what its timestamps say it is.
"""

from __future__ import annotations

import fcntl
import heapq
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from barrack_emulator import billing
from barrack_emulator.catalogue import DEFAULT_BALANCE, GPU_COUNTS, GPU_MODELS, INITIAL_STOCK, REGIONS

KINDS: tuple[str, ...] = ("instances", "volumes", "firewalls", "ssh_keys", "scripts", "snapshots", "images")
GONE = "__gone__"  # a step status that removes the resource

Resource = dict[str, Any]
# A step: [due_time, sub_list_key | None, sub_item_id | None, status]
Step = list[Any]


class StoreLock:
    """Re-entrant lock around the state; with a state file it also serialises processes.

    The outermost ``with store.lock:`` takes an exclusive ``flock`` on ``<state file>.lock``, reloads the file if
    another process changed it, and on exit writes the state back if it changed. So separate emulator processes on
    one state file see one account and never lose each other's writes.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None

    def __enter__(self) -> StoreLock:
        self._lock.acquire()
        self._depth += 1
        if self._depth == 1 and self._store.state_file is not None:
            try:
                if self._fd is None:
                    lock_path = self._store.state_file.with_name(self._store.state_file.name + ".lock")
                    lock_path.parent.mkdir(parents=True, exist_ok=True)
                    self._fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
                fcntl.flock(self._fd, fcntl.LOCK_EX)
                self._store.reload_if_changed()
            except BaseException:
                self._release()
                raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._depth == 1 and self._store.state_file is not None:
                self._store.save_if_dirty()
        finally:
            self._release()

    def _release(self) -> None:
        if self._depth == 1 and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._depth -= 1
        self._lock.release()


class Store:
    """All mutable state of one emulated account. Guard every access with ``store.lock``."""

    def __init__(
        self,
        *,
        balance: float = DEFAULT_BALANCE,
        delay_scale: float = 0.0,
        state_file: str | os.PathLike[str] | None = None,
    ) -> None:
        self.lock = StoreLock(self)
        self.delay_scale = delay_scale
        self.default_balance = balance
        self.state_file = Path(state_file) if state_file else None
        self.counters: dict[str, int] = {
            "instances": 100_000,
            "snapshots": 100_000,
            "volumes": 5_000,
            "firewalls": 300,
            "ssh_keys": 700,
            "scripts": 900,
            "images": 12_000,
            "rules": 40_000,
        }
        self.dirty = False
        self._file_sig: tuple[int, int, int] | None = None
        self.on_remove: Callable[[Store, str, Resource], None] | None = None
        self.reset(balance)
        if self.state_file and self.state_file.exists():
            self.load()

    # ---- lifecycle -------------------------------------------------------------------------------------
    def reset(self, balance: float | None = None) -> None:
        """Forget every resource; restore the catalogue stock and the balance."""
        self.res: dict[str, dict[str, Resource]] = {k: {} for k in KINDS}
        self.stock: dict[str, dict[str, dict[str, int]]] = initial_stock()
        self.balance: float = self.default_balance if balance is None else float(balance)
        self.closed_billing: dict[str, list[dict[str, Any]]] = {"instances": [], "volumes": [], "snapshots": []}
        self.ai_usage: list[dict[str, Any]] = []
        self.clock_offset = 0.0
        self._heap: list[tuple[float, int, str, str]] = []
        self._seq = 0
        self.dirty = True

    def now(self) -> float:
        """The emulator clock (wall clock plus the admin clock offset)."""
        return time.time() + self.clock_offset

    def new_id(self, kind: str) -> str:
        """The next id of a kind: BRK ids for instances and snapshots, numeric strings for the rest."""
        self.counters[kind] = n = self.counters[kind] + 1
        if kind == "instances":
            return f"BRK-{n % 1_000_000:06d}D"
        if kind == "snapshots":
            return f"BRK-{n % 1_000_000:06d}S"
        return str(n)

    # ---- resources ---------------------------------------------------------------------------------------
    def get(self, kind: str, rid: str) -> Resource | None:
        return self.res[kind].get(rid)

    def add(self, kind: str, res: Resource) -> Resource:
        self.res[kind][res["id"] if "id" in res else res["instance_id"]] = res
        self.dirty = True
        return res

    def remove(self, kind: str, rid: str) -> None:
        """Delete a resource now, closing its billing record."""
        res = self.res[kind].pop(rid, None)
        if res is None:
            return
        now = self.now()
        if "_bill" in res:
            billing.accrue(self, res, now)
            self.closed_billing[kind].append(billing.record(kind, res, closed=True))
        if self.on_remove is not None:
            self.on_remove(self, kind, res)
        self.dirty = True

    # ---- timelines ---------------------------------------------------------------------------------------
    def duration(self, key: str | float) -> float:
        from barrack_emulator.catalogue import DURATIONS

        base = DURATIONS[key] if isinstance(key, str) else float(key)
        return base * self.delay_scale

    def timeline(
        self,
        kind: str,
        res: Resource,
        sequence: Iterable[tuple[str, str | float | None]],
        sub: str | None = None,
        sub_id: str | None = None,
    ) -> None:
        """Start a status sequence now: ``[(status, duration_key), ..., (final, None)]``.

        The first status applies at once; each later one after the previous step's duration. Pending steps of
        the same target (the resource itself, or one sub item) are replaced.
        """
        now = self.now()
        rid = _rid(res)
        res["_steps"] = [s for s in res.get("_steps", []) if not (s[1] == sub and s[2] == sub_id)]
        at = now
        first = True
        for status, dur in sequence:
            if first:
                self._apply(kind, res, [now, sub, sub_id, status])
                first = False
            else:
                res["_steps"].append([at, sub, sub_id, status])
                self._push(at, kind, rid)
            if dur is not None:
                at += self.duration(dur)
        if not res["_steps"]:
            res.pop("_steps", None)
        self.dirty = True
        self.advance()

    def _push(self, at: float, kind: str, rid: str) -> None:
        self._seq += 1
        heapq.heappush(self._heap, (at, self._seq, kind, rid))

    def advance(self) -> None:
        """Apply every step that is due."""
        now = self.now()
        heap = self._heap
        while heap and heap[0][0] <= now:
            _, _, kind, rid = heapq.heappop(heap)
            res = self.res[kind].get(rid)
            if res is None or "_steps" not in res:
                continue
            due = [s for s in res["_steps"] if s[0] <= now]
            if not due:
                continue
            res["_steps"] = [s for s in res["_steps"] if s[0] > now]
            for step in sorted(due, key=lambda s: s[0]):
                if self._apply(kind, res, step) is False:
                    break
            if not res.get("_steps"):
                res.pop("_steps", None)

    def _apply(self, kind: str, res: Resource, step: Step) -> bool:
        at, sub, sub_id, status = step
        if sub is None:
            if status == GONE:
                self.remove(kind, _rid(res))
                return False
            if "_bill" in res:
                billing.accrue(self, res, at)
            if kind == "instances" and status == "HIBERNATED" and res.get("status") != status:
                res["_hibernated_at"] = at
            res["status"] = status
            if "_bill" in res:
                res["_bill"]["rate"] = billing.rate(kind, res)
            return True
        for item in res.get(sub, []):
            if item.get("id", item.get("instance_id")) == sub_id:
                item["status"] = status
        return True

    def set_status(self, kind: str, res: Resource, status: str) -> None:
        """Out-of-band status change: cancels pending steps of the resource itself."""
        res["_steps"] = [s for s in res.get("_steps", []) if s[1] is not None]
        if not res["_steps"]:
            res.pop("_steps", None)
        self._apply(kind, res, [self.now(), None, None, status])
        self.dirty = True

    def settle(self) -> None:
        """Charge every billable resource up to now (for the balance and billing views)."""
        now = self.now()
        for kind in ("instances", "volumes", "snapshots"):
            for res in self.res[kind].values():
                billing.accrue(self, res, now)

    # ---- persistence ------------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "format": 1,
            "res": self.res,
            "counters": self.counters,
            "stock": self.stock,
            "balance": self.balance,
            "closed_billing": self.closed_billing,
            "ai_usage": self.ai_usage,
            "clock_offset": self.clock_offset,
            "delay_scale": self.delay_scale,
        }

    def from_json(self, data: dict[str, Any]) -> None:
        self.res = {k: dict(data["res"].get(k, {})) for k in KINDS}
        self.counters.update(data.get("counters", {}))
        self.stock = data.get("stock") or initial_stock()
        self.balance = float(data.get("balance", self.default_balance))
        self.closed_billing = data.get("closed_billing") or {"instances": [], "volumes": [], "snapshots": []}
        self.ai_usage = list(data.get("ai_usage") or [])
        self.clock_offset = float(data.get("clock_offset", 0.0))
        self._heap = []
        for kind, items in self.res.items():
            for rid, res in items.items():
                for step in res.get("_steps", []):
                    self._push(step[0], kind, rid)
        self.advance()

    def load(self) -> None:
        """Read the state file (if any)."""
        if not self.state_file or not self.state_file.exists():
            return
        with self.state_file.open("r", encoding="utf-8") as fh:
            self.from_json(json.load(fh))
        self._file_sig = _sig(self.state_file)
        self.dirty = False

    def reload_if_changed(self) -> None:
        """Pick up a state file written by another process."""
        if self.state_file is None:
            return
        sig = _sig(self.state_file)
        if sig is not None and sig != self._file_sig:
            self.load()

    def save(self) -> None:
        """Write the state file atomically (temp file + rename)."""
        self.dirty = False
        if self.state_file is None:
            return
        directory = self.state_file.parent
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".barrack-state-", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(json.dumps(self.to_json(), separators=(",", ":")))  # dumps+write: ~4x faster than dump
            os.replace(tmp, self.state_file)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._file_sig = _sig(self.state_file)

    def save_if_dirty(self) -> None:
        if self.dirty:
            self.save()


def initial_stock() -> dict[str, dict[str, dict[str, int]]]:
    """Free machines per region, model and configuration."""
    stock: dict[str, dict[str, dict[str, int]]] = {}
    for region, tier in REGIONS.items():
        stock[region] = {}
        for model, spec in GPU_MODELS.items():
            if spec["tier"] == tier:
                stock[region][model] = {f"{n}x": INITIAL_STOCK[n] for n in GPU_COUNTS if n <= spec["max_count"]}
    return stock


def _rid(res: Resource) -> str:
    return str(res["id"] if "id" in res else res["instance_id"])


def _sig(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)
