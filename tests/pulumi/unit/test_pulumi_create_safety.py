"""create never leaks, adopts by name, survives ghost creates, honours timeouts; configure and threads."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi_inputs import PUBKEY

import pulumi_barrack as barrack
from pulumi_barrack import _credentials

VOLUME = {"name": "vol-a", "region": "FINLAND-1", "size_gb": 100, "volume_type": "NVMe"}


def instance_inputs(key_id: str, name: str = "inst-a") -> dict[str, Any]:
    return {
        "name": name,
        "region": "CANADA-1",
        "gpu_model": "RTX-A6000",
        "gpu_count": 1,
        "image": "Ubuntu Server 22.04 LTS R535 CUDA 12.2",
        "ssh_key_ids": [key_id],
    }


@pytest.mark.parametrize(
    ("provider", "route", "sub", "inputs"),
    [
        (barrack.VolumeProvider, "/volumes/", "volumes", VOLUME),
        (barrack.FirewallProvider, "/firewalls/", "firewalls", {"name": "fw-a", "region": "CANADA-1"}),
        (barrack.InstanceProvider, "/instances/", "instances", None),
    ],
)
def test_object_in_error_state_is_deleted_and_the_error_says_so(
    credentials: Any, barrack_client: Any, world: dict[str, str], provider: Any, route: str, sub: str, inputs: Any
) -> None:
    inputs = inputs or instance_inputs(world["key"])
    before = {o.id for o in getattr(barrack_client, sub).list()}
    credentials.add_fault("POST", route, "error_state")
    with pytest.raises(barrack.BarrackProviderError, match="It was deleted again"):
        provider().create(inputs)
    assert {o.id for o in getattr(barrack_client, sub).list()} == before


def test_wait_timeout_cleans_up_and_timeouts_input_is_honoured(credentials: Any, barrack_client: Any) -> None:
    credentials.configure(delay_scale=0.1)  # "creating" lasts 1 s
    started = time.monotonic()
    with pytest.raises(barrack.BarrackProviderError, match=r"did not become ready.*It was deleted again"):
        barrack.VolumeProvider().create({**VOLUME, "timeouts": {"create": 0.3, "delete": 20}})
    assert time.monotonic() - started < 10
    assert list(barrack_client.volumes.list()) == []


def test_cleanup_that_cannot_finish_says_the_object_may_remain(credentials: Any) -> None:
    credentials.configure(delay_scale=1000.0)
    with pytest.raises(barrack.BarrackProviderError, match=r"may still exist.*adopt=True"):
        barrack.VolumeProvider().create({**VOLUME, "timeouts": {"create": 0.2, "delete": 0.5}})


def test_ghost_create_is_reconciled_to_exactly_one(credentials: Any, barrack_client: Any) -> None:
    credentials.add_fault("POST", "/volumes/", "drop_after_commit")
    result = barrack.VolumeProvider().create(VOLUME)
    assert [v.id for v in barrack_client.volumes.list()] == [result.id]


def test_retryable_errors_converge(credentials: Any, barrack_client: Any) -> None:
    credentials.add_fault("POST", "/volumes/", "status", status=503, times=2)
    credentials.add_fault("GET", "/volumes/{id}/", "status", status=429, retry_after=0, times=1)
    result = barrack.VolumeProvider().create(VOLUME)
    assert [v.id for v in barrack_client.volumes.list()] == [result.id]


def test_adopt_takes_over_without_creating(credentials: Any, barrack_client: Any) -> None:
    from shared_client.models import VolumeCreate

    existing = barrack_client.volumes.create(VolumeCreate(**VOLUME))
    barrack_client.volumes.wait_for(existing.id, "available", timeout=10)
    credentials.clear_log()
    result = barrack.VolumeProvider().create({**VOLUME, "size_gb": 200, "adopt": True})
    assert result.id == existing.id
    assert result.outs["size_gb"] == 200  # updatable difference applied in place
    assert credentials.request_counts()["POST /volumes/"] == 0
    assert len(list(barrack_client.volumes.list())) == 1


def test_adopt_refuses_create_only_differences(credentials: Any, barrack_client: Any) -> None:
    from shared_client.models import VolumeCreate

    barrack_client.volumes.create(VolumeCreate(**VOLUME))
    with pytest.raises(barrack.BarrackProviderError, match="volume_type"):
        barrack.VolumeProvider().create({**VOLUME, "volume_type": "HDD", "adopt": True})
    assert len(list(barrack_client.volumes.list())) == 1


def test_adopt_without_a_match_creates(credentials: Any, barrack_client: Any) -> None:
    result = barrack.SshKeyProvider().create({"name": "new-key", "public_key": PUBKEY, "adopt": True})
    assert [k.id for k in barrack_client.ssh_keys.list()] == [result.id]


def test_delete_waits_until_gone_and_is_idempotent(credentials: Any, barrack_client: Any) -> None:
    p = barrack.VolumeProvider()
    created = p.create(VOLUME)
    credentials.configure(delay_scale=0.05)
    p.delete(created.id, created.outs)
    credentials.configure(delay_scale=0.0)
    assert list(barrack_client.volumes.list()) == []
    p.delete(created.id, created.outs)


def test_configure_reads_stack_config_then_env(monkeypatch: pytest.MonkeyPatch, credentials: Any) -> None:
    _credentials.reset()
    monkeypatch.setenv("BARRACK_API_KEY", credentials.api_key)
    monkeypatch.setenv("BARRACK_API_URL", credentials.base_url)
    assert barrack.VolumeProvider().read("404", {}).id is None  # env fallback: a real call
    _credentials.reset()
    config = {
        "barrack:apiKey": credentials.api_key,
        "barrack:apiUrl": credentials.base_url,
        "barrack:authHeader": "Authorization",
        "barrack:authScheme": "Bearer",
        "barrack:timeout": "12.5",
    }
    monkeypatch.setenv("BARRACK_API_KEY", "env-key")
    monkeypatch.setenv("BARRACK_API_URL", "http://127.0.0.1:9/api")
    barrack.VolumeProvider().configure(ConfigureRequest(Config(config, "proj")))
    settings = _credentials.settings()
    assert (settings.base_url, settings.auth_header, settings.auth_scheme, settings.timeout) == (
        credentials.base_url,
        "Authorization",
        "Bearer",
        12.5,
    )
    assert barrack.VolumeProvider().read("404", {}).id is None  # stack config wins over the env
    assert credentials.api_key not in repr(settings)
    barrack.VolumeProvider().configure(ConfigureRequest(Config({**config, "barrack:authHeader": "X-Key"}, "proj")))
    credentials.clear_log()
    with pytest.raises(Exception, match=r"401|[Aa]uth"):
        barrack.VolumeProvider().read("404", {})  # the configured header is really used


def test_missing_credentials_error_names_the_config_key(monkeypatch: pytest.MonkeyPatch) -> None:
    _credentials.reset()
    monkeypatch.delenv("BARRACK_API_KEY", raising=False)
    with pytest.raises(Exception, match="BARRACK_API_KEY"):
        barrack.VolumeProvider().create(VOLUME)


def test_user_agent_is_barrack_pulumi(credentials: Any) -> None:
    assert _credentials.client().user_agent.startswith(f"barrack-pulumi/{barrack.__version__} ")


def test_provider_methods_are_thread_safe(credentials: Any, barrack_client: Any) -> None:
    p = barrack.VolumeProvider()  # one instance shared by 4 threads, as in the provider process
    errors: list[BaseException] = []
    ids: list[str] = []

    def work(i: int) -> None:
        try:
            created = p.create({**VOLUME, "name": f"vol-t{i}"})
            assert p.read(created.id, created.outs).outs == created.outs
            ids.append(created.id)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(v.id for v in barrack_client.volumes.list()) == sorted(ids)
