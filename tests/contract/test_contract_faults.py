"""The fault matrix through the client: 429 with and without Retry-After, 500, 502, 503, 504, drop-after-commit
once and twice, and a slow response, on every create, update, action and delete path. Each ends in the right
server state with exactly one object, nothing leaked; a spent retry budget is a clear error. The ghost create never
makes a duplicate and never adopts somebody else's object (tests/contract/test_workflow_reconcile.py)."""

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
    "drop_after_commit_x2": dict(kind="drop_after_commit", times=2),
    "slow": dict(kind="slow", seconds=SLOW),
}
# The slow fault sleeps (server and test): the full tier only.
FAULT_PARAMS = [pytest.param(f, marks=pytest.mark.slow) if FAULTS[f]["kind"] == "slow" else f for f in FAULTS]


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

    def instance(self, name: str = "base-vm", power: str = "running") -> str:
        i = self.c.instances.create(
            InstanceCreate(
                name=name, region="CANADA-1", gpu_model="RTX-A6000", gpu_count=1, image=UBUNTU, ssh_key_ids=[self.key]
            )
        )
        iid = self.c.instances.wait_for(i.id, "ACTIVE", timeout=10).id
        if power != "running":
            self.c.instances.ensure_power_state(iid, power, timeout=10)  # type: ignore[arg-type]
        return iid

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


@pytest.mark.parametrize("fault", FAULT_PARAMS)
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
        if fault.startswith("drop_after_commit"):
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


def delete_path(name: str, w: World, c: BarrackClient) -> tuple[str, Callable[[], Any], Callable[[], bool]]:
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

    return route, lambda: sub.delete(rid, wait=True, timeout=10), exists  # type: ignore[attr-defined]


DELETES = ["instance", "volume", "firewall", "ssh_key", "script", "snapshot", "image"]


@pytest.mark.parametrize("fault", FAULT_PARAMS)
@pytest.mark.parametrize("path", DELETES)
def test_delete_under_fault(emulator: Any, client: BarrackClient, path: str, fault: str) -> None:
    w = World(client)
    with client_for(emulator, fault) as c:
        route, delete, exists = delete_path(path, w, c)
        emulator.add_fault("DELETE", route, **FAULTS[fault])
        assert delete() in (True, False)  # False: an earlier attempt whose answer was lost did it
        if fault == "slow":
            time.sleep(SLOW + 0.3)
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


# ---- update and action paths --------------------------------------------------------------------------------


@dataclass
class Step:
    """One update or action path: the route the fault goes on, the call under test, and the end-state check."""

    method: str
    route: str
    act: Callable[[BarrackClient], Any]
    done: Callable[[], bool]
    counts: Callable[[], tuple[int, ...]]  # objects that must stay exactly as many


def _counts(q: BarrackClient) -> Callable[[], tuple[int, ...]]:
    return lambda: (n(q.instances.list()), n(q.volumes.list()), n(q.firewalls.list()), n(q.scripts.list()))


def _rules(q: BarrackClient, iid: str | None = None, fid: str | None = None) -> list[Any]:
    return q.instances.get(iid).security_rules if iid else q.firewalls.get(fid or "").rules


