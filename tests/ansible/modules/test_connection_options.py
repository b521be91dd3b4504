"""Connection options: every module accepts all of them (``group/barrack.cloud.all`` module_defaults), api_key is
not required by the argument spec, and api_retries / auth_header / auth_scheme reach the client."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

COLLECTION = Path(__file__).resolve().parents[3] / "ansible_collections" / "barrack" / "cloud"


CONNECTION = ("api_key", "api_url", "api_timeout", "api_retries", "validate_certs", "auth_header", "auth_scheme")


def test_every_module_accepts_every_connection_option_from_module_defaults(ansible_run: Any, emulator: Any) -> None:
    modules = yaml.safe_load((COLLECTION / "meta" / "runtime.yml").read_text(encoding="utf-8"))["action_groups"]["all"]
    defaults = {
        "api_key": emulator.api_key,
        "api_url": emulator.base_url,
        "api_timeout": 10,
        "api_retries": 2,
        "validate_certs": False,
        "auth_header": "Authorization",
        "auth_scheme": "Bearer",
    }
    assert set(defaults) == set(CONNECTION)
    group = {"group/barrack.cloud.all": defaults}
    run = ansible_run(
        [{"name": m, f"barrack.cloud.{m}": {}, "module_defaults": group} for m in modules],
        allow_failures=True,
        api_key=None,  # only module_defaults carries the key and the URL
        api_url=None,
    )
    assert len(run) == len(modules) and not any("Unsupported parameters" in t.msg for t in run)
    info = [t for t in run if t.name.endswith("_info")]
    assert len(info) >= 17 and all(not t.failed for t in info), [(t.name, t.msg) for t in info if t.failed]
    # resource modules got past the argument spec to their own checks (id or name, volume and instance)
    assert all("one of the following is required" in t.msg or "missing required" in t.msg for t in run if t.failed)


def test_a_missing_key_is_a_clear_failure_not_an_argument_spec_error(module_run: Any, emulator: Any) -> None:
    run = module_run(
        [
            {"name": "no key", "barrack.cloud.balance_info": {}},
            {"name": "create", "barrack.cloud.ssh_key": {"name": "k"}},
        ],
        allow_failures=True,
        api_key=None,
    )
    for task in run:
        assert task.failed and "BARRACK_API_KEY" in task.msg and "Traceback" not in task.msg, task.msg
        assert "missing required arguments" not in task.msg


def test_retries_and_auth_settings_reach_the_client(module_run: Any, emulator: Any) -> None:
    m = "barrack.cloud.balance_info"
    for _ in range(2):
        emulator.add_fault("GET", "/balance/", "status", status=503)
    run = module_run(
        [
            {"name": "no retry", m: {"api_retries": 0}},
            {"name": "one retry", m: {"api_retries": 1}},
            {"name": "other header", m: {"auth_header": "X-Api-Key", "auth_scheme": ""}},
            {"name": "unknown header", m: {"auth_header": "X-Token"}},
            {"name": "other scheme", m: {"auth_scheme": "Token"}},
            {"name": "default header", m: {}},
        ],
        allow_failures=True,
    )
    failed = [t.name for t in run if t.failed]
    assert failed == ["no retry", "unknown header", "other scheme"], [(t.name, t.msg) for t in run]
    assert run["no retry"]["status"] == 503 and run["unknown header"]["status"] == 401
    assert run["other scheme"]["status"] == 401 and emulator.api_key not in run["other scheme"].msg
    assert run["one retry"]["barrack_balance_info"]["balance"] >= 0
    assert emulator.request_counts()["GET /balance/"] == 7  # 1 + 2 (the second fault, then success) + 4 x 1
