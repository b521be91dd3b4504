"""Shared helpers of the shared_client contract tests (a uniquely named module: never import from conftest)."""

from __future__ import annotations

from typing import Any

from shared_client import BarrackClient, RetryPolicy, WaitPolicy

UBUNTU = "Ubuntu Server 22.04 LTS R535 CUDA 12.2"
ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIxcxnbCeTCvvmMo2MTySpEOAk4nYU2szhvc9zSxZrDJ demo@barrack"
FAST_RETRY = RetryPolicy(max_attempts=4, backoff_base=0.01, backoff_cap=0.05)
FAST_WAIT = WaitPolicy(initial=0.01, factor=1.5, cap=0.05)


def fast_client(emulator: Any, **kwargs: Any) -> BarrackClient:
    """A client with small retry/backoff/wait settings so fault tests stay quick."""
    opts: dict[str, Any] = dict(
        retry=FAST_RETRY, wait_policy=FAST_WAIT, timeout=5.0, total_budget=10.0, user_agent="barrack-contract-tests/0"
    )
    opts.update(kwargs)
    return BarrackClient(api_key=emulator.api_key, base_url=emulator.base_url, **opts)
