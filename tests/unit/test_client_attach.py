"""attach_volume / detach_volume with stop_if_needed over a scripted API: the order of the writes and the
power-state restore in every outcome."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from client_fakes import FakeAPI, err, instance, make_client, ok, volume

from shared_client import errors


def world(status: str, attach_reply: httpx.Response | None = None) -> tuple[FakeAPI, dict[str, Any]]:
    """An instance whose status follows stop/start/restore/hibernate at once, and one volume."""
    state: dict[str, Any] = {"status": status, "attached": None}
    moves = {"stop": "SHUTOFF", "start": "ACTIVE", "restore": "ACTIVE", "hibernate": "HIBERNATED"}

    def get_inst(_req: httpx.Request) -> httpx.Response:
        atts = [{"volume_id": "5001"}] if state["attached"] else []
        return ok(instance(id="BRK-1D", status=state["status"], tier="advanced", volume_attachments=atts))

    def get_vol(_req: httpx.Request) -> httpx.Response:
        on = state["attached"]
        return ok(volume(attached_to=on, status="in-use" if on else "available"))

    def action(name: str) -> Any:
        def reply(_req: httpx.Request) -> httpx.Response:
            state["status"] = moves[name]
            return get_inst(_req)

        return reply

    def attach(req: httpx.Request) -> httpx.Response:
        if attach_reply is not None:
            return attach_reply
        state["attached"] = "BRK-1D"
        return get_inst(req)

    api = FakeAPI().on("GET", "/instances/{id}/", get_inst).on("GET", "/volumes/{id}/", get_vol)
    for name in moves:
        api.on("POST", f"/instances/{{id}}/{name}/", action(name))
    api.on("POST", "/instances/{id}/attach-volumes/", attach)
    return api, state


def posts(api: FakeAPI) -> list[str]:
    return [r.url.path.rstrip("/").rsplit("/", 1)[1] for r in api.requests if r.method == "POST"]


@pytest.mark.parametrize(
    "status,sent",
    [
        ("ACTIVE", ["stop", "attach-volumes", "start"]),
        ("HIBERNATED", ["restore", "stop", "attach-volumes", "start", "hibernate"]),
        ("SHUTOFF", ["attach-volumes"]),
    ],
)
def test_attach_stops_and_restores(status: str, sent: list[str]) -> None:
    api, state = world(status)
    with make_client(api) as c:
        out = c.instances.attach_volume("BRK-1D", "5001", stop_if_needed=True, timeout=5)
    assert out.changed and out.stopped_instance == (status != "SHUTOFF")
    assert posts(api) == sent and state["status"] == status and state["attached"] == "BRK-1D"


def test_api_error_still_restores_and_is_raised() -> None:
    api, state = world("ACTIVE", attach_reply=err(403, "PERMISSION_DENIED", "no"))
    with make_client(api) as c, pytest.raises(errors.PermissionDenied):
        c.instances.attach_volume("BRK-1D", "5001", stop_if_needed=True, timeout=5)
    assert posts(api) == ["stop", "attach-volumes", "start"] and state["status"] == "ACTIVE"


def test_failed_restore_is_noted_on_the_original_error() -> None:
    api, _state = world("ACTIVE", attach_reply=err(403, "PERMISSION_DENIED", "no"))
    api.on("POST", "/instances/{id}/start/", err(401, "AUTHENTICATION_FAILED", "expired"))
    with make_client(api) as c, pytest.raises(errors.PermissionDenied) as ei:
        c.instances.attach_volume("BRK-1D", "5001", stop_if_needed=True, timeout=5)
    assert any("restoring instance BRK-1D to running also failed" in n for n in ei.value.__notes__)


def test_without_stop_if_needed_nothing_is_written() -> None:
    api, _state = world("ACTIVE")
    with make_client(api) as c, pytest.raises(errors.InvalidState) as ei:
        c.instances.attach_volume("BRK-1D", "5001")
    assert list(ei.value.field_errors) == ["stop_if_needed"] and posts(api) == []


def test_error_instance_is_refused_before_any_write() -> None:
    api, _state = world("ERROR")
    with make_client(api) as c, pytest.raises(errors.InvalidState) as ei:
        c.instances.attach_volume("BRK-1D", "5001", stop_if_needed=True)
    assert list(ei.value.field_errors) == ["instance"] and posts(api) == []
