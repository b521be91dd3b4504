"""The inventory plugin's hostnames / variable_prefix / filters options, and a cache that never crosses accounts
(issue 16 item 10, issue 15 item 11), through ``ansible-inventory --list`` against the emulator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from . import test_inventory as base
from .test_inventory import LIST_ROUTE, Inventory, run_inventory

pytestmark = pytest.mark.ansible

# the fixtures of test_inventory.py: an inventory run against the emulator, and a fleet of three instances
inventory = base.inventory
fleet = base.fleet


def test_hostnames_templates_fall_back_in_order(inventory: Any, fleet: dict[str, str]) -> None:
    inv = inventory(
        {
            "hostnames": [
                "{{ barrack_no_such_field }}",  # undefined: the next one is tried
                "{{ barrack_ip_address if barrack_region == 'FINLAND-1' else '' }}",  # empty: next one
                "{{ barrack_name }}.{{ barrack_region | lower }}",
            ]
        }
    )
    assert inv.hosts == {"ca-train.canada-1", "ca-serve.canada-1", "fi-batch.finland-1"}, inv.hosts
    assert inv.hostvars["fi-batch.finland-1"]["barrack_id"] == fleet["fi-batch"]

    by_ip = inventory({"hostnames": ["{{ barrack_ip_address }}", "{{ barrack_id }}"]})
    # fi-batch has no public IP: its ip_address renders empty and its id names it
    assert fleet["fi-batch"] in by_ip.hosts
    assert len(by_ip.hosts) == 3 and not {"ca-train", "ca-serve"} & by_ip.hosts
    for host, hostvars in by_ip.hostvars.items():
        assert host in (hostvars["barrack_ip_address"], hostvars["barrack_id"])


def test_hostnames_none_rendering_falls_back_to_hostname(inventory: Any, fleet: dict[str, str]) -> None:
    inv = inventory({"hostnames": ["{{ barrack_nothing }}"], "hostname": "id"})
    assert inv.hosts == set(fleet.values())


def test_variable_prefix_renames_every_hostvar(inventory: Any, fleet: dict[str, str]) -> None:
    inv = inventory(
        {
            "variable_prefix": "bk_",
            "hostnames": ["{{ bk_name }}"],
            "compose": {"gpus": "bk_gpu_count"},
            "keyed_groups": [{"key": "bk_status", "prefix": "st"}],
        }
    )
    assert inv.hosts == set(fleet)
    train = inv.hostvars["ca-train"]
    assert train["bk_id"] == fleet["ca-train"] and train["bk_region"] == "CANADA-1" and train["gpus"] == 2
    assert not [name for name in train if name.startswith("barrack_")], train
    assert inv.group("region_canada_1") == {"ca-train", "ca-serve"}  # the fixed groups stay
    assert inv.group("st_ACTIVE") == {"ca-train", "fi-batch"}


def test_jinja_filters_beside_the_fixed_ones(inventory: Any, fleet: dict[str, str]) -> None:
    inv = inventory({"regions": ["CANADA-1"], "filters": ["barrack_gpu_count >= 2"]})
    assert inv.hosts == {"ca-train"}
    both = inventory({"filters": ["barrack_status == 'ACTIVE'", "barrack_ip_address is truthy"]})
    assert both.hosts == {"ca-train"}  # fi-batch is ACTIVE but has no public IP


def test_a_broken_filter_fails_under_strict_and_drops_the_host_otherwise(
    inventory: Any, emulator: Any, tmp_path: Path, fleet: dict[str, str]
) -> None:
    assert inventory({"filters": ["barrack_nothing > 1"]}).hosts == set()
    proc = run_inventory(
        tmp_path,
        {"filters": ["barrack_nothing > 1"], "strict": True},
        api_url=emulator.base_url,
        api_key=emulator.api_key,
        expect_ok=False,
    )
    assert not isinstance(proc, Inventory)
    assert proc.returncode != 0 and "filter 'barrack_nothing > 1' failed" in proc.stdout + proc.stderr


def test_api_data_is_never_templated_in_hostnames(inventory: Any, emulator: Any) -> None:
    emulator.seed("instances", 1, name="x{{ 7 * 7 }}", region="CANADA-1")
    inv = inventory({"hostnames": ["{{ barrack_name }}"]})
    assert "x49" not in inv.hosts


# ----------------------------------------------------------------------------------------- cache and credentials
@pytest.fixture
def two_key_emulator() -> Iterator[Any]:
    """An emulator that accepts two API keys (two users of one account)."""
    from barrack_emulator.testing import start_emulator

    with start_emulator(delay_scale=0.0, api_keys=("key-alpha-0123456789", "key-beta-9876543210")) as handle:
        handle.seed("instances", 2, name_prefix="node", region="CANADA-1")
        handle.clear_log()
        yield handle


def test_the_cache_is_keyed_by_a_digest_of_the_credentials(two_key_emulator: Any, tmp_path: Path) -> None:
    emulator = two_key_emulator
    cache_dir = tmp_path / "inventory-cache"
    config = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": str(cache_dir)}

    def run(key: str, expect_ok: bool = True) -> Any:
        return run_inventory(tmp_path, config, api_url=emulator.base_url, api_key=key, expect_ok=expect_ok)

    warm = run("key-alpha-0123456789")
    assert len(warm.hosts) == 2 and emulator.request_counts()[LIST_ROUTE] == 1
    emulator.clear_log()
    assert run("key-alpha-0123456789").hosts == warm.hosts
    assert emulator.request_counts().total() == 0, "the same key must be served from the warm cache"

    other = run("key-beta-9876543210")  # another key: never the first key's cache entry
    assert other.hosts == warm.hosts and emulator.request_counts()[LIST_ROUTE] == 1

    emulator.clear_log()
    invalid = run("key-invalid-000000", expect_ok=False)
    assert invalid.returncode != 0, "an invalid key was served the warm cache"
    assert "401" in invalid.stdout + invalid.stderr or "UNAUTHORIZED" in (invalid.stdout + invalid.stderr).upper()
    assert emulator.request_counts()[LIST_ROUTE] == 1

    # the cache holds no key, neither in the file names nor in the files
    files = list(cache_dir.iterdir())
    assert len(files) == 2, files
    for path in files:
        for key in ("key-alpha-0123456789", "key-beta-9876543210"):
            assert key not in path.name and key not in path.read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("release", ["2.17", "2.21"])
def test_the_options_on_the_oldest_and_newest_ansible_core_from_the_tarball(
    release: str, built_tarball: Path, emulator: Any, fleet: dict[str, str], tmp_path: Path
) -> None:
    """The templating of hostnames and filters on the oldest (Python 3.10) and newest release of the matrix."""
    import json

    import yaml

    from .built import ansible_venv, clean_env, install, run
    from .test_inventory import plain

    venv = ansible_venv(release)
    collections = tmp_path / "collections"
    install(built_tarball, venv, collections)
    source = tmp_path / "barrack.yml"
    config = {
        "plugin": "barrack.cloud.barrack",
        "hostnames": ["{{ bk_nothing }}", "{{ bk_name }}.{{ bk_region | lower }}"],
        "variable_prefix": "bk_",
        "filters": ["bk_status == 'ACTIVE'"],
    }
    source.write_text(yaml.safe_dump(config), encoding="utf-8")
    env = clean_env(venv, collections, tmp_path, BARRACK_API_URL=emulator.base_url, BARRACK_API_KEY=emulator.api_key)
    proc = run([str(venv / "bin" / "ansible-inventory"), "-i", str(source), "--list"], cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    hostvars = plain(json.loads(proc.stdout)["_meta"]["hostvars"])
    assert set(hostvars) == {"ca-train.canada-1", "fi-batch.finland-1"}, hostvars
    assert hostvars["ca-train.canada-1"]["bk_id"] == fleet["ca-train"]
