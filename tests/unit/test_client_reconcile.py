"""Ghost-create reconciliation: an ambiguous create is looked up by name before it is re-sent."""

from __future__ import annotations

import httpx
import pytest
from client_fakes import FakeAPI, err, make_client, ok, volume

from shared_client import errors
from shared_client.models import FirewallCreate, RuleSpec, SnapshotCreate, VolumeCreate

REQ = dict(name="data-1", region="FINLAND-1", size_gb=200, volume_type="NVMe")
EMPTY = ok({"volumes": [], "has_next": False})
FOUND = ok({"volumes": [volume()], "has_next": False})


@pytest.mark.parametrize(
    "failure",
    [
        err(500),
        err(502),
        err(504),
        httpx.ReadTimeout("t"),
        httpx.RemoteProtocolError("dropped"),
        httpx.ReadError("reset"),
    ],
)
def test_ambiguous_create_adopts_existing(failure: object) -> None:
    api = FakeAPI().on("POST", "/volumes/", failure, ok(volume(id="9999"), 201))  # type: ignore[arg-type]
    api.on("GET", "/volumes/", FOUND)
    with make_client(api) as c:
        v = c.volumes.create(VolumeCreate(**REQ))
    assert v.id == "5001"
    assert api.count("POST") == 1  # never re-sent
    lookups = [r for r in api.requests if r.method == "GET"]
    assert lookups[0].url.params["search"] == "data-1" and lookups[0].url.params["region"] == "FINLAND-1"


def test_ambiguous_create_resends_when_nothing_found() -> None:
    api = FakeAPI().on("POST", "/volumes/", err(504), ok(volume(), 201))
    api.on("GET", "/volumes/", EMPTY)
    sleeps: list[float] = []
    with make_client(api, sleeps=sleeps) as c:
        assert c.volumes.create(VolumeCreate(**REQ)).id == "5001"
    assert api.count("POST") == 2
    assert api.count("GET") == 1
    assert api.bodies("POST")[0] == api.bodies("POST")[1] == REQ


def test_conflict_after_ambiguous_attempt_adopts() -> None:
    api = FakeAPI().on("POST", "/volumes/", httpx.ReadTimeout("t"), err(409, "CONFLICT", "name taken"))
    api.on("GET", "/volumes/", EMPTY, FOUND)  # not visible yet, then visible
    with make_client(api) as c:
        assert c.volumes.create(VolumeCreate(**REQ)).id == "5001"
    assert api.count("POST") == 2


def test_conflict_without_ambiguity_and_without_creation_time_is_raised() -> None:
    api = FakeAPI().on("POST", "/volumes/", err(409, "CONFLICT", "name taken"))
    api.on("GET", "/volumes/", FOUND)
    with make_client(api) as c, pytest.raises(errors.Conflict) as ei:
        c.volumes.create(VolumeCreate(**REQ))
    assert (ei.value.existing_id, ei.value.existing_name) == ("5001", "data-1")
    assert ei.value.status == 409 and not ei.value.ambiguous
    assert api.count("POST") == 1


def test_definite_failure_is_not_reconciled() -> None:
    api = FakeAPI().on("POST", "/volumes/", err(402, "INSUFFICIENT_BALANCE"))
    with make_client(api) as c, pytest.raises(errors.InsufficientBalance):
        c.volumes.create(VolumeCreate(**REQ))
    assert api.count("GET") == 0 and api.count("POST") == 1


def test_retry_budget_spent_carries_last_ambiguous_error() -> None:
    api = FakeAPI().on("POST", "/volumes/", err(502, "INTERNAL_ERROR", "bad gateway"))
    api.on("GET", "/volumes/", EMPTY)
    with make_client(api, max_attempts=3) as c, pytest.raises(errors.RetryBudgetExceeded) as ei:
        c.volumes.create(VolumeCreate(**REQ))
    assert api.count("POST") == 3
    assert api.count("GET") == 3
    assert isinstance(ei.value.last_error, errors.ServerError) and ei.value.ambiguous
    assert "bad gateway" in str(ei.value)


def test_similar_names_are_not_adopted() -> None:
    api = FakeAPI().on("POST", "/volumes/", err(504), ok(volume(), 201))
    api.on("GET", "/volumes/", ok({"volumes": [volume(id="7", name="data-10")], "has_next": False}))
    with make_client(api) as c:
        assert c.volumes.create(VolumeCreate(**REQ)).id == "5001"
    assert api.count("POST") == 2


def test_ambiguous_name_is_an_error() -> None:
    api = FakeAPI().on(
        "GET",
        "/snapshots/",
        ok({"snapshots": [{"id": "BRK-1S", "name": "s"}, {"id": "BRK-2S", "name": "s"}], "has_next": False}),
    )
    api.on("POST", "/snapshots/", err(504))
    with make_client(api) as c:
        with pytest.raises(errors.AmbiguousName, match="BRK-1S, BRK-2S"):
            c.snapshots.find_by_name("s")
        with pytest.raises(errors.OutcomeUnknown) as ei:  # the create may have landed: never reported unambiguous
            c.snapshots.create(SnapshotCreate(instance_id="BRK-1D", name="s"))
    assert ei.value.ambiguous and isinstance(ei.value.last_error, errors.AmbiguousName)
    assert isinstance(ei.value.write_error, errors.ServerError)


