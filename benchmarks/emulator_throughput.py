"""Emulator throughput on loopback: GET requests per second (target >= 500).

Runs the emulator as a separate process (``python -m barrack_emulator``, no access log, no rate limit) and drives
it with keep-alive httpx clients from a few threads. Prints one line per scenario and a summary.

    .venv/bin/python benchmarks/emulator_throughput.py [--seconds 5] [--threads 4]
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time

import httpx

from barrack_emulator.testing import spawn_emulator

TARGET_RPS = 500.0


def drive(url: str, headers: dict[str, str], paths: list[str], seconds: float, threads: int) -> tuple[int, list[float]]:
    """Hammer ``paths`` round-robin from ``threads`` clients for ``seconds``; return (count, latencies)."""
    stop = time.perf_counter() + seconds
    counts = [0] * threads
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors: list[str] = []

    def worker(i: int) -> None:
        with httpx.Client(base_url=url, headers=headers, timeout=10) as client:
            n = i
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                resp = client.get(paths[n % len(paths)])
                latencies[i].append(time.perf_counter() - t0)
                if resp.status_code != 200:
                    errors.append(f"{resp.status_code} {resp.text[:100]}")
                    return
                counts[i] += 1
                n += 1

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    if errors:
        raise SystemExit(f"request failed: {errors[0]}")
    return sum(counts), [x for lat in latencies for x in lat]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    with spawn_emulator(delay_scale=0.0, rate_limit=0) as emu:
        vol_ids = emu.seed("volumes", 200)
        inst_ids = emu.seed("instances", 50)
        scenarios = {
            "GET /volumes/{id}/": [f"/volumes/{v}/" for v in vol_ids],
            "GET /instances/{id}/": [f"/instances/{i}/" for i in inst_ids],
            "GET /volumes/?page_size=20": ["/volumes/?page_size=20"],
            "GET /regions/": ["/regions/"],
        }
        with httpx.Client(base_url=emu.base_url, headers=emu.headers) as warm:
            for paths in scenarios.values():
                for p in paths[:20]:
                    warm.get(p).raise_for_status()
        results = {}
        for name, paths in scenarios.items():
            count, lat = drive(emu.base_url, emu.headers, paths, args.seconds, args.threads)
            rps = count / args.seconds
            results[name] = rps
            p50 = statistics.median(lat) * 1000
            p99 = sorted(lat)[int(len(lat) * 0.99) - 1] * 1000
            print(
                f"{name:32s} {rps:8.0f} req/s   p50 {p50:6.2f} ms   p99 {p99:6.2f} ms   ({count} requests, "
                f"{args.threads} client threads)"
            )
        worst = min(results.values())
        verdict = "OK" if worst >= TARGET_RPS else "BELOW TARGET"
        print(f"slowest scenario: {worst:.0f} req/s (target >= {TARGET_RPS:.0f}): {verdict}")


if __name__ == "__main__":
    main()