def update_step(name: str, w: World) -> Step:
    q = w.c
    counts = _counts(q)
    if name == "script_update":
        sid = q.scripts.create(ScriptCreate(name="u", content="old")).id
        return Step(
            "PUT",
            "/scripts/{id}/",
            lambda c: c.scripts.update(sid, content="new"),
            lambda: q.scripts.get(sid).content == "new",
            counts,
        )
    if name == "script_bulk_delete":
        ids = [q.scripts.create(ScriptCreate(name=f"b{i}", content="x")).id for i in range(2)]
        return Step(
            "POST",
            "/scripts/bulk-delete/",
            lambda c: c.scripts.bulk_delete(ids),
            lambda: n(q.scripts.list()) == 0,
            lambda: (n(q.instances.list()),),
        )
    if name == "volume_resize":
        vid = w.volume()
        return Step(
            "POST",
            "/volumes/{id}/resize/",
            lambda c: c.volumes.resize(vid, "300", wait=True, timeout=10),
            lambda: q.volumes.get(vid).size_gb == 300,
            counts,
        )
    if name == "public_ip_off":
        iid = w.instance()
        return Step(
            "POST",
            "/instances/{id}/toggle-public-ip/",
            lambda c: c.instances.set_public_ip(iid, False, timeout=10),
            lambda: not q.instances.get(iid).public_ip,
            counts,
        )
    if name == "security_rule_add":
        iid = w.instance()
        return Step(
            "POST",
            "/instances/{id}/security-rules/",
            lambda c: c.instances.set_security_rules(iid, [RULE.to_body()], timeout=10),
            lambda: [r.canonical() for r in _rules(q, iid=iid)] == [RULE.canonical()],
            counts,
        )
    if name == "security_rule_remove":
        iid = w.instance()
        q.instances.add_security_rule(iid, RULE)
        return Step(
            "DELETE",
            "/instances/{id}/security-rules/{rule_id}/",
            lambda c: c.instances.set_security_rules(iid, [], timeout=10),
            lambda: _rules(q, iid=iid) == [],
            counts,
        )
    if name == "firewall_rule_add":
        fid = w.firewall()
        return Step(
            "POST",
            "/firewalls/{id}/rules/",
            lambda c: c.firewalls.set_rules(fid, [{"protocol": "tcp", "port_range_min": 8080}], timeout=10),
            lambda: [r.canonical() for r in _rules(q, fid=fid)] == [RULE.canonical()],
            counts,
        )
    if name == "firewall_rule_remove":
        fid = w.firewall()
        q.firewalls.add_rule(fid, RULE)
        return Step(
            "DELETE",
            "/firewalls/{id}/rules/{rule_id}/",
            lambda c: c.firewalls.set_rules(fid, [], timeout=10),
            lambda: _rules(q, fid=fid) == [],
            counts,
        )
    if name == "firewall_attach":
        iid, fid = w.instance(), w.firewall()
        return Step(
            "POST",
            "/firewalls/{id}/attach/",
            lambda c: c.firewalls.attach(fid, [iid], wait=True, timeout=10),
            lambda: q.firewalls.get(fid).instance_ids == [iid],
            counts,
        )
    if name == "instance_firewalls":
        iid, fid = w.instance(), w.firewall()
        return Step(
            "POST",
            "/firewalls/{id}/attach/",
            lambda c: c.instances.set_firewalls(iid, [fid], timeout=10),
            lambda: q.firewalls.get(fid).instance_ids == [iid],
            counts,
        )
    raise AssertionError(name)


POWER = {  # name: (initial power state, route, workflow, final status)
    "stop": ("running", "/instances/{id}/stop/", "stopped", "SHUTOFF"),
    "start": ("stopped", "/instances/{id}/start/", "running", "ACTIVE"),
    "hibernate": ("running", "/instances/{id}/hibernate/", "hibernated", "HIBERNATED"),
    "restore": ("hibernated", "/instances/{id}/restore/", "running", "ACTIVE"),
    "stop_from_hibernated": ("hibernated", "/instances/{id}/stop/", "stopped", "SHUTOFF"),
    "reboot": ("running", "/instances/{id}/reboot/", "restart", "ACTIVE"),
}


def power_step(name: str, w: World) -> Step:
    q = w.c
    initial, route, target, final = POWER[name]
    iid = w.instance(power=initial)

    def act(c: BarrackClient) -> Any:
        if target == "restart":
            return c.instances.restart(iid, timeout=10)
        return c.instances.ensure_power_state(iid, target, timeout=10)  # type: ignore[arg-type]

    return Step("POST", route, act, lambda: q.instances.get(iid).status == final, _counts(q))


ATTACH = {  # name: (initial power state, attach?, route with the fault)
    "attach": ("stopped", True, "/instances/{id}/attach-volumes/"),
    "detach": ("stopped", False, "/instances/{id}/detach-volumes/"),
    "attach_stopping_running": ("running", True, "/instances/{id}/attach-volumes/"),
    "attach_fault_on_stop": ("running", True, "/instances/{id}/stop/"),
    "attach_fault_on_restart": ("running", True, "/instances/{id}/start/"),
    "detach_stopping_hibernated": ("hibernated", False, "/instances/{id}/detach-volumes/"),
    "set_volumes": ("stopped", True, "/instances/{id}/attach-volumes/"),
}


