"""The barrack.cloud.barrack inventory plugin through `ansible-inventory --list` against the emulator."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from .collection_paths import ansible_env, tool

pytestmark = pytest.mark.ansible

LIST_ROUTE = "GET /instances/"


def plain(value: Any) -> Any:
    """Undo ansible-inventory's JSON marking of untrusted strings: ``{"__ansible_unsafe": "x"}`` -> ``"x"``."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


@dataclass
class Inventory:
    """Parsed `ansible-inventory --list` output."""

    raw: dict[str, Any]
    stdout: str
    stderr: str

    @property
    def hostvars(self) -> dict[str, dict[str, Any]]:
        return dict(self.raw.get("_meta", {}).get("hostvars", {}))

    @property
    def hosts(self) -> set[str]:
        return set(self.hostvars)

    def group(self, name: str) -> set[str]:
        """Hosts of a group, including those of its child groups."""
        entry = self.raw.get(name, {})
        hosts = set(entry.get("hosts", []))
        for child in entry.get("children", []):
            hosts |= self.group(child)
        return hosts


def run_inventory(
    tmp_path: Path,
    config: Mapping[str, Any],
    *,
    api_url: str | None,
    api_key: str | None,
    args: tuple[str, ...] = (),
    expect_ok: bool = True,
    env: Mapping[str, str] | None = None,
) -> Inventory | subprocess.CompletedProcess[str]:
    """Write ``<tmp>/barrack.yml`` from ``config`` and run ``ansible-inventory -i`` on it."""
    source = tmp_path / "barrack.yml"
    source.write_text(yaml.safe_dump({"plugin": "barrack.cloud.barrack", **config}), encoding="utf-8")
    run_env = ansible_env(
        ANSIBLE_HOME=str(tmp_path / "ansible-home"),
        ANSIBLE_LOCAL_TEMP=str(tmp_path / "ansible-tmp"),
        ANSIBLE_INVENTORY_UNPARSED_FAILED="true",
        ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="true",
    )
    if api_url is not None:
        run_env["BARRACK_API_URL"] = api_url
    if api_key is not None:
        run_env["BARRACK_API_KEY"] = api_key
    run_env.update(env or {})
    proc = subprocess.run(
        [tool("ansible-inventory"), "-i", str(source), "--list", *args],
        env=run_env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if not expect_ok:
        return proc
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # With -v... ansible prints a few lines before the JSON document.
    start = 0 if proc.stdout.startswith("{") else proc.stdout.index("\n{") + 1
    document, _ = json.JSONDecoder().raw_decode(proc.stdout[start:])
    return Inventory(plain(document), proc.stdout, proc.stderr)


@pytest.fixture
def inventory(emulator: Any, tmp_path: Path) -> Any:
    """``inventory(config, *args) -> Inventory`` against the emulator fixture."""

    def run(config: Mapping[str, Any], *args: str) -> Inventory:
        result = run_inventory(tmp_path, config, api_url=emulator.base_url, api_key=emulator.api_key, args=args)
        assert isinstance(result, Inventory)
        return result

    return run


@pytest.fixture
def fleet(emulator: Any) -> dict[str, str]:
    """Three instances: two RTX-A6000 in CANADA-1 (one with 2 GPUs) and one H100 in FINLAND-1 without public IP."""
    ids = {
        "ca-train": emulator.seed(
            "instances", 1, name="ca-train", region="CANADA-1", gpu_model="RTX-A6000", gpu_count=2, status="ACTIVE"
        )[0],
        "ca-serve": emulator.seed(
            "instances", 1, name="ca-serve", region="CANADA-1", gpu_model="RTX-A6000", gpu_count=1, status="SHUTOFF"
        )[0],
        "fi-batch": emulator.seed(
            "instances",
            1,
            name="fi-batch",
            region="FINLAND-1",
            gpu_model="H100-SXM5-80GB",
            gpu_count=1,
            status="ACTIVE",
            public_ip=False,
        )[0],
    }
    emulator.clear_log()
    return ids


def test_hosts_groups_and_prefixed_hostvars(inventory: Any, fleet: dict[str, str], emulator: Any) -> None:
    inv = inventory({})
    assert inv.hosts == set(fleet)
    assert inv.group("barrack") == set(fleet)
    assert inv.group("region_canada_1") == {"ca-train", "ca-serve"}
    assert inv.group("region_finland_1") == {"fi-batch"}
    assert inv.group("tier_legacy") == {"ca-train", "ca-serve"}
    assert inv.group("tier_advanced") == {"fi-batch"}
    assert inv.group("gpu_model_rtx_a6000") == {"ca-train", "ca-serve"}
    assert inv.group("gpu_model_h100_sxm5_80gb") == {"fi-batch"}
    assert inv.group("status_active") == {"ca-train", "fi-batch"}
    assert inv.group("status_shutoff") == {"ca-serve"}

    train = inv.hostvars["ca-train"]
    assert train["barrack_id"] == fleet["ca-train"]
    assert train["barrack_name"] == "ca-train"
    assert train["barrack_region"] == "CANADA-1"
    assert train["barrack_tier"] == "legacy"
    assert train["barrack_gpu_model"] == "RTX-A6000"
    assert train["barrack_gpu_count"] == 2
    assert train["barrack_specs"]["gpu_count"] == 2
    assert train["barrack_ip_address"]
    assert train["ansible_host"] == train["barrack_ip_address"]
    for host, hostvars in inv.hostvars.items():
        unprefixed = [k for k in hostvars if not k.startswith(("barrack_", "ansible_"))]
        assert not unprefixed, f"{host} has hostvars without the barrack_ prefix: {unprefixed}"

    assert inv.hostvars["fi-batch"]["barrack_ip_address"] is None
    assert "ansible_host" not in inv.hostvars["fi-batch"], "no public IP: ansible_host must not be set"
    assert emulator.request_counts()[LIST_ROUTE] == 1


def test_connect_with_private_ip(inventory: Any, fleet: dict[str, str]) -> None:
    inv = inventory({"connect_with": "private_ip"})
    for host in fleet:
        hostvars = inv.hostvars[host]
        assert hostvars["barrack_private_ip"]
        assert hostvars["ansible_host"] == hostvars["barrack_private_ip"]
    assert inv.hostvars["ca-train"]["ansible_host"] != inv.hostvars["ca-train"]["barrack_ip_address"]


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({"regions": ["CANADA-1"]}, {"ca-train", "ca-serve"}),
        ({"regions": ["CANADA-1", "FINLAND-1"]}, {"ca-train", "ca-serve", "fi-batch"}),
        ({"regions": ["ICELAND-1"]}, set()),
        ({"statuses": ["shutoff"]}, {"ca-serve"}),
        ({"statuses": ["ACTIVE"], "regions": ["CANADA-1"]}, {"ca-train"}),
        ({"gpu_models": ["H100-SXM5-80GB"]}, {"fi-batch"}),
        ({"name_pattern": "ca-*"}, {"ca-train", "ca-serve"}),
        ({"name_pattern": "*-b?tch"}, {"fi-batch"}),
        ({"name_pattern": "CA-*"}, set()),
    ],
    ids=[
        "region",
        "two-regions",
        "empty-region",
        "status-any-case",
        "status-and-region",
        "gpu-model",
        "name-glob",
        "name-glob-wildcard",
        "name-case-sensitive",
    ],
)
def test_filters(inventory: Any, fleet: dict[str, str], config: dict[str, Any], expected: set[str]) -> None:
    assert inventory(config).hosts == expected


