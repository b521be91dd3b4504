"""The emulator's account state: resources, ids, stock, balance, lazy status timelines and persistence.

Transitional statuses are not driven by a background task: every status change is a step with a due time
(``_steps`` on the resource, indexed by a heap). ``advance()`` applies the due steps; it runs at the start of
every request, so a resource's status is always what its timestamps say it is.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import json
import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from barrack_emulator import billing
from barrack_emulator.catalogue import DEFAULT_BALANCE, DURATIONS, GPU_COUNTS, GPU_MODELS, INITIAL_STOCK, REGIONS
from barrack_emulator.kinds import Resource, all_kinds
from barrack_emulator.persistence import (
    SCHEMA_VERSION,
    Database,
    Snapshot,
    StateFileError,
    migrate_json,
    read_legacy_json,
    write,
)
from barrack_emulator.tracking import track

GONE = "__gone__"  # a step status that removes the resource
FIRST_RULE_ID = 40_000  # rules (of firewalls and instances) count ids of their own

# A step: [due_time, sub_list_key | None, sub_item_id | None, status]
Step = list[Any]


class StoreLock:
    """Re-entrant lock around the state. With a state file the outermost ``with store.lock:`` is one database
    transaction: ``BEGIN IMMEDIATE`` (which also serialises separate processes on one file; another process's
    commits are reloaded first) and, on exit, the changed objects written and committed."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.RLock()
        self._depth = 0

    def __enter__(self) -> Store:
        self._lock.acquire()
        self._depth += 1
        if self._depth == 1 and self._store.db is not None:
            try:
                self._store.begin()
            except BaseException:
                self._depth -= 1
                self._lock.release()
                raise
        return self._store

    def __exit__(self, *exc: object) -> None:
        try:
            if self._depth == 1 and self._store.db is not None:
                self._store.commit()
        finally:
            self._depth -= 1
            self._lock.release()


