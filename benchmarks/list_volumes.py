"""Benchmark: list 1,000 seeded volumes through BarrackClient. Prints the number of API requests (the minimum at
page size 100 is 10) and the time taken."""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from barrack_emulator.testing import start_emulator
from shared_client import BarrackClient, contract

COUNT = 1000
RUNS = 5


def main() -> int:
    with start_emulator(delay_scale=0.0) as emu:
        emu.seed("volume", COUNT, region="FINLAND-1", volume_type="NVMe", size_gb=100)
        with BarrackClient(api_key=emu.api_key, base_url=emu.base_url, user_agent="barrack-bench/0") as client:
            times: list[float] = []
            requests: list[int] = []
            for _ in range(RUNS):
                emu.clear_log()
                t0 = time.perf_counter()
                n = sum(1 for _ in client.volumes.list())
                times.append(time.perf_counter() - t0)
                requests.append(emu.request_counts()["GET /volumes/"])
                assert n == COUNT, n
    minimum = math.ceil(COUNT / contract.MAX_PAGE_SIZE)
    print(f"list {COUNT} volumes (page size {contract.MAX_PAGE_SIZE}), {RUNS} runs")
    verdict = "OK" if max(requests) == minimum else "ABOVE MINIMUM"
    print(f"  requests per listing   {requests[0]} (minimum {minimum})  {verdict}")
    print(f"  time per listing       best {min(times) * 1e3:.1f} ms   median {sorted(times)[RUNS // 2] * 1e3:.1f} ms")
    print(f"  per volume             {min(times) / COUNT * 1e6:.1f} us")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
