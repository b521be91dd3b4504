"""``barrack-emulator``: run the Barrack API emulator on a local port."""

from __future__ import annotations

import argparse
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
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--state-file", default=None, help="JSON file holding the account (shared across restarts)")
    p.add_argument("--delay-scale", type=float, default=1.0, help="multiplier of transition delays (0 = instant)")
    p.add_argument("--api-key", action="append", default=[], help=f"accepted API key (repeatable; also ${KEYS_ENV})")
    p.add_argument("--rate-limit", type=int, default=DEFAULT_RATE_LIMIT, help="requests/minute per key (0 = off)")
    p.add_argument("--balance", type=float, default=DEFAULT_BALANCE, help="starting balance in USD")
    p.add_argument("--log-level", default="warning")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    keys = list(args.api_key) + [k.strip() for k in os.environ.get(KEYS_ENV, "").split(",") if k.strip()]
    if not keys:
        keys = [DEFAULT_KEY]
        print(
            "barrack-emulator: no --api-key given; accepting the default test key (docs/emulator.md)", file=sys.stderr
        )
    if args.delay_scale < 0:
        print("barrack-emulator: --delay-scale must be >= 0", file=sys.stderr)
        return 2
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
