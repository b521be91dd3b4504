"""Benchmark: median time of one GET through BarrackClient vs the same GET with a bare httpx.Client.

Same emulator, same run, interleaved calls (so both see the same server load). Target: ratio <= 1.25.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from barrack_emulator.testing import start_emulator
from shared_client import BarrackClient
from shared_client.models import VolumeCreate

ROUNDS = 2000
WARMUP = 200
TARGET = 1.25


def main() -> int:
    with (
        start_emulator(delay_scale=0.0) as emu,
        BarrackClient(api_key=emu.api_key, base_url=emu.base_url, user_agent="barrack-bench/0") as client,
        httpx.Client(base_url=emu.base_url + "/", headers=emu.headers) as bare,
    ):
        vid = client.volumes.create(VolumeCreate(name="bench-1", region="CANADA-1", size_gb=100, volume_type="SSD")).id
        path = f"volumes/{vid}/"

        def bare_get() -> None:
            r = bare.get(path)
            r.raise_for_status()
            r.json()["data"]

        def client_get() -> None:
            client.volumes.get(vid)

        for _ in range(WARMUP):
            bare_get()
            client_get()
        t_bare: list[float] = []
        t_client: list[float] = []
        clock = time.perf_counter
        for i in range(ROUNDS):
            order = (bare_get, client_get) if i % 2 == 0 else (client_get, bare_get)
            for fn in order:
                t0 = clock()
                fn()
                (t_bare if fn is bare_get else t_client).append(clock() - t0)
    mb, mc = statistics.median(t_bare), statistics.median(t_client)
    ratio = mc / mb
    print(f"GET /volumes/{{id}}/ x {ROUNDS} each, interleaved, in-process emulator on loopback")
    for label, ts in (("bare httpx.Client", t_bare), ("BarrackClient", t_client)):
        p90 = statistics.quantiles(ts, n=10)[-1]
        print(f"  {label:<22} median {statistics.median(ts) * 1e3:7.3f} ms   p90 {p90 * 1e3:7.3f} ms")
    print(f"  client overhead        {(mc - mb) * 1e6:7.1f} us per call")
    print(f"  ratio                  {ratio:.3f}  (target <= {TARGET})  {'OK' if ratio <= TARGET else 'ABOVE TARGET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