def test_constructed_compose_groups_and_keyed_groups(inventory: Any, fleet: dict[str, str]) -> None:
    inv = inventory(
        {
            "strict": True,
            "compose": {"ansible_user": "'ubuntu'", "gpu_memory_hint": "barrack_gpu_count * 48"},
            "groups": {
                "multi_gpu": "barrack_gpu_count > 1",
                "legacy_running": "barrack_tier == 'legacy' and barrack_status == 'ACTIVE'",
            },
            "keyed_groups": [
                {"key": "barrack_gpu_model", "prefix": "model"},
                {"key": "barrack_region", "prefix": "dc", "separator": "-"},
            ],
        }
    )
    assert inv.hostvars["ca-train"]["ansible_user"] == "ubuntu"
    assert inv.hostvars["ca-train"]["gpu_memory_hint"] == 96
    assert inv.hostvars["fi-batch"]["gpu_memory_hint"] == 48
    assert inv.group("multi_gpu") == {"ca-train"}
    assert inv.group("legacy_running") == {"ca-train"}
    assert inv.group("model_RTX_A6000") == {"ca-train", "ca-serve"}
    # keyed group names are sanitised by ansible-core ("-" becomes "_")
    assert inv.group("dc_FINLAND_1") == {"fi-batch"}


def test_compose_can_override_ansible_host(inventory: Any, fleet: dict[str, str]) -> None:
    inv = inventory({"compose": {"ansible_host": "barrack_name ~ '.example.test'"}})
    assert inv.hostvars["fi-batch"]["ansible_host"] == "fi-batch.example.test"


def test_strict_reports_broken_compose(emulator: Any, tmp_path: Path, fleet: dict[str, str]) -> None:
    config = {"strict": True, "compose": {"broken": "barrack_no_such_var + 1"}}
    proc = run_inventory(tmp_path, config, api_url=emulator.base_url, api_key=emulator.api_key, expect_ok=False)
    assert isinstance(proc, subprocess.CompletedProcess)
    assert proc.returncode != 0
    assert "broken" in proc.stderr
    lenient = run_inventory(tmp_path, {**config, "strict": False}, api_url=emulator.base_url, api_key=emulator.api_key)
    assert isinstance(lenient, Inventory)
    assert "broken" not in lenient.hostvars["ca-train"]


def test_hostname_by_id(inventory: Any, fleet: dict[str, str]) -> None:
    inv = inventory({"hostname": "id"})
    assert inv.hosts == set(fleet.values())


