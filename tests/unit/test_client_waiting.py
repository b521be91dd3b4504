"""Waiting: targets, terminal ERROR, WaitTimeout with the last object, shared deadlines, power states."""

from __future__ import annotations

import pytest
from client_fakes import FakeAPI, FakeClock, err, instance, make_client, ok, volume

from shared_client import Deadline, RetryPolicy, WaitPolicy, errors


def test_wait_for_status_and_poll_count() -> None:
    api = FakeAPI().on(
        "GET",
        "/volumes/{id}/",
        ok(volume(status="creating")),
        ok(volume(status="creating")),
        ok(volume(status="available")),
    )
    with make_client(api) as c:
        assert c.volumes.wait_for("5001", "available").status == "available"
    assert api.count("GET") == 3


def test_wait_for_set_and_predicate() -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", ok(volume(status="creating")), ok(volume(status="in-use")))
    with make_client(api) as c:
        assert c.volumes.wait_for("5001", {"available", "in-use"}).status == "in-use"
    api = FakeAPI().on("GET", "/volumes/{id}/", ok(volume(size_gb=100)), ok(volume(size_gb=300)))
    with make_client(api) as c:
        assert c.volumes.wait_for("5001", lambda v: v.size_gb == 300).size_gb == 300


@pytest.mark.parametrize("word", ["ERROR", "error"])
def test_error_fails_at_once(word: str) -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", ok(volume(status=word)), ok(volume(status="available")))
    with make_client(api) as c, pytest.raises(errors.ResourceFailed) as ei:
        c.volumes.wait_for("5001", "available")
    assert ei.value.last.status == word
    assert api.count("GET") == 1


def test_error_can_be_the_target() -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", ok(volume(status="error")))
    with make_client(api) as c:
        assert c.volumes.wait_for("5001", {"available", "error"}).status == "error"


def test_wait_timeout_carries_last_object() -> None:
    api = FakeAPI().on("GET", "/instances/{id}/", ok(instance(status="BUILD")))
    slept: list[float] = []
    policy = WaitPolicy(initial=0.01, cap=0.01, sleep=slept.append)
    with make_client(api, wait_policy=policy) as c, pytest.raises(errors.WaitTimeout) as ei:
        c.instances.wait_for("BRK-100001D", "ACTIVE", timeout=0.05)
    assert ei.value.last.status == "BUILD" and ei.value.last.id == "BRK-100001D"
    assert "BUILD" in str(ei.value)


def test_backoff_grows_to_cap() -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", *([ok(volume(status="creating"))] * 8), ok(volume()))
    slept: list[float] = []
    policy = WaitPolicy(initial=0.1, factor=2.0, cap=0.5, jitter=0.0, sleep=slept.append)
    with make_client(api, wait_policy=policy) as c:
        c.volumes.wait_for("5001", "available")
    assert slept == pytest.approx([0.1, 0.2, 0.4, 0.5, 0.5, 0.5, 0.5, 0.5])


def test_wait_deleted() -> None:
    api = FakeAPI().on("GET", "/instances/{id}/", ok(instance(status="DELETING")), err(404, "NOT_FOUND"))
    with make_client(api) as c:
        assert c.instances.wait_deleted("BRK-100001D") is None
    assert api.count("GET") == 2


def test_deadline_is_shared() -> None:
    d = Deadline(0.0)
    api = FakeAPI().on("GET", "/volumes/{id}/", ok(volume(status="creating")))
    with make_client(api) as c, pytest.raises(errors.WaitTimeout):
        c.volumes.wait_for("5001", "available", timeout=999, deadline=d)  # the deadline wins over timeout
    assert api.count("GET") == 1


