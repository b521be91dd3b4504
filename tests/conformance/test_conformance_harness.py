"""The harness itself: its dump ignores ids and order but nothing else, and a front-end that diverges fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conformance_harness import (
    PUBKEY,
    UBUNTU,
    Result,
    Scenario,
    Step,
    assert_same,
    check_expected,
    check_faults_were_met,
    run_both,
    run_pulumi,
    server_state,
)

VOL = {"region": "FINLAND-1", "size_gb": 100, "volume_type": "NVMe"}
VM = {"region": "CANADA-1", "gpu_model": "RTX-A6000", "gpu_count": 1, "image": UBUNTU}
RESIZE = Scenario("resize", [Step("volume", "vol-a", VOL), Step("volume", "vol-a", {**VOL, "size_gb": 200})])


def test_dump_drops_ids_and_order_but_keeps_names_sizes_and_references(emulator: Any, barrack_client: Any) -> None:
    c = barrack_client

    def build(filler_first: bool) -> dict[str, Any]:
        emulator.reset_all()
        if filler_first:
            emulator.seed("volumes", name="filler")  # shifts every later id
        key = c.ssh_keys.create(name="k", public_key=PUBKEY)
        vm = c.instances.create(name="vm", ssh_key_ids=[key.id], **VM)
        vol = c.volumes.create(name="vol-b", region="CANADA-1", size_gb=100, volume_type="SSD")
        c.instances.attach_volume(vm.id, vol.id, stop_if_needed=True)
        if not filler_first:
            emulator.seed("volumes", name="filler")
        return server_state(emulator)

    first = build(True)
    assert build(False) == first
    (vol,) = [v for v in first["volumes"] if v["name"] == "vol-b"]
    assert "id" not in vol and "created_at" not in vol
    assert (vol["size_gb"], vol["attached_to"], vol["status"]) == (100, "vm", "in-use")
    (inst,) = first["instances"]
    assert inst["ssh_keys"] == ["k"] and inst["volume_attachments"] == [("vol-b", "attached")]
    assert "ip_address" not in inst and inst["status"] == "ACTIVE"


def test_a_different_size_makes_the_dumps_differ(emulator: Any) -> None:
    a = run_pulumi(emulator, RESIZE)
    b = run_pulumi(
        emulator, Scenario("resize-250", [RESIZE.steps[0], Step("volume", "vol-a", {**VOL, "size_gb": 250})])
    )
    with pytest.raises(AssertionError, match="volumes differ"):
        assert_same(a, b)
    with pytest.raises(AssertionError, match="size_gb is 250"):
        check_expected(b, {"volumes": {"vol-a": {"size_gb": 200}}})


def test_a_duplicate_or_missing_object_fails_the_expected_state(emulator: Any) -> None:
    emulator.seed("volumes", name="twin", region="FINLAND-1")
    emulator.seed("volumes", name="twin", region="FINLAND-2")
    result = Result("test", server_state(emulator))
    with pytest.raises(AssertionError, match=r"volumes on the server are \['twin', 'twin'\]"):
        check_expected(result, {"volumes": {"twin": {}}})
    with pytest.raises(AssertionError, match="ssh_keys on the server"):
        check_expected(result, {"volumes": {"twin": {}}, "ssh_keys": {"k": {}}})


def test_an_unmet_fault_fails() -> None:
    pending = {"method": "POST", "route": "/volumes/", "kind": "status", "times": 1, "hits": 0}
    with pytest.raises(AssertionError, match="never met"):
        check_faults_were_met(Result("x", {}, [pending]), 1)
    check_faults_were_met(Result("x", {}, [{**pending, "times": 2, "hits": 1}]), 2)


@pytest.mark.ansible
@pytest.mark.slow
def test_a_front_end_that_diverges_fails_the_comparison(
    emulator: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Pulumi volume provider whose update does nothing (the kind of bug issue 7 measured): caught."""
    import pulumi_barrack as barrack

    monkeypatch.setattr(barrack.VolumeProvider, "apply_updates", lambda self, *args, **kwargs: None)
    with pytest.raises(AssertionError, match="volumes differ between ansible and pulumi"):
        run_both(emulator, RESIZE, tmp_path)  # sequential: monkeypatch and environment in this thread
