"""``barrack-emulator``: run the Barrack API emulator on a local port."""

from __future__ import annotations

import argparse
import math
import os
import sys

import uvicorn

from barrack_emulator.app import create_app
from barrack_emulator.catalogue import CURRENCIES, DEFAULT_BALANCE
from barrack_emulator.middleware import is_loopback
from barrack_emulator.persistence import StateFileError
from barrack_emulator.runtime import DEFAULT_RATE_LIMIT, Settings

DEFAULT_KEY = "test-key"
KEYS_ENV = "BARRACK_EMULATOR_API_KEYS"
ADMIN_TOKEN_ENV = "BARRACK_EMULATOR_ADMIN_TOKEN"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="barrack-emulator", description="A local, stateful Barrack API emulator.")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    p.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a non-loopback --host (e.g. 0.0.0.0); the admin API then needs --admin-token",
    )
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--state-file", default=None, help="SQLite file holding the account (shared across restarts)")
    p.add_argument("--delay-scale", type=float, default=1.0, help="multiplier of transition delays (0 = instant)")
    p.add_argument("--api-key", action="append", default=[], help=f"accepted API key (repeatable; also ${KEYS_ENV})")
    p.add_argument("--rate-limit", type=int, default=DEFAULT_RATE_LIMIT, help="requests/minute per key (0 = off)")
    p.add_argument("--balance", type=float, default=DEFAULT_BALANCE, help="starting balance (account currency)")
    p.add_argument("--currency", choices=sorted(CURRENCIES), default="USD", help="account currency (default USD)")
    p.add_argument(
        "--profile-incomplete",
        action="store_true",
        help="start with an incomplete billing profile (volume creation is refused)",
    )
    p.add_argument(
        "--admin-token",
        default=None,
        help=f"admin token (header X-Emulator-Admin-Token) for admin calls from other hosts (also ${ADMIN_TOKEN_ENV})",
    )
    p.add_argument("--log-level", default="warning")
    return p.parse_args(argv)


def _say(message: str) -> None:
    print(f"barrack-emulator: {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    keys = list(args.api_key) + [k.strip() for k in os.environ.get(KEYS_ENV, "").split(",") if k.strip()]
    if not keys:
        keys = [DEFAULT_KEY]
        _say("no --api-key given; accepting the default test key (docs/emulator.md)")
    if not math.isfinite(args.delay_scale) or args.delay_scale < 0:
        _say("--delay-scale must be a finite number >= 0")
        return 2
    admin_token = args.admin_token or os.environ.get(ADMIN_TOKEN_ENV) or None
    if not is_loopback(args.host):
        if not args.allow_remote:
            _say(
                f"--host {args.host} is not a loopback address; pass --allow-remote to bind it anyway (the admin API "
                "then answers remote callers only with --admin-token)."
            )
            return 2
        admin = "needs the admin token" if admin_token else "is off for remote callers (no --admin-token)"
        _say(
            f"WARNING: listening on {args.host}: anyone who can reach this port can use the API keys' account; "
            f"the admin API {admin}."
        )
    settings = Settings(
        api_keys=tuple(keys),
        delay_scale=args.delay_scale,
        rate_limit=args.rate_limit,
        balance=args.balance,
        state_file=args.state_file,
        currency=args.currency,
        profile_complete=not args.profile_incomplete,
        admin_token=admin_token,
    )
    try:
        app = create_app(settings)
    except StateFileError as exc:
        _say(str(exc))
        return 2
    _say(f"serving http://{args.host}:{args.port}/api (admin: /_emulator/, docs: /docs)")
    # On shutdown the state file is closed (its WAL is checkpointed into it and removed).
    app.fastapi.add_event_handler("shutdown", app.emu.store.close)  # type: ignore[attr-defined]
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=False,
        lifespan="on",
        date_header=False,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
