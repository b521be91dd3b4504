"""Emulator under write load, in memory and with a state file (target: write p99 with a state file within 2x the
in-memory write p99 of the same run, no errors).

For each mode a separate emulator process (``python -m barrack_emulator`` on loopback, no rate limit) is seeded
with 10,000 volumes, then ``--clients`` keep-alive clients (threads) run for ``--seconds``: each loop does two
writes (create a script then update it, or create a volume, or delete an earlier script) and one read (a volume by
id, or a 20-item page). Prints, per mode, requests served, write and read p50/p99, errors and the server's RSS.

    .venv/bin/python benchmarks/emulator_persistence.py [--seconds 30] [--clients 50] [--objects 10000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from barrack_emulator.testing import EmulatorHandle, spawn_emulator


@dataclass
class Tally:
    writes: list[float] = field(default_factory=list)
    reads: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000


def client_loop(emu: EmulatorHandle, n: int, vol_ids: list[str], stop_at: float, tally: Tally) -> None:
    rng = random.Random(n)
    mine: list[str] = []
    i = 0
    with httpx.Client(base_url=emu.base_url, headers=emu.headers, timeout=120) as http:

        def timed(kind: list[float], method: str, path: str, body: object = None, ok: int = 200) -> httpx.Response:
            t0 = time.perf_counter()
            resp = http.request(method, path, json=body)
            kind.append(time.perf_counter() - t0)
            if resp.status_code != ok:
                tally.errors.append(f"{method} {path}: {resp.status_code} {resp.text[:120]}")
            return resp

        while time.perf_counter() < stop_at:
            i += 1
            step = i % 4
            if step == 0 and mine:
                timed(tally.writes, "DELETE", f"/scripts/{mine.pop(0)}/")
                timed(tally.writes, "POST", "/volumes/", _volume(n, i), ok=201)
            elif step == 1:
                timed(tally.writes, "POST", "/volumes/", _volume(n, i), ok=201)
                timed(tally.writes, "POST", "/volumes/", _volume(n, -i), ok=201)
            else:
                resp = timed(tally.writes, "POST", "/scripts/", {"name": f"c{n}-s{i}", "content": "echo"}, ok=201)
                if resp.status_code == 201:
                    sid = resp.json()["data"]["id"]
                    mine.append(sid)
                    timed(tally.writes, "PUT", f"/scripts/{sid}/", {"description": f"v{i}"})
            if i % 2:
                timed(tally.reads, "GET", f"/volumes/{rng.choice(vol_ids)}/")
            else:
                timed(tally.reads, "GET", f"/volumes/?page_size=20&page={rng.randint(1, 400)}")


def _volume(n: int, i: int) -> dict[str, object]:
    return {"name": f"c{n}-v{i}".replace("-", "x", 1), "region": "FINLAND-2", "size_gb": 100, "volume_type": "HDD"}


def rss_mib(pid: int | None) -> float:
    if pid is None:
        return float("nan")
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(mode: str, state_file: Path | None, seconds: float, clients: int, objects: int) -> dict[str, float]:
    with spawn_emulator(state_file=state_file, delay_scale=0.0, rate_limit=0) as emu:
        vol_ids = emu.seed("volumes", objects, region="FINLAND-1")
        tally = Tally()
        stop_at = time.perf_counter() + seconds
        pool = [
            threading.Thread(target=client_loop, args=(emu, n, vol_ids, stop_at, tally), daemon=True)
            for n in range(clients)
        ]
        for t in pool:
            t.start()
        for t in pool:
            t.join(timeout=seconds + 300)
        rss = rss_mib(emu.pid)
        served = len(tally.writes) + len(tally.reads)
        fig = {
            "served": served,
            "writes": len(tally.writes),
            "w50": p(tally.writes, 0.50),
            "w99": p(tally.writes, 0.99),
            "r50": p(tally.reads, 0.50),
            "r99": p(tally.reads, 0.99),
            "errors": len(tally.errors),
            "rss": rss,
        }
        print(
            f"{mode:18s} served {served:6d} ({served / seconds:6.0f}/s; {len(tally.writes)} writes)   "
            f"write p50 {fig['w50']:7.1f} ms  p99 {fig['w99']:7.1f} ms   read p50 {fig['r50']:7.1f} ms  "
            f"p99 {fig['r99']:7.1f} ms   errors {len(tally.errors)}   server RSS {rss:.0f} MiB",
            flush=True,
        )
        if tally.errors:
            print(f"  first error: {tally.errors[0]}")
        return fig


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--objects", type=int, default=10_000)
    args = parser.parse_args()
    print(f"{args.clients} clients x {args.seconds:g} s against {args.objects} volumes (emulator on loopback)")
    memory = run("in memory", None, args.seconds, args.clients, args.objects)
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "state.db"
        disk = run("with state file", state, args.seconds, args.clients, args.objects)
        size = sum(f.stat().st_size for f in Path(tmp).iterdir()) / 1024 / 1024
    ratio = disk["w99"] / memory["w99"]
    verdict = "OK" if ratio <= 2.0 and disk["errors"] == 0 else "MISSED"
    print(
        f"write p99 state file / memory = {ratio:.2f} (target <= 2.0, no errors): {verdict}; state file {size:.1f} MiB"
    )


if __name__ == "__main__":
    main()
