"""Fault injection on every create / update / delete path: the right end state, exactly one resource, nothing
leaked, and a clear error when the retry budget is spent. The ghost create never makes a duplicate."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from client_contract_support import ED25519, UBUNTU, fast_client

from shared_client import BarrackClient, RetryPolicy, errors
from shared_client.models import (
    CustomImageCreate,
    FirewallCreate,
    InstanceCreate,
    RuleSpec,
    ScriptCreate,
    ScriptUpdate,
    SnapshotCreate,
    SshKeyCreate,
    VolumeCreate,
)

OTHER_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC6Bs8bGmdS1ovwuLybzcux1OHaBCwIuqe7YyIqDq7e/ fault@test"
RULE = RuleSpec(
    direction="ingress",
    ethertype="IPv4",
    protocol="tcp",
    port_range_min=8080,
    port_range_max=8080,
    remote_ip_prefix="0.0.0.0/0",
)
SLOW = 0.6  # seconds the emulator stalls; the slow-test client times out after SHORT_TIMEOUT
SHORT_TIMEOUT = 0.25
RETRY_AFTER = 0.3  # the fast test policy backs off <= 0.05 s, so honouring Retry-After is measurable

FAULTS: dict[str, dict[str, Any]] = {
    "429": dict(kind="status", status=429),
    "429-retry-after": dict(kind="status", status=429, retry_after=RETRY_AFTER),
    "500": dict(kind="status", status=500),
    "502": dict(kind="status", status=502),
    "503": dict(kind="status", status=503),
    "504": dict(kind="status", status=504),
    "drop_after_commit": dict(kind="drop_after_commit"),
    "slow": dict(kind="slow", seconds=SLOW),
}


@dataclass
class Path:
    method: str
    route: str
    act: Callable[[], Any]
    count: Callable[[], int]  # resources of the kind the act creates (or deletes)
    ids: dict[str, str]


class World:
    """Creates the prerequisites of each path with a fault-free client."""

    def __init__(self, c: BarrackClient) -> None:
        self.c = c
        self._key: str | None = None

    @property
    def key(self) -> str:
        if self._key is None:
            self._key = self.c.ssh_keys.create(SshKeyCreate(name="base-key", public_key=ED25519)).id
        return self._key

    def instance(self, name: str = "base-vm") -> str:
        i = self.c.instances.create(
            InstanceCreate(
                name=name, region="CANADA-1", gpu_model="RTX-A6000", gpu_count=1, image=UBUNTU, ssh_key_ids=[self.key]
            )
        )
        return self.c.instances.wait_for(i.id, "ACTIVE", timeout=10).id

    def snapshot(self) -> str:
        s = self.c.snapshots.create(SnapshotCreate(instance_id=self.instance(), name="base-snap"))
        return self.c.snapshots.wait_for(s.id, {"SUCCESS", "available"}, timeout=10).id

    def volume(self, region: str = "FINLAND-1") -> str:
        vtype = "NVMe" if region != "CANADA-1" else "SSD"
        v = self.c.volumes.create(VolumeCreate(name="base-vol", region=region, size_gb=200, volume_type=vtype))
        return self.c.volumes.wait_for(v.id, "available", timeout=10).id

    def firewall(self) -> str:
        f = self.c.firewalls.create(FirewallCreate(name="base-fw", region="CANADA-1"))
        return self.c.firewalls.wait_for(f.id, "SUCCESS", timeout=10).id


def n(it: Any) -> int:
    return len(list(it))


def create_path(name: str, w: World, c: BarrackClient) -> Path:
    """`act` runs with client `c` (the one under test); counting uses the fault-free world client."""
    q = w.c
    if name == "instance":
        key = w.key
        return Path(
            "POST",
            "/instances/",
            lambda: c.instances.create(
                InstanceCreate(
                    name="f-vm", region="CANADA-1", gpu_model="RTX-A6000", gpu_count=1, image=UBUNTU, ssh_key_ids=[key]
                )
            ),
            lambda: n(q.instances.list()),
            {},
        )
    if name == "volume":
        return Path(
            "POST",
            "/volumes/",
            lambda: c.volumes.create(VolumeCreate(name="f-vol", region="FINLAND-1", size_gb=100, volume_type="HDD")),
            lambda: n(q.volumes.list()),
            {},
        )
    if name == "firewall":
        return Path(
            "POST",
            "/firewalls/",
            lambda: c.firewalls.create(FirewallCreate(name="f-fw", region="CANADA-1")),
            lambda: n(q.firewalls.list()),
            {},
        )
    if name == "ssh_key":
        return Path(
            "POST",
            "/ssh-keys/",
            lambda: c.ssh_keys.create(SshKeyCreate(name="f-key", public_key=OTHER_KEY)),
            lambda: n(q.ssh_keys.list()),
            {},
        )
    if name == "script":
        return Path(
            "POST",
            "/scripts/",
            lambda: c.scripts.create(ScriptCreate(name="f-script", content="echo")),
            lambda: n(q.scripts.list()),
            {},
        )
    if name == "snapshot":
        iid = w.instance()
        return Path(
            "POST",
            "/snapshots/",
            lambda: c.snapshots.create(SnapshotCreate(instance_id=iid, name="f-snap")),
            lambda: n(q.snapshots.list()),
            {},
        )
    if name == "image":
        sid = w.snapshot()
        return Path(
            "POST",
            "/custom-images/",
            lambda: c.images.create(CustomImageCreate(snapshot_id=sid, name="f-img")),
            lambda: n(q.images.list()),
            {},
        )
    if name == "restore":
        sid = w.snapshot()
        return Path(
            "POST",
            "/snapshots/{id}/restore/",
            lambda: c.snapshots.restore(sid, "f-restored"),
            lambda: n(q.instances.list()),
            {},
        )
    if name == "clone":
        vid = w.volume()
        return Path(
            "POST", "/volumes/{id}/clone/", lambda: c.volumes.clone(vid, "f-clone"), lambda: n(q.volumes.list()), {}
        )
    if name == "firewall_rule":
        fid = w.firewall()
        return Path(
            "POST",
            "/firewalls/{id}/rules/",
            lambda: c.firewalls.add_rule(fid, RULE),
            lambda: len(q.firewalls.get(fid).rules),
            {},
        )
    if name == "security_rule":
        iid = w.instance()
        return Path(
            "POST",
            "/instances/{id}/security-rules/",
            lambda: c.instances.add_security_rule(iid, RULE),
            lambda: len(q.instances.get(iid).security_rules),
            {},
        )
    raise AssertionError(name)


CREATES = [
    "instance",
    "volume",
    "firewall",
    "ssh_key",
    "script",
    "snapshot",
    "image",
    "restore",
    "clone",
    "firewall_rule",
    "security_rule",
]


def client_for(emulator: Any, fault: str) -> BarrackClient:
    return fast_client(emulator, timeout=SHORT_TIMEOUT) if fault == "slow" else fast_client(emulator)


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("path", CREATES)
def test_create_under_fault_makes_exactly_one(emulator: Any, client: BarrackClient, path: str, fault: str) -> None:
    w = World(client)
    with client_for(emulator, fault) as c:
        p = create_path(path, w, c)
        before = p.count()
        emulator.clear_log()
        emulator.add_fault(p.method, p.route, **FAULTS[fault])
        t0 = time.monotonic()
        made = p.act()
        if fault == "429-retry-after":
            assert time.monotonic() - t0 >= RETRY_AFTER
        assert made is not None and getattr(made, "id", None)
        if fault == "slow":
            time.sleep(SLOW + 0.3)  # let the stalled request finish on the server
        assert p.count() == before + 1, f"{path}/{fault}: expected exactly one new resource"
        posts = emulator.request_counts()[f"{p.method} {p.route}"]
        if fault in ("drop_after_commit",):
            assert posts == 1  # adopted, never re-sent
        elif fault != "slow":
            assert posts == 2


@pytest.mark.parametrize("status", [503, 500, 502])
@pytest.mark.parametrize("path", ["instance", "volume", "firewall_rule", "restore"])
def test_create_budget_spent_is_clear_and_leaks_nothing(
    emulator: Any, client: BarrackClient, path: str, status: int
) -> None:
    w = World(client)
    with fast_client(emulator, retry=RetryPolicy(max_attempts=3, backoff_base=0.01, backoff_cap=0.02)) as c:
        p = create_path(path, w, c)
        before = p.count()
        emulator.add_fault(p.method, p.route, kind="status", status=status, times=10)
        with pytest.raises(errors.RetryBudgetExceeded) as ei:
            p.act()
        assert isinstance(ei.value.last_error, errors.ServerError) and ei.value.last_error.status == status
        assert "3 attempt" in str(ei.value) and str(status) in str(ei.value)
        assert p.count() == before
        assert emulator.request_counts()[f"{p.method} {p.route}"] == 3


def test_create_time_budget_with_retry_after(emulator: Any, client: BarrackClient) -> None:
    w = World(client)
    with fast_client(emulator, total_budget=1.0) as c:
        p = create_path("volume", w, c)
        emulator.add_fault("POST", "/volumes/", kind="status", status=429, retry_after=5, times=5)
        t0 = time.monotonic()
        with pytest.raises(errors.RetryBudgetExceeded, match="budget") as ei:
            p.act()
        assert time.monotonic() - t0 < 1.0  # does not sleep past the budget
        assert isinstance(ei.value.last_error, errors.RateLimited)
        assert p.count() == 0


# ---- delete paths -------------------------------------------------------------------------------------------


def delete_path(name: str, w: World, c: BarrackClient) -> tuple[str, Callable[[], None], Callable[[], bool]]:
    """(route, delete, exists)."""
    q = w.c
    if name == "instance":
        rid, sub, qsub = w.instance(), c.instances, q.instances
    elif name == "volume":
        rid, sub, qsub = w.volume(), c.volumes, q.volumes
    elif name == "firewall":
        rid, sub, qsub = w.firewall(), c.firewalls, q.firewalls
    elif name == "ssh_key":
        rid, sub, qsub = q.ssh_keys.create(SshKeyCreate(name="d-key", public_key=OTHER_KEY)).id, c.ssh_keys, q.ssh_keys
    elif name == "script":
        rid, sub, qsub = q.scripts.create(ScriptCreate(name="d", content="x")).id, c.scripts, q.scripts
    elif name == "snapshot":
        rid, sub, qsub = w.snapshot(), c.snapshots, q.snapshots
    elif name == "image":
        img = q.images.create(CustomImageCreate(snapshot_id=w.snapshot(), name="d-img"))
        rid, sub, qsub = q.images.wait_for(img.id, "available", timeout=10).id, c.images, q.images
    else:
        raise AssertionError(name)
    route = {
        "instance": "/instances/{id}/",
        "volume": "/volumes/{id}/",
        "firewall": "/firewalls/{id}/",
        "ssh_key": "/ssh-keys/{id}/",
        "script": "/scripts/{id}/",
        "snapshot": "/snapshots/{id}/",
        "image": "/custom-images/{id}/",
    }[name]

    def exists() -> bool:
        try:
            qsub.get(rid)  # type: ignore[attr-defined]
        except errors.NotFound:
            return False
        return True

    return route, lambda: sub.delete(rid), exists  # type: ignore[attr-defined]


DELETES = ["instance", "volume", "firewall", "ssh_key", "script", "snapshot", "image"]


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("path", DELETES)
def test_delete_under_fault(emulator: Any, client: BarrackClient, path: str, fault: str) -> None:
    w = World(client)
    with client_for(emulator, fault) as c:
        route, delete, exists = delete_path(path, w, c)
        emulator.add_fault("DELETE", route, **FAULTS[fault])
        if fault == "500":  # a definite answer for DELETE: raised, not retried, nothing changed
            with pytest.raises(errors.ServerError):
                delete()
            assert exists()
            delete()
        else:
            delete()
        if fault == "slow":
            time.sleep(SLOW + 0.3)
        deadline = time.monotonic() + 10
        while exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not exists()


@pytest.mark.parametrize("path", ["volume", "instance"])
def test_delete_budget_spent(emulator: Any, client: BarrackClient, path: str) -> None:
    w = World(client)
    with fast_client(emulator) as c:
        route, delete, exists = delete_path(path, w, c)
        emulator.add_fault("DELETE", route, kind="status", status=503, times=10)
        with pytest.raises(errors.RetryBudgetExceeded) as ei:
            delete()
        assert ei.value.attempts == 4 and isinstance(ei.value.last_error, errors.ServerError)
        assert exists()


# ---- update paths -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", list(FAULTS))
def test_script_update_put(emulator: Any, client: BarrackClient, fault: str) -> None:
    sid = client.scripts.create(ScriptCreate(name="u", content="old")).id
    with client_for(emulator, fault) as c:
        emulator.add_fault("PUT", "/scripts/{id}/", **FAULTS[fault])
        if fault == "500":
            with pytest.raises(errors.ServerError):
                c.scripts.update(sid, ScriptUpdate(content="new"))
            assert client.scripts.get(sid).content == "old"
        else:
            assert c.scripts.update(sid, ScriptUpdate(content="new")).content == "new"
    if fault == "slow":
        time.sleep(SLOW + 0.3)
    assert client.scripts.get(sid).content == ("old" if fault == "500" else "new")
    assert len(list(client.scripts.list())) == 1


@pytest.mark.parametrize("fault", list(FAULTS))
def test_volume_resize(emulator: Any, client: BarrackClient, fault: str) -> None:
    vid = World(client).volume()
    with client_for(emulator, fault) as c:
        emulator.add_fault("POST", "/volumes/{id}/resize/", **FAULTS[fault])
        if fault in ("429", "429-retry-after", "503"):
            assert c.volumes.resize(vid, 300).size_gb == 300
        else:  # ambiguous: raised with ambiguous=True, never blindly re-sent
            with pytest.raises(errors.BarrackError) as ei:
                c.volumes.resize(vid, 300)
            assert ei.value.ambiguous
    if fault == "slow":
        time.sleep(SLOW + 0.3)
    committed = fault not in ("500", "502", "504")  # injected statuses answer before the write
    assert client.volumes.get(vid).size_gb == (300 if committed else 200)
    assert emulator.request_counts()["POST /volumes/{id}/resize/"] == (
        2 if fault in ("429", "429-retry-after", "503") else 1
    )
    if not committed:  # the caller re-reads and re-applies: converges
        assert client.volumes.resize(vid, 300).size_gb == 300


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize(
    "target,route", [("stopped", "/instances/{id}/stop/"), ("hibernated", "/instances/{id}/hibernate/")]
)
def test_power_action_converges(emulator: Any, client: BarrackClient, fault: str, target: str, route: str) -> None:
    iid = World(client).instance()
    with client_for(emulator, fault) as c:
        emulator.add_fault("POST", route, **FAULTS[fault])
        out = c.instances.ensure_power_state(iid, target, timeout=10)  # type: ignore[arg-type]
    expected = {"stopped": "SHUTOFF", "hibernated": "HIBERNATED"}[target]
    assert out.status == expected
    if fault == "slow":
        time.sleep(SLOW + 0.3)
    assert client.instances.get(iid).status == expected


@pytest.mark.parametrize("fault", list(FAULTS))
def test_firewall_attach_converges(emulator: Any, client: BarrackClient, fault: str) -> None:
    w = World(client)
    iid, fid = w.instance(), w.firewall()
    with client_for(emulator, fault) as c:
        emulator.add_fault("POST", "/firewalls/{id}/attach/", **FAULTS[fault])
        assert c.firewalls.attach(fid, [iid]).instance_ids == [iid]
    if fault == "slow":
        time.sleep(SLOW + 0.3)
    assert client.firewalls.get(fid).instance_ids == [iid]


@pytest.mark.parametrize("path", ["instance", "volume", "firewall"])
def test_error_state_fault_fails_wait_at_once(emulator: Any, client: BarrackClient, path: str) -> None:
    w = World(client)
    p = create_path(path, w, client)
    emulator.add_fault(p.method, p.route, kind="error_state")
    made = p.act()
    kind = {"instance": client.instances, "volume": client.volumes, "firewall": client.firewalls}[path]
    target = {"instance": "ACTIVE", "volume": "available", "firewall": "SUCCESS"}[path]
    t0 = time.monotonic()
    with pytest.raises(errors.ResourceFailed) as ei:
        kind.wait_for(made.id, target, timeout=30)  # type: ignore[attr-defined]
    assert time.monotonic() - t0 < 5
    assert ei.value.last.status in ("ERROR", "error")


def _converge(act: Callable[[], Any], done: Callable[[], bool]) -> None:
    """What a front-end does with a non-create action: on an ambiguous failure re-read, re-apply only if needed."""
    try:
        act()
    except errors.BarrackError as exc:
        assert exc.ambiguous, exc
        time.sleep(SLOW + 0.3)  # a stalled request may still land
        if not done():
            act()


@pytest.mark.parametrize("fault", list(FAULTS))
def test_attach_volume_converges_without_duplicates(emulator: Any, client: BarrackClient, fault: str) -> None:
    w = World(client)
    iid, vid = w.instance(), w.volume(region="CANADA-1")
    with client_for(emulator, fault) as c:
        emulator.add_fault("POST", "/instances/{id}/attach-volumes/", **FAULTS[fault])
        _converge(lambda: c.instances.attach_volumes(iid, [vid]), lambda: vid in client.instances.get(iid).volume_ids)
    assert client.instances.get(iid).volume_ids == [vid]
    assert client.volumes.wait_for(vid, "in-use", timeout=10).attached_to == iid


@pytest.mark.parametrize("fault", list(FAULTS))
def test_public_ip_toggle_converges(emulator: Any, client: BarrackClient, fault: str) -> None:
    iid = World(client).instance()
    with client_for(emulator, fault) as c:
        emulator.add_fault("POST", "/instances/{id}/toggle-public-ip/", **FAULTS[fault])
        _converge(lambda: c.instances.set_public_ip(iid, False), lambda: not client.instances.get(iid).public_ip)
    assert not client.instances.wait_for(iid, lambda i: not i.public_ip, timeout=10).public_ip


@pytest.mark.parametrize("fault", list(FAULTS))
def test_rule_removal_under_fault(emulator: Any, client: BarrackClient, fault: str) -> None:
    fid = World(client).firewall()
    rid = client.firewalls.add_rule(fid, RULE).id
    with client_for(emulator, fault) as c:
        emulator.add_fault("DELETE", "/firewalls/{id}/rules/{rule_id}/", **FAULTS[fault])
        if fault == "500":
            with pytest.raises(errors.ServerError):
                c.firewalls.remove_rule(fid, rid)
            c.firewalls.remove_rule(fid, rid)
        else:
            c.firewalls.remove_rule(fid, rid)
    if fault == "slow":
        time.sleep(SLOW + 0.3)
    assert client.firewalls.get(fid).rules == []
