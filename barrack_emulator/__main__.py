"""``barrack-emulator``: run the Barrack API emulator on a local port."""

from __future__ import annotations

import argparse
import ipaddress
import math
import os
import sys

import uvicorn

from barrack_emulator.app import create_app
from barrack_emulator.catalogue import DEFAULT_BALANCE
from barrack_emulator.runtime import DEFAULT_RATE_LIMIT, Settings

DEFAULT_KEY = "test-key"
KEYS_ENV = "BARRACK_EMULATOR_API_KEYS"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="barrack-emulator", description="A local, stateful Barrack API emulator.")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    p.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a non-loopback --host (e.g. 0.0.0.0): the admin API is unauthenticated",
    )
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--state-file", default=None, help="JSON file holding the account (shared across restarts)")
    p.add_argument("--delay-scale", type=float, default=1.0, help="multiplier of transition delays (0 = instant)")
    p.add_argument("--api-key", action="append", default=[], help=f"accepted API key (repeatable; also ${KEYS_ENV})")
    p.add_argument("--rate-limit", type=int, default=DEFAULT_RATE_LIMIT, help="requests/minute per key (0 = off)")
    p.add_argument("--balance", type=float, default=DEFAULT_BALANCE, help="starting balance in USD")
    p.add_argument("--log-level", default="warning")
    return p.parse_args(argv)


def is_loopback(host: str) -> bool:
    """Whether `host` names a loopback address only (``127.0.0.0/8``, ``::1``, ``localhost``)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    keys = list(args.api_key) + [k.strip() for k in os.environ.get(KEYS_ENV, "").split(",") if k.strip()]
    if not keys:
        keys = [DEFAULT_KEY]
        print(
            "barrack-emulator: no --api-key given; accepting the default test key (docs/emulator.md)", file=sys.stderr
        )
    if not math.isfinite(args.delay_scale) or args.delay_scale < 0:
        print("barrack-emulator: --delay-scale must be a finite number >= 0", file=sys.stderr)
        return 2
    if not is_loopback(args.host):
        if not args.allow_remote:
            print(
                f"barrack-emulator: --host {args.host} is not a loopback address; the admin API (/_emulator/) is "
                "unauthenticated. Pass --allow-remote to bind it anyway.",
                file=sys.stderr,
            )
            return 2
        print(
            f"barrack-emulator: WARNING: listening on {args.host}: anyone who can reach this port can reset, seed "
            "and fault the emulator through its unauthenticated admin API (/_emulator/).",
            file=sys.stderr,
        )
    settings = Settings(
        api_keys=tuple(keys),
        delay_scale=args.delay_scale,
        rate_limit=args.rate_limit,
        balance=args.balance,
        state_file=args.state_file,
    )
    app = create_app(settings)
    print(
        f"barrack-emulator: serving http://{args.host}:{args.port}/api (admin: /_emulator/, docs: /docs)",
        file=sys.stderr,
        flush=True,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=False, lifespan="off")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
