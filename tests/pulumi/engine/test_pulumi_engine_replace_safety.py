"""Replacements that cannot run in the default order (issue 15, items 3 and 4), through the plain CLI:

- a delete-first replace (fixed name) whose new instance cannot be paid for fails at ``preview`` and at ``up``
  before anything is deleted: the old instance and its snapshot stay;
- an instance with ``volume_ids`` replaced (``gpu_count``) is replaced delete-first automatically and ends with the
  volume attached to the new instance; a ``VolumeAttachment`` moved to another instance detaches first.
"""

from __future__ import annotations

from typing import Any

from engine_support import Engine, counts, list_all, public_key

LEGACY = {"region": "CANADA-1", "gpu_model": "RTX-A6000"}


def test_delete_first_replace_runs_the_preflight_before_deleting(engine: Engine, emulator: Any) -> None:
    params = {**LEGACY, "public_key": public_key("pre"), "vm_name": "fixed-vm", "gpu_count": 1, "snapshot": True}
    proj = engine.project("replace_safety", emulator, params=params)
    proj.up("--skip-preview")
    before = list_all(emulator)
    assert [s["name"] for s in before["snapshots"]] == ["keep-me"]
    emulator.configure(balance=1.0)  # enough for nothing more than the documented minimum
    proj.set_params({**params, "gpu_count": 2})  # 2x RTX-A6000 costs 1.38/h
    failed = proj.preview(check=False)
    assert failed.returncode != 0
    text = "\n".join(failed.errors())
    assert "balance" in text and "fixed-vm" in text and "was not deleted" in text, failed.output
    assert "Traceback" not in text
    failed = proj.up("--skip-preview", check=False)
    assert failed.returncode != 0
    after = list_all(emulator)
    assert [i["instance_id"] for i in after["instances"]] == [i["instance_id"] for i in before["instances"]]
    assert [s["id"] for s in after["snapshots"]] == [s["id"] for s in before["snapshots"]]
    emulator.configure(balance=1000.0)
    proj.set_params(params)
    proj.preview("--expect-no-changes")
    proj.destroy()


def test_replacing_an_instance_with_volumes_frees_them_first(engine: Engine, emulator: Any) -> None:
    params = {"public_key": public_key("vols"), "gpu_count": 1}
    proj = engine.project("replace_safety", emulator, params=params)
    proj.up("--skip-preview")
    old_vm = proj.resources()["vm"]["id"]
    vol_id = proj.resources()["data"]["id"]
    proj.set_params({**params, "gpu_count": 2})
    result = proj.up("--skip-preview")
    assert result.changes().get("replace") == 1, result.output
    (inst,) = list_all(emulator)["instances"]
    assert inst["instance_id"] != old_vm and inst["specs"]["gpu_count"] == 2
    assert [a["volume_id"] for a in inst["volume_attachments"]] == [vol_id]
    proj.preview("--expect-no-changes")
    proj.destroy()
    assert sum(counts(emulator).values()) == 0


def test_volume_attachment_moved_to_another_instance_detaches_first(engine: Engine, emulator: Any) -> None:
    params = {"public_key": public_key("att"), "gpu_count": 1, "with_volume": False, "attach_to": "vm"}
    proj = engine.project("replace_safety", emulator, params=params)
    proj.up("--skip-preview")
    extra = proj.resources()["extra"]["id"]
    proj.set_params({**params, "attach_to": "other"})
    result = proj.up("--skip-preview")
    other = proj.resources()["other"]["id"]
    vols = {v["id"]: v for v in list_all(emulator)["volumes"]}
    assert vols[extra]["attached_to"] == other, result.output
    proj.preview("--expect-no-changes")
    proj.destroy()
    assert sum(counts(emulator).values()) == 0


def test_a_failed_delete_first_replace_never_takes_the_snapshot_with_it(engine: Engine, emulator: Any) -> None:
    params = {**LEGACY, "public_key": public_key("snap"), "vm_name": "snap-vm", "gpu_count": 1, "snapshot": True}
    proj = engine.project("replace_safety", emulator, params=params)
    proj.up("--skip-preview")
    (snap,) = list_all(emulator)["snapshots"]
    emulator.add_fault("POST", "/instances/", "error_state")  # the new instance fails after the old one is gone
    proj.set_params({**params, "gpu_count": 2})
    failed = proj.up("--skip-preview", check=False)
    assert failed.returncode != 0
    assert [s["id"] for s in list_all(emulator)["snapshots"]] == [snap["id"]], failed.output
    result = proj.up("--skip-preview")  # the fault is spent: the replacement is made, the snapshot kept
    assert [s["id"] for s in list_all(emulator)["snapshots"]] == [snap["id"]], result.output
    proj.preview("--expect-no-changes")
    proj.destroy()