def test_firewall_rule_add_adopts_identical_rule() -> None:
    rule = RuleSpec(
        direction="ingress",
        ethertype="IPv4",
        protocol="tcp",
        port_range_min=22,
        port_range_max=22,
        remote_ip_prefix="0.0.0.0/0",
    )
    fw = {
        "id": "301",
        "name": "fw",
        "status": "SUCCESS",
        "rules": [{"id": "r9", **rule.to_body(), "status": "pending"}],
    }
    api = FakeAPI().on("POST", "/firewalls/{id}/rules/", httpx.ReadTimeout("t"))
    api.on("GET", "/firewalls/{id}/", ok({**fw, "rules": []}), ok(fw))  # before the attempt, then after it
    with make_client(api) as c:
        assert c.firewalls.add_rule("301", rule).id == "r9"
    assert api.count("POST") == 1


def test_firewall_rule_add_never_adopts_a_rule_that_was_there_before() -> None:
    rule = RuleSpec(protocol="tcp", port_range_min=22)
    fw = {"id": "301", "name": "fw", "status": "SUCCESS", "rules": [{"id": "r9", **rule.to_body()}]}
    api = FakeAPI().on("POST", "/firewalls/{id}/rules/", httpx.ReadTimeout("t"), err(409, "CONFLICT", "exists"))
    api.on("GET", "/firewalls/{id}/", ok(fw))
    with make_client(api) as c, pytest.raises(errors.Conflict) as ei:
        c.firewalls.add_rule("301", rule)
    assert ei.value.existing_id == "r9" and "existed before" in str(ei.value) and ei.value.ambiguous


def test_firewall_create_with_rules_adds_missing_rules_after_adoption() -> None:
    r22 = dict(
        direction="ingress",
        ethertype="IPv4",
        protocol="tcp",
        port_range_min=22,
        port_range_max=22,
        remote_ip_prefix="0.0.0.0/0",
    )
    r80 = {**r22, "port_range_min": 80, "port_range_max": 80}
    fw = {"id": "301", "name": "fw", "region": "CANADA-1", "status": "SUCCESS", "rules": [{"id": "r1", **r22}]}
    api = FakeAPI().on("POST", "/firewalls/", err(500))
    api.on("GET", "/firewalls/", ok({"firewalls": [fw], "has_next": False}))
    api.on("GET", "/firewalls/{id}/", ok(fw), ok({**fw, "rules": [fw["rules"][0], {"id": "r2", **r80}]}))
    api.on("POST", "/firewalls/{id}/rules/", ok({"id": "r2", **r80}))
    with make_client(api) as c:
        out = c.firewalls.create(FirewallCreate(name="fw", region="CANADA-1", rules=[r22, r80]))
    assert sorted(r.id for r in out.rules) == ["r1", "r2"]
    assert api.bodies("POST")[-1] == r80
    assert api.count("POST", "/firewalls/") == 2  # the ambiguous create and one rule


def test_snapshot_restore_adopts_instance_by_new_name() -> None:
    api = FakeAPI().on("POST", "/snapshots/{id}/restore/", httpx.RemoteProtocolError("dropped"))
    api.on(
        "GET", "/instances/", ok({"instances": [{"instance_id": "BRK-7D", "vm_name": "restored"}], "has_next": False})
    )
    with make_client(api) as c:
        assert c.snapshots.restore("BRK-1S", "restored").id == "BRK-7D"
    assert api.count("POST") == 1


def test_firewall_attach_is_reconciled_by_reading_attachments() -> None:
    fw = {"id": "301", "attachments": [{"instance_id": "BRK-1D", "status": "ATTACHING"}]}
    api = FakeAPI().on("POST", "/firewalls/{id}/attach/", err(504), ok(fw))
    api.on("GET", "/firewalls/{id}/", ok({"id": "301", "attachments": []}))
    with make_client(api) as c:
        assert c.firewalls.attach("301", ["BRK-1D"]).instance_ids == ["BRK-1D"]
    assert api.count("POST") == 2


def test_script_names_may_repeat_the_lookup_takes_the_one_with_this_content() -> None:
    old = {"id": "1", "name": "s", "content": "echo old", "created_at": "2020-01-01T00:00:00Z"}
    new = {"id": "2", "name": "s", "content": "echo new", "created_at": "2999-01-01T00:00:00Z"}
    api = FakeAPI().on("POST", "/scripts/", err(502))
    api.on("GET", "/scripts/", ok({"scripts": [old, new], "has_next": False}))
    with make_client(api) as c:
        assert c.scripts.create(name="s", content="echo new").id == "2"
        api.on("GET", "/scripts/", ok({"scripts": [old], "has_next": False}))
        api.on("POST", "/scripts/", err(502), err(409, "CONFLICT", "taken"))
        with pytest.raises(errors.Conflict, match="existed before"):  # identical but older: never adopted
            c.scripts.create(name="s", content="echo old")
    assert api.count("POST") == 2