def _power_api(start: str, script: dict[str, list[str]]) -> FakeAPI:
    """Instance whose status follows the actions sent: each action moves through the listed statuses."""
    state = {"status": start, "queue": []}

    def get(_req):  # type: ignore[no-untyped-def]
        if state["queue"]:
            state["status"] = state["queue"].pop(0)
        return ok(instance(status=state["status"]))

    def action(name: str):  # type: ignore[no-untyped-def]
        def reply(_req):  # type: ignore[no-untyped-def]
            steps = list(script[name])
            state["status"], state["queue"] = steps[0], steps[1:]
            return ok(instance(status=state["status"]))

        return reply

    api = FakeAPI().on("GET", "/instances/{id}/", get)
    for name in script:
        api.on("POST", f"/instances/{{id}}/{name}/", action(name))
    return api


SCRIPT = {
    "start": ["STARTING", "ACTIVE"],
    "stop": ["STOPPING", "SHUTOFF"],
    "hibernate": ["HIBERNATING", "HIBERNATED"],
    "restore": ["RESTORING", "ACTIVE"],
}


@pytest.mark.parametrize(
    "start,target,actions,final",
    [
        ("ACTIVE", "running", [], "ACTIVE"),
        ("SHUTOFF", "running", ["start"], "ACTIVE"),
        ("HIBERNATED", "running", ["restore"], "ACTIVE"),
        ("ACTIVE", "stopped", ["stop"], "SHUTOFF"),
        ("HIBERNATED", "stopped", ["restore", "stop"], "SHUTOFF"),
        ("SHUTOFF", "hibernated", ["start", "hibernate"], "HIBERNATED"),
        ("BUILD", "running", [], "ACTIVE"),
    ],
)
def test_ensure_power_state(start: str, target: str, actions: list[str], final: str) -> None:
    api = _power_api(start, SCRIPT)
    if start == "BUILD":
        api.on("GET", "/instances/{id}/", ok(instance(status="BUILD")), ok(instance(status="ACTIVE")))
    with make_client(api) as c:
        inst, changed = c.instances.ensure_power_state("BRK-100001D", target, timeout=5)  # type: ignore[arg-type]
    assert inst.status == final and changed == bool(actions)
    sent = [r.url.path.rstrip("/").rsplit("/", 1)[1] for r in api.requests if r.method == "POST"]
    assert sent == actions


def test_ensure_power_state_lost_action_response_is_not_resent() -> None:
    api = _power_api("SHUTOFF", SCRIPT)
    inner = api.routes[0][2][0]  # the start action reply

    def lost(req):  # type: ignore[no-untyped-def]
        inner(req)  # the server applied it ...
        return err(504)  # ... but the answer was lost

    api.on("POST", "/instances/{id}/start/", lost)
    with make_client(api) as c:
        assert c.instances.ensure_power_state("BRK-100001D", "running", timeout=5) == (ANY_ACTIVE, True)
    assert api.count("POST") == 1


class _Active:
    def __eq__(self, other: object) -> bool:
        return getattr(other, "status", None) == "ACTIVE"


ANY_ACTIVE = _Active()


def test_ensure_power_state_error_instance_fails() -> None:
    api = FakeAPI().on("GET", "/instances/{id}/", ok(instance(status="ERROR")))
    with make_client(api) as c, pytest.raises(errors.ResourceFailed):
        c.instances.ensure_power_state("BRK-100001D", "running", timeout=5)


def test_poll_retries_are_bounded_by_the_deadline() -> None:
    api = FakeAPI().on("GET", "/volumes/{id}/", err(503))
    clock = FakeClock()
    with make_client(api, total_budget=60) as c:
        c.transport.retry = RetryPolicy(
            max_attempts=1000,
            backoff_base=0.0625,
            backoff_cap=0.0625,
            rng=lambda lo, hi: hi,
            sleep=clock.sleep,
            clock=clock.now,
        )
        t0 = clock.now()
        with pytest.raises(errors.RetryBudgetExceeded) as ei:
            c.volumes.wait_for("5001", "available", deadline=Deadline(1.0, clock.now))
        # bounded by the wait (its 1 s budget per poll), not by the 60 s call budget nor the 1000 attempts
        assert clock.now() - t0 == 0.9375 and "budget" in str(ei.value)
        assert api.count("GET") == 16 and clock.slept == [0.0625] * 15  # a 16th backoff would end past the 1 s wait
