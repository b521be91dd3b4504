"""An attach/detach with stop_if_needed killed between the stop and the restore (kill -9: no ``finally`` runs) is
finished by the next run: the durable stop marker is on disk before the stop is sent, and the next workflow on
the instance brings it back to its previous power state."""

from __future__ import annotations

from typing import Any

import httpx
from client_fakes import instance, make_client, ok
from test_client_attach import posts, world

from shared_client.stop_markers import StopMarkers, marker_dir


def markers(c: Any) -> StopMarkers:
    return StopMarkers(c.base_url)


def test_marker_is_on_disk_before_the_stop_and_gone_after_the_restore() -> None:
    api, state = world("ACTIVE")
    seen: list[bool] = []
    c = make_client(api)

    def stop_checking(_req: httpx.Request) -> httpx.Response:
        seen.append(markers(c).previous("BRK-1D") == "running")
        state["status"] = "SHUTOFF"
        return ok(instance(id="BRK-1D", status="SHUTOFF", tier="advanced"))

    api.on("POST", "/instances/{id}/stop/", stop_checking)
    with c:
        c.instances.attach_volume("BRK-1D", "5001", stop_if_needed=True, timeout=5)
        assert markers(c).previous("BRK-1D") is None
    assert seen == [True] and state["status"] == "ACTIVE"
    assert [p.name for p in marker_dir().glob("*")] == []


def test_rerun_after_kill_once_attached_restores_the_power_state() -> None:
    api, state = world("SHUTOFF")
    state["attached"] = "BRK-1D"  # the killed run attached, then died before the start
    with make_client(api) as c:
        markers(c).record("BRK-1D", "running")
        out = c.instances.attach_volume("BRK-1D", "5001", stop_if_needed=True, timeout=5)
        assert markers(c).previous("BRK-1D") is None
    assert out.changed and out.stopped_instance
    assert posts(api) == ["start"] and state["status"] == "ACTIVE"


def test_rerun_after_kill_before_the_attach_attaches_and_restores() -> None:
    api, state = world("SHUTOFF")  # killed while STOPPING: the stop landed, nothing else
    with make_client(api) as c:
        markers(c).record("BRK-1D", "hibernated")
        out = c.instances.attach_volume("BRK-1D", "5001", timeout=5)  # even without stop_if_needed
    assert out.changed and out.stopped_instance
    assert posts(api) == ["attach-volumes", "start", "hibernate"] and state["status"] == "HIBERNATED"


def test_set_volumes_with_nothing_to_change_still_restores() -> None:
    api, state = world("SHUTOFF")
    state["attached"] = "BRK-1D"
    with make_client(api) as c:
        markers(c).record("BRK-1D", "running")
        out = c.instances.set_volumes("BRK-1D", ["5001"], stop_if_needed=True, timeout=5)
    assert out.changed and posts(api) == ["start"] and state["status"] == "ACTIVE"


def test_stale_marker_of_a_running_instance_is_forgotten() -> None:
    api, state = world("ACTIVE")
    state["attached"] = "BRK-1D"
    with make_client(api) as c:
        markers(c).record("BRK-1D", "running")
        out = c.instances.attach_volume("BRK-1D", "5001", stop_if_needed=True, timeout=5)
        assert markers(c).previous("BRK-1D") is None
    assert not out.changed and posts(api) == []


def test_marker_of_another_api_is_not_used() -> None:
    api, state = world("SHUTOFF")
    state["attached"] = "BRK-1D"
    with make_client(api) as c:
        StopMarkers("https://elsewhere.example").record("BRK-1D", "running")
        out = c.instances.attach_volume("BRK-1D", "5001", stop_if_needed=True, timeout=5)
    assert not out.changed and posts(api) == [] and state["status"] == "SHUTOFF"


def test_failed_restore_keeps_the_marker_and_tells_the_user() -> None:
    from client_fakes import err

    api, _state = world("ACTIVE")
    api.on("POST", "/instances/{id}/start/", err(401, "AUTHENTICATION_FAILED", "expired"))
    with make_client(api) as c:
        try:
            c.instances.attach_volume("BRK-1D", "5001", stop_if_needed=True, timeout=5)
        except Exception as exc:
            notes = "\n".join(getattr(exc, "__notes__", []))
        else:
            raise AssertionError("the failed restore was not raised")
        assert markers(c).previous("BRK-1D") == "running"
    assert "was stopped for the volume change" in notes and "next attach or detach" in notes
