"""`BarrackError.after_write`: a failure after a create landed (its wait) says so, a refused create does not — what
lets a front-end tell "nothing changed" from "something changed" (Ansible's ``changed`` on failure)."""

from __future__ import annotations

import pytest
from client_fakes import FakeAPI, err, make_client, ok, volume

from shared_client import errors
from shared_client.models import VolumeCreate

DESIRED = VolumeCreate(name="data-1", region="FINLAND-1", size_gb=100, volume_type="NVMe")


def test_a_refused_create_is_a_definitive_refusal() -> None:
    api = FakeAPI().on("POST", "/volumes/", err(403, errors.PROFILE_INCOMPLETE, "complete your billing profile"))
    with make_client(api) as c, pytest.raises(errors.ProfileIncomplete) as ei:
        c.volumes.apply(None, c.volumes.plan(None, DESIRED))
    assert not ei.value.ambiguous and not ei.value.after_write


def test_a_failure_of_the_wait_after_the_create_landed_is_after_write() -> None:
    api = FakeAPI().on("POST", "/volumes/", ok(volume(status="creating")))
    api.on("GET", "/volumes/{id}/", err(403, "FORBIDDEN", "no"))
    with make_client(api) as c, pytest.raises(errors.PermissionDenied) as ei:
        c.volumes.apply(None, c.volumes.plan(None, DESIRED), wait=True)
    assert not ei.value.ambiguous and ei.value.after_write