def attach_step(name: str, w: World) -> Step:
    q = w.c
    initial, attach, route = ATTACH[name]
    iid = w.instance()
    vid = w.volume(region="CANADA-1")
    if not attach:
        q.instances.attach_volume(iid, vid, stop_if_needed=True, timeout=10)
    if initial != "running":
        q.instances.ensure_power_state(iid, initial, timeout=10)  # type: ignore[arg-type]
    status = {"running": "ACTIVE", "stopped": "SHUTOFF", "hibernated": "HIBERNATED"}[initial]

    def act(c: BarrackClient) -> Any:
        if name == "set_volumes":
            return c.instances.set_volumes(iid, [vid], timeout=10)
        call = c.instances.attach_volume if attach else c.instances.detach_volume
        return call(iid, vid, stop_if_needed=True, timeout=10)

    def done() -> bool:
        vol, inst = q.volumes.get(vid), q.instances.get(iid)
        here = vol.attached_to == iid and vid in inst.volume_ids
        gone = vol.attached_to is None and vid not in inst.volume_ids
        return (here if attach else gone) and inst.status == status  # the previous power state is back

    return Step("POST", route, act, done, _counts(q))


UPDATES = [
    "script_update",
    "script_bulk_delete",
    "volume_resize",
    "public_ip_off",
    "security_rule_add",
    "security_rule_remove",
    "firewall_rule_add",
    "firewall_rule_remove",
    "firewall_attach",
    "instance_firewalls",
]
STEPS = [("update", u) for u in UPDATES] + [("power", p) for p in POWER] + [("attach", a) for a in ATTACH]
BUILD = {"update": update_step, "power": power_step, "attach": attach_step}


@pytest.mark.parametrize("fault", FAULT_PARAMS)
@pytest.mark.parametrize("kind,path", STEPS, ids=[p for _, p in STEPS])
def test_update_and_action_under_fault(emulator: Any, client: BarrackClient, kind: str, path: str, fault: str) -> None:
    """Every update and action path converges through the client alone (re-read and decide after an ambiguous
    failure): no caller-side retry, the right final state, no object gained or lost."""
    w = World(client)
    step = BUILD[kind](path, w)
    before = step.counts()
    with client_for(emulator, fault) as c:
        emulator.add_fault(step.method, step.route, **FAULTS[fault])
        step.act(c)
    if fault == "slow":
        time.sleep(SLOW + 0.3)  # the stalled request lands late; the end state must still be right
    assert step.done(), f"{path}/{fault}: wrong final state"
    assert step.counts() == before


def test_lookup_failure_after_a_lost_create_stays_ambiguous(emulator: Any, client: BarrackClient) -> None:
    """drop-after-commit on the POST, then every look-up GET fails: the error says the write may have landed."""
    with fast_client(emulator) as c:
        emulator.add_fault("POST", "/volumes/", kind="drop_after_commit")
        emulator.add_fault("GET", "/volumes/", kind="status", status=500, times=50)
        with pytest.raises(errors.OutcomeUnknown) as ei:
            c.volumes.create(name="f-vol", region="FINLAND-1", size_gb=100, volume_type="HDD")
        assert ei.value.ambiguous and isinstance(ei.value.last_error, errors.RetryBudgetExceeded)
    emulator.clear_faults()
    assert [v.name for v in client.volumes.list()] == ["f-vol"]  # it had landed


@pytest.mark.parametrize("path", ["instance", "volume", "firewall"])
def test_error_state_fault_fails_wait_at_once(emulator: Any, client: BarrackClient, path: str) -> None:
    w = World(client)
    p = create_path(path, w, client)
    emulator.add_fault(p.method, p.route, kind="error_state")
    made = p.act()
    kind = {"instance": client.instances, "volume": client.volumes, "firewall": client.firewalls}[path]
    with pytest.raises(errors.ResourceFailed) as ei:
        kind.wait_ready(made.id, timeout=30)  # type: ignore[attr-defined]
    assert ei.value.last.status in ("ERROR", "error")
