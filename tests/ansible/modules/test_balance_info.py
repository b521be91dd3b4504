"""barrack.cloud.balance_info against the emulator: the account balance, check mode, errors."""

from __future__ import annotations

from typing import Any

M = "barrack.cloud.balance_info"
KEY = "barrack_balance_info"


def test_balance_check_mode_and_errors(module_run: Any, emulator: Any, writes: Any) -> None:
    emulator.configure(balance=42.5)
    emulator.add_fault("GET", "/balance/", "status", status=401)
    run = module_run(
        [
            {"name": "denied", M: {}},
            {"name": "balance", M: {}},
            {"name": "check mode", M: {}, "check_mode": True},
            {"name": "no key", M: {"api_key": ""}},
            {"name": "bad option", M: {"currency": "EUR"}},
        ],
        allow_failures=True,
    )
    denied = run["denied"]
    assert denied.failed and denied["status"] == 401 and denied["request_id"] in denied.msg
    assert run["no key"].failed and "api_key" in run["no key"].msg.lower().replace("barrack_api_key", "api_key")
    assert run["bad option"].failed and "currency" in run["bad option"].msg
    for name in ("balance", "check mode"):
        assert not run[name].failed and not run[name].changed
        assert run[name][KEY] == {"balance": 42.5, "currency": "USD"}
    assert writes() == 0