class Store:
    """All mutable state of one emulated account. Guard every access with ``store.lock``.

    The balance is derived: ``credit`` (what was paid in, minus closed resources' charges and AI calls) minus the
    charges of the live resources up to now. So reading the balance changes nothing, and only resources whose
    rate changes are written.
    """

    def __init__(
        self,
        *,
        balance: float = DEFAULT_BALANCE,
        delay_scale: float = 0.0,
        state_file: str | os.PathLike[str] | None = None,
        currency: str = "USD",
        profile_complete: bool = True,
    ) -> None:
        self.lock = StoreLock(self)
        self.delay_scale = delay_scale
        self.default_balance = balance
        self.currency = currency
        self.profile_complete = profile_complete
        self.state_file = Path(state_file) if state_file else None
        self.kinds = all_kinds()
        self.counters = self._first_ids()
        self.db: Database | None = None
        self._dirty: set[tuple[str, str]] = set()
        self._wipe = False
        self._stale = False
        self._meta_written = ""
        self._closed_written: dict[str, int] = {}
        self._ai_written = 0
        self.reset(balance)
        if self.state_file is not None:
            legacy = read_legacy_json(self.state_file)
            if legacy is not None:
                migrate_json(self.state_file, self._snapshot_of_json(legacy))
            self.db = Database(self.state_file)
            with self.lock:
                snap = self.db.read()
                if snap.meta:
                    self._load(snap)
                else:
                    self._wipe = True  # a new file: write the start state

    # ---- lifecycle -------------------------------------------------------------------------------------
    def reset(self, balance: float | None = None) -> None:
        """Forget every resource; restore the catalogue stock and the balance (currency and profile stay)."""
        self.res: dict[str, dict[str, Resource]] = {k: {} for k in self.kinds}
        self.stock: dict[str, dict[str, dict[str, int]]] = initial_stock()
        self.credit: float = self.default_balance if balance is None else float(balance)
        self.closed_billing: dict[str, list[dict[str, Any]]] = {n: [] for n, k in self.kinds.items() if k.rate}
        self.ai_usage: list[dict[str, Any]] = []
        self.clock_offset = 0.0
        self.ledger = billing.Ledger()
        self._heap: list[tuple[float, int, str, str]] = []
        self._seq = 0
        self._dirty.clear()
        self._wipe = True
        self._closed_written = {}
        self._ai_written = 0

    def close(self) -> None:
        """Close the state file (the store is unusable afterwards)."""
        if self.db is not None:
            with self.lock._lock:
                self.db.close()
                self.db = None

    def now(self) -> float:
        """The emulator clock (wall clock plus the admin clock offset)."""
        return time.time() + self.clock_offset

    def _first_ids(self) -> dict[str, int]:
        return {"rules": FIRST_RULE_ID, **{n: k.first_id for n, k in self.kinds.items()}}

    def new_id(self, kind: str) -> str:
        """The next id of a kind (or of rules)."""
        self.counters[kind] = n = self.counters[kind] + 1
        return self.kinds[kind].make_id(n) if kind in self.kinds else str(n)

    # ---- money -------------------------------------------------------------------------------------------
    def open_charges(self, at: float | None = None) -> float:
        """What the live resources have cost up to `at` (default now), from the ledger's running totals."""
        return self.ledger.cost(self.now() if at is None else at)

    def _billed(self) -> list[tuple[str, Resource]]:
        """Every resource with a billing account, with its kind."""
        return [(kind, res) for kind, items in self.res.items() for res in items.values() if "_bill" in res]

    @property
    def balance(self) -> float:
        """The balance now, in the account currency."""
        return self.credit - self.open_charges()

    def set_balance(self, value: float) -> None:
        self.credit = float(value) + self.open_charges()

    def set_currency(self, currency: str) -> None:
        """Change the account currency: running charges are closed at the old rates, every rate is redone."""
        if currency == self.currency:
            return
        now = self.now()
        for _, res in self._billed():
            billing.accrue(self, res, now)
        self.currency = currency
        for inst in self.res["instances"].values():
            specs = inst["specs"]
            inst["billing"] = {
                "hourly_rate": billing.instance_hourly(specs["gpu_type"], specs["gpu_count"], currency),
                "currency": currency,
            }
        for kind, res in self._billed():
            billing.rerate(kind, self, res)

    # ---- resources ---------------------------------------------------------------------------------------
    def get(self, kind: str, rid: str) -> Resource | None:
        return self.res[kind].get(rid)

    def add(self, kind: str, res: Resource) -> Resource:
        """Store a new resource; returns the stored object (mutate that one)."""
        rid = _rid(res)
        if self.db is not None:
            res = track(res, functools.partial(self._dirty.add, (kind, rid)))
            self._dirty.add((kind, rid))
        self.res[kind][rid] = res
        return res

    def remove(self, kind: str, rid: str) -> None:
        """Delete a resource now, closing its billing record."""
        res = self.res[kind].pop(rid, None)
        if res is None:
            return
        self._dirty.add((kind, rid))
        now = self.now()
        if "_bill" in res:
            billing.accrue(self, res, now)
            self.ledger.add(res["_bill"], -1.0)
            self.credit -= res["_bill"]["amount"]
            self.closed_billing[kind].append(billing.record(self.kinds[kind], res, self.currency, now, closed=True))

    # ---- timelines ---------------------------------------------------------------------------------------
    def duration(self, key: str | float) -> float:
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
        steps = list(sequence)
        self._apply(kind, res, [now, sub, sub_id, steps[0][0]])
        at = now
        for (_, dur), (status, _) in itertools.pairwise(steps):
            at += self.duration(dur) if dur is not None else 0.0
            res["_steps"].append([at, sub, sub_id, status])
            self._push(at, kind, rid)
        if not res["_steps"]:
            res.pop("_steps", None)
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
                billing.set_rate(self, kind, res)
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

    # ---- persistence ------------------------------------------------------------------------------------
    def begin(self) -> None:
        """Open the request's transaction; reload when another process (or a failed commit) made memory stale."""
        assert self.db is not None
        if self.db.begin() or self._stale:
            self._load(self.db.read())
            self._stale = False

    def commit(self) -> None:
        """Write what changed since `begin` and commit (before the response leaves)."""
        db = self.db
        assert db is not None
        try:
            meta = self._meta()
            meta_json = json.dumps(meta, sort_keys=True, separators=(",", ":"))
            if self._wipe or self._dirty or meta_json != self._meta_written or self._appended():
                upserts = [(k, rid, self.res[k][rid]) for k, rid in self._dirty if rid in self.res[k]]
                deletes = [(k, rid) for k, rid in self._dirty if rid not in self.res[k]]
                if self._wipe:
                    upserts = [(k, rid, r) for k, items in self.res.items() for rid, r in items.items()]
                    self._closed_written, self._ai_written = {}, 0
                closed = [
                    (kind, rec)
                    for kind, recs in self.closed_billing.items()
                    for rec in recs[self._closed_written.get(kind, 0) :]
                ]
                write(db.conn, meta, upserts, deletes, closed, self.ai_usage[self._ai_written :], wipe=self._wipe)
            db.end()
        except BaseException:
            db.rollback()
            self._stale = True
            raise
        finally:
            self._dirty.clear()
            self._wipe = False
        self._written(meta_json)

    def _written(self, meta_json: str) -> None:
        """Remember what the database holds: the meta rows and how many append-only rows."""
        self._meta_written = meta_json
        self._closed_written = {kind: len(recs) for kind, recs in self.closed_billing.items()}
        self._ai_written = len(self.ai_usage)

    def _appended(self) -> bool:
        return self._ai_written != len(self.ai_usage) or any(
            self._closed_written.get(k, 0) != len(v) for k, v in self.closed_billing.items()
        )

    def _meta(self) -> dict[str, Any]:
        return {
            "format": SCHEMA_VERSION,
            "counters": self.counters,
            "stock": self.stock,
            "credit": self.credit,
            "currency": self.currency,
            "profile_complete": self.profile_complete,
            "clock_offset": self.clock_offset,
        }

    def _load(self, snap: Snapshot) -> None:
        """Replace the memory state by a snapshot of the database."""
        meta = snap.meta
        if int(meta.get("format", SCHEMA_VERSION)) > SCHEMA_VERSION:
            raise StateFileError(f"{self.state_file} was written by a newer emulator (format {meta['format']})")
        self.res = {k: {} for k in self.kinds}
        self._dirty.clear()
        for kind, rid, body in snap.objects:
            if kind in self.res:
                self.res[kind][rid] = track(body, functools.partial(self._dirty.add, (kind, rid)))
        self.counters.update(meta.get("counters", {}))
        self.stock = meta.get("stock") or initial_stock()
        self.credit = float(meta.get("credit", self.default_balance))
        self.currency = str(meta.get("currency", self.currency))
        self.profile_complete = bool(meta.get("profile_complete", True))
        self.clock_offset = float(meta.get("clock_offset", 0.0))
        self.closed_billing = {k: [] for k in self.closed_billing}
        for kind, rec in snap.closed_billing:
            self.closed_billing.setdefault(kind, []).append(rec)
        self.ai_usage = list(snap.ai_usage)
        self._heap = []
        for kind, items in self.res.items():
            for rid, res in items.items():
                for step in res.get("_steps", []):
                    self._push(step[0], kind, rid)
        self.ledger = billing.Ledger()
        for _, res in self._billed():
            self.ledger.add(res["_bill"])
        self._written(json.dumps(self._meta(), sort_keys=True, separators=(",", ":")))
        self._wipe = False

    def _snapshot_of_json(self, data: dict[str, Any]) -> Snapshot:
        """The rows of a JSON state file (format 1): its balance already had the live charges taken off, so the
        credit gets them back."""
        snap = Snapshot()
        res = data["res"]
        snap.objects = [(k, rid, body) for k in self.kinds for rid, body in dict(res.get(k) or {}).items()]
        live = sum(float(b["_bill"]["amount"]) for _, _, b in snap.objects if "_bill" in b)
        snap.meta = {
            **self._meta(),
            "counters": {**self._first_ids(), **dict(data.get("counters") or {})},
            "stock": data.get("stock") or initial_stock(),
            "credit": float(data.get("balance", self.default_balance)) + live,
            "clock_offset": float(data.get("clock_offset", 0.0)),
        }
        closed = data.get("closed_billing") or {}
        snap.closed_billing = [(k, rec) for k, recs in closed.items() for rec in recs]
        snap.ai_usage = list(data.get("ai_usage") or [])
        return snap


def initial_stock() -> dict[str, dict[str, dict[str, int]]]:
    """Free machines per region, model and configuration."""
    return {
        region: {
            model: {f"{n}x": INITIAL_STOCK[n] for n in GPU_COUNTS if n <= spec["max_count"]}
            for model, spec in GPU_MODELS.items()
            if spec["tier"] == tier
        }
        for region, tier in REGIONS.items()
    }


def _rid(res: Resource) -> str:
    return str(res["id"] if "id" in res else res["instance_id"])
