"""Benchmark: how late `wait_for` notices the end of a transition, at delay-scale 1 (realistic durations).

Volumes (creating -> available, 10 s) and firewalls (CREATING -> SUCCESS, 5 s) are created, then waited for in
parallel threads. The transition's end time is read from the in-process emulator's schedule; latency is the
wall time between that and `wait_for` returning. Target: <= 0.5 s. Also prints the number of polls.
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from barrack_emulator.testing import start_emulator
from shared_client import BarrackClient
from shared_client.models import FirewallCreate, VolumeCreate

VOLUMES = 6
FIREWALLS = 4
TARGET = 0.5


def due_time(emu: Any, kind: str, rid: str) -> float:
    """Wall-clock time at which the resource's last scheduled status step applies (emulator internals)."""
    res = emu.emulator.store.get(kind, rid)
    return max(step[0] for step in res["_steps"])


def main() -> int:
    results: list[tuple[str, float]] = []
    lock = threading.Lock()
    with (
        start_emulator(delay_scale=1.0) as emu,
        BarrackClient(api_key=emu.api_key, base_url=emu.base_url, user_agent="barrack-bench/0") as c,
    ):
        jobs: list[tuple[str, Any, str, str, float]] = []
        for i in range(VOLUMES):
            v = c.volumes.create(VolumeCreate(name=f"lat-{i}", region="CANADA-1", size_gb=100, volume_type="SSD"))
            jobs.append(("volume", c.volumes, v.id, "available", due_time(emu, "volumes", v.id)))
        for i in range(FIREWALLS):
            f = c.firewalls.create(FirewallCreate(name=f"lat-fw-{i}", region="CANADA-1"))
            jobs.append(("firewall", c.firewalls, f.id, "SUCCESS", due_time(emu, "firewalls", f.id)))
        emu.clear_log()

        def run(kind: str, sub: Any, rid: str, status: str, due: float) -> None:
            sub.wait_for(rid, status, timeout=60)
            done = time.time()
            with lock:
                results.append((kind, done - due))

        threads = [threading.Thread(target=run, args=job) for job in jobs]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        counts = emu.request_counts()
    lat = [r[1] for r in results]
    polls_v = counts["GET /volumes/{id}/"] / VOLUMES
    polls_f = counts["GET /firewalls/{id}/"] / FIREWALLS
    print(f"wait_for latency at delay-scale 1 ({VOLUMES} volumes x 10 s, {FIREWALLS} firewalls x 5 s, parallel)")
    print(
        f"  latency  median {statistics.median(lat):.3f} s   mean {statistics.mean(lat):.3f} s   "
        f"max {max(lat):.3f} s   (target <= {TARGET} s)  {'OK' if max(lat) <= TARGET else 'ABOVE TARGET (max)'}"
    )
    print(f"  polls per wait: volume {polls_v:.1f} (10 s transition), firewall {polls_f:.1f} (5 s transition)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
