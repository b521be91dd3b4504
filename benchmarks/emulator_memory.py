"""Emulator memory with 10,000 resources: RSS of the server process before and after seeding.

Runs the emulator as a separate process, seeds N volumes (default 10,000) and then N more mixed resources,
and prints the server's resident set size (VmRSS from /proc) plus list/get latency at that size.

    .venv/bin/python benchmarks/emulator_memory.py [--count 10000]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import httpx

from barrack_emulator.testing import spawn_emulator


def rss_mib(pid: int) -> float:
    """Resident set size of a process in MiB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("VmRSS not found")


def timed_get(client: httpx.Client, path: str, repeat: int = 20) -> float:
    t0 = time.perf_counter()
    for _ in range(repeat):
        client.get(path).raise_for_status()
    return (time.perf_counter() - t0) / repeat * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    n = args.count
    with spawn_emulator(delay_scale=0.0, rate_limit=0) as emu:
        assert emu.pid is not None
        client = httpx.Client(base_url=emu.base_url, headers=emu.headers, timeout=60)
        client.get("/regions/").raise_for_status()
        base = rss_mib(emu.pid)
        print(f"idle emulator RSS:                         {base:7.1f} MiB")
        t0 = time.perf_counter()
        ids: list[str] = []
        for offset in range(0, n, 5000):
            ids += emu.seed("volumes", min(5000, n - offset))
        seed_s = time.perf_counter() - t0
        after = rss_mib(emu.pid)
        print(
            f"RSS with {n:,} volumes:                  {after:7.1f} MiB  (+{after - base:.1f} MiB, "
            f"{(after - base) * 1024 * 1024 / n:,.0f} B/volume; seeded in {seed_s:.2f} s)"
        )
        print(f"  GET /volumes/{{id}}/ at {n:,} volumes:     {timed_get(client, f'/volumes/{ids[-1]}/'):6.2f} ms")
        print(f"  GET /volumes/?page_size=100 (page 1):     {timed_get(client, '/volumes/?page_size=100'):6.2f} ms")
        print(f"  GET /volumes/?search=<miss>:              {timed_get(client, '/volumes/?search=nomatch'):6.2f} ms")
        per_kind = max(1, n // 4)
        for kind in ("instances", "firewalls", "scripts", "ssh_keys"):
            emu.seed(kind, per_kind)
        mixed = rss_mib(emu.pid)
        print(f"RSS with {n:,} volumes + {per_kind * 4:,} mixed:    {mixed:7.1f} MiB")
        billing_ms = timed_get(client, "/instances/billing/?limit=100", 5)
        print(f"  GET /instances/billing/?limit=100:        {billing_ms:6.2f} ms")
        print(f"  GET /balance/:                            {timed_get(client, '/balance/', 5):6.2f} ms")
        client.close()


if __name__ == "__main__":
    main()