def test_cache_one_list_call_cold_none_warm(
    inventory: Any, fleet: dict[str, str], emulator: Any, tmp_path: Path
) -> None:
    config = {
        "cache": True,
        "cache_plugin": "ansible.builtin.jsonfile",
        "cache_connection": str(tmp_path / "inventory-cache"),
        "cache_timeout": 3600,
    }
    cold = inventory(config)
    assert emulator.request_counts().total() == 1, emulator.request_log()
    assert emulator.request_counts()[LIST_ROUTE] == 1
    assert list((tmp_path / "inventory-cache").iterdir()), "the jsonfile cache was not written"

    emulator.clear_log()
    emulator.seed("instances", 1, name="ca-new", region="CANADA-1")
    emulator.clear_log()
    warm = inventory(config)
    assert emulator.request_counts().total() == 0, emulator.request_log()
    assert warm.hostvars == cold.hostvars, "a warm run must serve the cached instances"

    refreshed = inventory(config, "--flush-cache")
    assert emulator.request_counts()[LIST_ROUTE] == 1
    assert "ca-new" in refreshed.hosts


def test_cache_key_follows_the_options_that_shape_the_query(
    inventory: Any, fleet: dict[str, str], emulator: Any, tmp_path: Path
) -> None:
    cache = {
        "cache": True,
        "cache_plugin": "ansible.builtin.jsonfile",
        "cache_connection": str(tmp_path / "inventory-cache"),
        "cache_timeout": 3600,
    }
    canada = inventory({**cache, "regions": ["CANADA-1"]})
    assert canada.hosts == {"ca-train", "ca-serve"}
    emulator.clear_log()
    finland = inventory({**cache, "regions": ["FINLAND-1"]})  # warm cache of another query: not used
    assert finland.hosts == {"fi-batch"} and emulator.request_counts()[LIST_ROUTE] == 1
    emulator.clear_log()
    again = inventory({**cache, "regions": ["CANADA-1"]})
    assert again.hosts == {"ca-train", "ca-serve"} and emulator.request_counts().total() == 0


def test_every_page_is_listed(inventory: Any, emulator: Any) -> None:
    emulator.seed("instances", 130, name_prefix="bulk", region="FINLAND-2")
    emulator.clear_log()
    inv = inventory({})
    assert len(inv.hosts) == 130
    assert inv.group("region_finland_2") == inv.hosts
    pages = emulator.request_counts()[LIST_ROUTE]
    assert pages == 2, f"130 instances should take 2 pages of 100, took {pages} requests"


def test_api_key_is_never_printed(tmp_path: Path) -> None:
    from barrack_emulator.testing import start_emulator

    secret = "bk-live-7Q2xVh9sZp4RwLm3"
    with start_emulator(api_keys=(secret,)) as emu:
        emu.seed("instances", 2, name_prefix="k", region="CANADA-1")
        ok = run_inventory(tmp_path, {}, api_url=emu.base_url, api_key=secret, args=("-vvvv",))
        assert isinstance(ok, Inventory)
        assert len(ok.hosts) == 2
        assert secret not in ok.stdout + ok.stderr

        templated = run_inventory(
            tmp_path,
            {"api_key": "{{ lookup('ansible.builtin.env', 'MY_BARRACK_KEY') }}"},
            api_url=emu.base_url,
            api_key=None,
            args=("-vvvv",),
            env={"MY_BARRACK_KEY": secret},
        )
        assert isinstance(templated, Inventory)
        assert len(templated.hosts) == 2
        assert secret not in templated.stdout + templated.stderr

        wrong = secret[::-1]
        failed = run_inventory(tmp_path, {}, api_url=emu.base_url, api_key=wrong, args=("-vvvv",), expect_ok=False)
        assert isinstance(failed, subprocess.CompletedProcess)
        assert failed.returncode != 0
        assert "401" in failed.stderr, failed.stderr
        assert wrong not in failed.stdout + failed.stderr


def test_missing_api_key_is_a_clear_error(tmp_path: Path, emulator: Any) -> None:
    proc = run_inventory(tmp_path, {}, api_url=emulator.base_url, api_key=None, expect_ok=False)
    assert isinstance(proc, subprocess.CompletedProcess)
    assert proc.returncode != 0
    assert "BARRACK_API_KEY" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_example_inventory_file_works(emulator: Any, tmp_path: Path, fleet: dict[str, str]) -> None:
    """examples/ansible/barrack.yml (ACTIVE instances of CANADA-1 and FINLAND-1, keyed by GPU count)."""
    from .collection_paths import REPO_ROOT

    example = yaml.safe_load((REPO_ROOT / "examples" / "ansible" / "barrack.yml").read_text(encoding="utf-8"))
    config = {k: v for k, v in example.items() if k != "plugin"}
    inv = run_inventory(tmp_path, config, api_url=emulator.base_url, api_key=emulator.api_key)
    assert isinstance(inv, Inventory)
    assert inv.hosts == {"ca-train", "fi-batch"}
    assert inv.group("gpus_2") == {"ca-train"}
    assert inv.group("gpus_1") == {"fi-batch"}
    assert inv.group("multi_gpu") == {"ca-train"}
    assert inv.hostvars["ca-train"]["ansible_user"] == "ubuntu"
    assert inv.hostvars["ca-train"]["hourly_rate"] > 0
