"""A resource kind is one declaration: the ``KIND`` of a routes module gives the app its list/get/delete routes, the
store its collection and id counter, and the admin API its name and seeding. Plus the declared kinds themselves."""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import APIRouter

from barrack_emulator import app as app_module
from barrack_emulator import kinds
from barrack_emulator.kinds import Kind, Resource, all_kinds, kind_named
from barrack_emulator.state import Store
from barrack_emulator.testing import start_emulator


def _seed_widget(store: Store, name: str, attrs: dict[str, Any]) -> Resource:
    return store.add("widgets", {"id": store.new_id("widgets"), "name": name, "status": attrs.get("status", "READY")})


@pytest.fixture
def widget() -> Iterator[Kind]:
    """A kind declared by a routes module of its own and nothing else."""
    module = types.ModuleType("barrack_emulator.routes.widgets")
    router = APIRouter(prefix="/widgets", tags=["widgets"])
    kind = Kind("widgets", "Widget", router, first_id=50, seed=_seed_widget, creating="BUSY")
    module.__dict__.update(router=router, KIND=kind)
    modules = (*kinds.route_modules(), module)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kinds, "route_modules", lambda: modules)
        mp.setattr(app_module, "route_modules", lambda: modules)
        kinds.all_kinds.cache_clear()
        app_module.api_routers.cache_clear()
        try:
            yield kind
        finally:
            kinds.all_kinds.cache_clear()
            app_module.api_routers.cache_clear()


def test_a_new_kind_needs_only_its_routes_module(widget: Kind) -> None:
    assert kind_named("widget") is widget and kind_named("widgets") is widget
    with start_emulator() as emu, httpx.Client(base_url=emu.base_url, headers=emu.headers) as http:
        assert emu.seed("widget", 2) == ["51", "52"]  # its id counter, its seeder
        emu.seed("widgets", 1, status="BUSY")
        listed = http.get("/widgets/", params={"search": "SEED"}).json()
        assert listed["message"] == "Widgets retrieved successfully" and listed["total_count"] == 3
        assert [w["id"] for w in listed["widgets"]] == ["51", "52", "53"]
        assert http.get("/widgets/51/").json()["data"]["name"] == "seed-widgets-51"
        busy = http.delete("/widgets/53/").json()
        assert (busy["error_code"], busy["message"]) == ("INVALID_STATE", "Widget 53 is still being created.")
        assert http.delete("/widgets/51/").status_code == 200
        assert http.get("/widgets/51/").json()["error_code"] == "NOT_FOUND"
        assert emu.state()["counts"]["widgets"] == 2
        assert emu.request_counts()["DELETE /widgets/{id}/"] == 2


def test_every_declared_kind() -> None:
    assert sorted(all_kinds()) == ["firewalls", "images", "instances", "scripts", "snapshots", "ssh_keys", "volumes"]
    names = {n: sorted(k.names()) for n, k in all_kinds().items()}
    assert names["ssh_keys"] == ["ssh-key", "ssh-keys", "ssh_key", "ssh_keys"]
    assert {"vm", "instance"} <= set(names["instances"])
    assert {"custom_image", "custom-images", "image"} <= set(names["images"])
    with pytest.raises(KeyError):
        kind_named("widget")
    billed = sorted(n for n, k in all_kinds().items() if k.rate is not None)
    assert billed == ["instances", "snapshots", "volumes"]
