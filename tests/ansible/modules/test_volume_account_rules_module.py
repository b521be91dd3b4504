"""barrack.cloud.volume and the account rules of the Create Volume page: an incomplete billing profile, the minimum
balance in the account currency, no clone on the legacy tier."""

from __future__ import annotations

MOD = "barrack.cloud.volume"
DATA = {"name": "data", "region": "CANADA-1", "size_gb": 100, "volume_type": "SSD"}
PROFILE_WORDS = ("billing name", "address", "postal code", "country")


def test_an_incomplete_profile_fails_telling_what_to_complete(module_run, emulator, barrack_client):
    emulator.configure(profile_complete=False)
    run = module_run([{"name": "create", MOD: DATA}], allow_failures=True)
    task = run["create"]
    assert task.failed and "billing profile is incomplete" in task.msg, task.msg
    assert task.changed is False  # a definitive refusal of the create changed nothing
    assert all(word in task.msg for word in PROFILE_WORDS)
    assert emulator.api_key not in task.msg
    assert list(barrack_client.volumes.list()) == []
    emulator.configure(profile_complete=True)
    assert module_run([{"name": "create", MOD: DATA}])["create"].changed


def test_a_create_the_server_refuses_definitively_is_not_changed(module_run, emulator, barrack_client):
    emulator.add_fault("POST", "/volumes/", "status", status=400)
    task = module_run([{"name": "create", MOD: DATA}], allow_failures=True)["create"]
    assert task.failed and task["status"] == 400 and task.changed is False, task.msg
    assert list(barrack_client.volumes.list()) == []


def test_inr_minimum_balance(module_run, emulator, barrack_client):
    emulator.configure(currency="INR", balance=99)
    task = module_run([{"name": "create", MOD: DATA}], allow_failures=True)["create"]
    assert task.failed and "100.00 INR" in task.msg, task.msg
    emulator.configure(balance=100)
    assert module_run([{"name": "create", MOD: DATA}])["create"].changed


def test_clone_from_a_legacy_volume_fails_before_the_clone_request(module_run, emulator, write_requests):
    emulator.seed("volumes", 1, region="CANADA-1", name="old")
    emulator.clear_log()
    clone = {"name": "copy", "region": "CANADA-1", "clone_from": "old"}
    task = module_run([{"name": "clone", MOD: clone}], allow_failures=True)["clone"]
    assert task.failed and "legacy" in task.msg and "clone" in task.msg, task.msg
    assert write_requests() == {}


def test_a_refusal_after_the_create_landed_is_changed(module_run, emulator, barrack_client):
    emulator.add_fault("GET", "/volumes/{id}/", "status", status=403)  # the wait after the create is refused
    task = module_run([{"name": "create", MOD: DATA}], allow_failures=True)["create"]
    assert task.failed and task["status"] == 403 and task.changed is True, task.msg
    assert [v.name for v in barrack_client.volumes.list()] == ["data"]
