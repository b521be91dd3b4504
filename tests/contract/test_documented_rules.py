"""Every documented rule and every documented example payload of the contract page, against the client and the
emulator. Examples: the client parses the payload verbatim (mock transport) and the emulator answers in the same
shape (live, loopback). Rules: the client refuses bad input before any request and the emulator refuses the same
input with a 400 naming the same field; good boundary values pass both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from client_contract_support import ED25519, FAST_RETRY, FAST_WAIT, UBUNTU
from documented_examples import (
    BILLING_LIST,
    CUSTOM_IMAGES_IN_DATA,
    CUSTOM_IMAGES_LIST,
    LIST_SNAPSHOTS_ERROR,
    PRICING,
    RESTORE_SNAPSHOT,
    images_with_pagination_object,
    instance_with_image,
)

from shared_client import BarrackClient, errors
from shared_client.models import (
    ChatCompletionsRequest,
    CustomImageCreate,
    FirewallCreate,
    InstanceCreate,
    PricingQuery,
    SnapshotCreate,
    SnapshotImagesRequest,
    SshKeyCreate,
    VolumeCreate,
)

Reply = dict[str, Any] | Callable[[httpx.Request], httpx.Response]


def mock_client(routes: dict[tuple[str, str], Reply]) -> BarrackClient:
    """A client whose server answers `routes[(method, path)]` (a JSON body for 200, or a callable)."""

    def handler(request: httpx.Request) -> httpx.Response:
        reply = routes[(request.method, request.url.path.removeprefix("/api"))]
        return reply(request) if callable(reply) else httpx.Response(200, json=reply)

    return BarrackClient(
        api_key="k" * 12,
        base_url="https://barrack.test/api",
        transport=httpx.MockTransport(handler),
        retry=FAST_RETRY,
        wait_policy=FAST_WAIT,
    )


def shape(value: Any) -> Any:
    """The key structure of a JSON value (dict keys recursively; a list's first item)."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return None


def covers(actual: Any, example: Any, where: str = "$") -> list[str]:
    """Keys of `example` missing from `actual` (recursively), as paths."""
    missing: list[str] = []
    if isinstance(example, dict):
        if not isinstance(actual, dict):
            return [where]
        for k, v in example.items():
            if k not in actual:
                missing.append(f"{where}.{k}")
            else:
                missing += covers(actual[k], v, f"{where}.{k}")
    elif isinstance(example, list) and example:
        if not isinstance(actual, list) or not actual:
            return [where + "[]"]
        missing += covers(actual[0], example[0], where + "[0]")
    return missing


@pytest.fixture
def raw(emulator: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emulator.base_url, headers=emulator.headers, timeout=30) as http:
        yield http


# ---------------------------------------------------------------------------------------------------------------
# Documented example payloads: the client parses them verbatim ...


def test_client_parses_the_restore_example() -> None:
    with mock_client({("POST", "/snapshots/BRK-123456S/restore/"): RESTORE_SNAPSHOT}) as c:
        inst = c.snapshots.restore("BRK-123456S", "restored-vm")
    assert (inst.id, inst.name, inst.status, inst.tier) == ("BRK-901234D", "restored-vm", "ACTIVE", "legacy")
    assert inst.snapshot is not None and (inst.snapshot.id, inst.snapshot.name) == ("BRK-123456S", "nightly")
    assert inst.public_ip is True and inst.ip_status == "assigned"
    assert inst.billing is not None and inst.billing.hourly_rate == 0.69
    assert inst.specs is not None and inst.specs.gpu_type == "RTX-A6000" and inst.boot_source == "snapshot"


def test_client_parses_the_custom_images_list_example() -> None:
    with mock_client({("GET", "/custom-images/"): CUSTOM_IMAGES_LIST}) as c:
        images = list(c.images.list())
    assert [(i.id, i.type, i.status, i.size) for i in images] == [("12345", "Snapshot", "available", "25.5 GB")]
    assert images[0].snapshot_name == "nightly" and images[0].created == "2025-12-11T16:00:00Z"


def test_client_maps_the_error_example() -> None:
    reply = lambda r: httpx.Response(400, json=LIST_SNAPSHOTS_ERROR)  # noqa: E731
    with mock_client({("GET", "/snapshots/"): reply}) as c, pytest.raises(errors.ValidationError) as info:
        list(c.snapshots.list())
    err = info.value
    assert err.status == 400 and err.error_code == "VALIDATION_ERROR" and err.request_id == "a1b2c3d4"
    assert err.field_errors == {"page": ["Ensure this value is greater than or equal to 1."]}


def test_client_returns_the_billing_summary_with_the_records() -> None:
    with mock_client({("GET", "/instances/billing/"): BILLING_LIST}) as c:
        page = c.billing.instances()
    assert [r.id for r in page] == ["BRK-901234D"] and len(page) == 1 and page.total == 1
    assert page.summary is not None and (page.summary.total_amount, page.summary.currency) == (1.38, "USD")
    assert page.to_dict()["summary"] == {"total_amount": 1.38, "currency": "USD"}


def test_client_parses_the_pricing_example() -> None:
    with mock_client({("POST", "/pricing/"): PRICING, ("GET", "/pricing/"): PRICING}) as c:
        posted, got = c.pricing.get(), c.pricing.query(PricingQuery(currency="EUR"))
    assert posted.gpu_price("RTX-A6000") == 0.69 == got.gpu_price("RTX-A6000")
    assert posted.gpu_price("RTX-A6000", "EUR") == 0.63 and posted.metadata == {"currency": "USD"}


# ... and the inferred alternatives


def test_client_accepts_the_list_nested_under_data() -> None:
    with mock_client({("GET", "/custom-images/"): CUSTOM_IMAGES_IN_DATA}) as c:
        assert [i.id for i in c.images.list()] == ["12345"]


def test_client_pages_with_a_nested_pagination_object() -> None:
    asked: list[str | None] = []

    def reply(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        asked.append(request.url.params.get("page"))
        return httpx.Response(200, json=images_with_pagination_object(page))

    with mock_client({("GET", "/custom-images/"): reply}) as c:
        assert [i.id for i in c.images.list()] == ["1", "2", "3"]
    assert asked == ["1", "2"]


@pytest.mark.parametrize("image", ["Ubuntu Server 22.04 LTS R535 CUDA 12.2", {"id": 7, "name": UBUNTU}, {"id": 7}])
def test_client_accepts_image_as_string_or_object(image: Any) -> None:
    with mock_client({("GET", "/instances/BRK-901234D/"): instance_with_image(image)}) as c:
        inst = c.instances.get("BRK-901234D")
    assert inst.image == (UBUNTU if image != {"id": 7} else "7")
    assert inst.current_values()["image"] == inst.image


@pytest.mark.parametrize(
    "ip_address,ip_status,has",
    [
        ("38.80.122.15", "assigned", True),  # D (restore example)
        ("38.80.122.15", "ASSIGNED", True),  # compared case-insensitively
        (None, "unassigned", False),  # I
        (None, None, False),
        ("", "unassigned", False),
        (None, "Assigned", True),  # the address not shown yet
        ("38.80.122.15", None, True),  # decided from ip_address
        (None, "ATTACHED", False),  # a word the docs do not contain means nothing
    ],
)
def test_public_ip_is_decided_from_ip_address(ip_address: str | None, ip_status: str | None, has: bool) -> None:
    data = {**RESTORE_SNAPSHOT["data"], "ip_address": ip_address, "ip_status": ip_status}
    with mock_client({("GET", "/instances/BRK-901234D/"): {"success": True, "data": data}}) as c:
        assert c.instances.get("BRK-901234D").public_ip is has


# ---------------------------------------------------------------------------------------------------------------
# ... and the emulator answers in the same shapes


def test_emulator_restore_answers_as_the_example(client: BarrackClient, make_instance: Any, raw: httpx.Client) -> None:
    src = make_instance("src-vm")
    resp = raw.post("/snapshots/", json={"instance_id": src.id, "name": "nightly"})
    snap = resp.json()["data"]
    resp = raw.post(f"/snapshots/{snap['id']}/restore/", json={"new_vm_name": "restored-vm"})
    assert resp.status_code == 200  # D: 200, not 201
    body = resp.json()
    assert covers(body, RESTORE_SNAPSHOT) == []
    assert body["snapshot"] == {"id": snap["id"], "name": "nightly"} and body["tier"] == "legacy"
    assert body["data"]["ip_status"] == "assigned" and body["data"]["boot_source"] == "snapshot"
    inst = client.instances.get(body["data"]["instance_id"])
    assert inst.public_ip is True


def test_emulator_custom_images_list_is_the_example_shape(emulator: Any, raw: httpx.Client) -> None:
    emulator.seed("images", 1)
    body = raw.get("/custom-images/").json()
    assert covers(body, CUSTOM_IMAGES_LIST) == []
    assert "data" not in body and set(body) - set(CUSTOM_IMAGES_LIST) <= {"message", "request_id", "timestamp"}
    img = body["images"][0]
    assert img["id"].isdigit() and img["type"] == "Snapshot" and img["size"].endswith(" GB")


def test_emulator_error_envelope_is_the_example(raw: httpx.Client) -> None:
    resp = raw.get("/snapshots/", params={"page": 0})
    assert resp.status_code == 400 and resp.json() == {**LIST_SNAPSHOTS_ERROR, "request_id": resp.json()["request_id"]}


@pytest.mark.parametrize("path", ["/instances/billing/", "/volumes/billing/", "/snapshots/billing/"])
def test_emulator_billing_is_the_documented_shape(
    emulator: Any, raw: httpx.Client, client: BarrackClient, path: str
) -> None:
    emulator.seed(path.split("/")[1], 2)
    assert covers(raw.get(path).json(), BILLING_LIST) == []
    kind = path.split("/")[1]
    page = getattr(client.billing, kind)()
    assert len(page) == 2 and page.summary is not None and page.summary.currency == "USD"
    assert page.summary.total_amount == pytest.approx(sum(r.amount or 0 for r in page), abs=1e-5)


def test_emulator_pricing_is_the_documented_shape(raw: httpx.Client, client: BarrackClient) -> None:
    assert covers(raw.post("/pricing/", json={}).json(), PRICING) == []
    assert covers(raw.get("/pricing/").json(), PRICING) == []
    assert client.pricing.query().gpu_price("RTX-A6000") == client.pricing.get().gpu_price("RTX-A6000") == 0.69


# ---------------------------------------------------------------------------------------------------------------
# Documented rules on request bodies: the client refuses before sending, the emulator refuses with a 400 on the same
# field; each row's good twin passes both.

LONG = "a" * 256
VOL = {"name": "data-1", "region": "CANADA-1", "size_gb": 100, "volume_type": "SSD"}
ADV = {"name": "data-1", "region": "FINLAND-1", "size_gb": 100, "volume_type": "NVMe"}
VM = {"name": "vm-1", "region": "CANADA-1", "gpu_model": "RTX-A6000", "gpu_count": 1, "image": UBUNTU}
BAD_BODIES: list[tuple[str, str, type[Any], str, dict[str, Any], str]] = [
    # id, path, client model, D/I, body, field
    ("volume-name-short", "/volumes/", VolumeCreate, "D", {**VOL, "name": "ab"}, "name"),
    ("volume-name-long", "/volumes/", VolumeCreate, "D", {**VOL, "name": "a" * 31}, "name"),
    ("volume-name-leading-dash", "/volumes/", VolumeCreate, "D", {**VOL, "name": "-abc"}, "name"),
    ("volume-name-trailing-underscore", "/volumes/", VolumeCreate, "D", {**VOL, "name": "abc_"}, "name"),
    ("volume-name-space", "/volumes/", VolumeCreate, "D", {**VOL, "name": "a b c"}, "name"),
    ("ssd-below-100", "/volumes/", VolumeCreate, "D", {**VOL, "size_gb": 99}, "size_gb"),
    ("ssd-above-102400", "/volumes/", VolumeCreate, "D", {**VOL, "size_gb": 102_401}, "size_gb"),
    ("nvme-above-10000", "/volumes/", VolumeCreate, "D", {**ADV, "size_gb": 10_001}, "size_gb"),
    ("hdd-above-16000", "/volumes/", VolumeCreate, "D", {**ADV, "volume_type": "HDD", "size_gb": 16_001}, "size_gb"),
    ("hdd-below-100", "/volumes/", VolumeCreate, "D", {**ADV, "volume_type": "HDD", "size_gb": 99}, "size_gb"),
    ("ssd-not-on-advanced", "/volumes/", VolumeCreate, "D", {**ADV, "volume_type": "SSD"}, "volume_type"),
    ("nvme-not-on-legacy", "/volumes/", VolumeCreate, "D", {**VOL, "volume_type": "NVMe"}, "volume_type"),
    ("bootable-legacy-only", "/volumes/", VolumeCreate, "D", {**ADV, "bootable": True, "image": UBUNTU}, "bootable"),
    ("bootable-needs-ubuntu", "/volumes/", VolumeCreate, "D", {**VOL, "bootable": True, "image": "Debian 12"}, "image"),
    ("bootable-needs-image", "/volumes/", VolumeCreate, "D", {**VOL, "bootable": True}, "image"),
    ("volume-unknown-region", "/volumes/", VolumeCreate, "D", {**VOL, "region": "MARS-1"}, "region"),
    ("gpu-count-3", "/instances/", InstanceCreate, "I", {**VM, "gpu_count": 3}, "gpu_count"),
    ("rtx-a6000-max-4", "/instances/", InstanceCreate, "D", {**VM, "gpu_count": 8}, "gpu_count"),
    (
        "advanced-gpu-in-legacy-region",
        "/instances/",
        InstanceCreate,
        "D",
        {**VM, "gpu_model": "H100-SXM5-80GB"},
        "gpu_model",
    ),
    ("legacy-gpu-in-advanced-region", "/instances/", InstanceCreate, "D", {**VM, "region": "ICELAND-1"}, "gpu_model"),
    ("unknown-gpu", "/instances/", InstanceCreate, "D", {**VM, "gpu_model": "A100"}, "gpu_model"),
    (
        "cloud-init-over-16kb",
        "/instances/",
        InstanceCreate,
        "D",
        {**VM, "cloud_init": "x" * (16 * 1024 + 1)},
        "cloud_init",
    ),
    ("instance-name-51", "/instances/", InstanceCreate, "I", {**VM, "name": "a" * 51}, "name"),
    ("instance-needs-ssh-key", "/instances/", InstanceCreate, "D", {**VM, "ssh_key_ids": []}, "ssh_key_ids"),
    (
        "firewall-description-256",
        "/firewalls/",
        FirewallCreate,
        "D",
        {"name": "fw", "region": "CANADA-1", "description": LONG},
        "description",
    ),
    ("firewall-name-slash", "/firewalls/", FirewallCreate, "I", {"name": "fw/1", "region": "CANADA-1"}, "name"),
    ("ssh-key-name-space", "/ssh-keys/", SshKeyCreate, "I", {"name": "my key", "public_key": ED25519}, "name"),
    (
        "ssh-key-type-dss",
        "/ssh-keys/",
        SshKeyCreate,
        "D",
        {"name": "k1", "public_key": "ssh-dss AAAAB3NzaC1kc3MAAACBAP k"},
        "public_key",
    ),
    ("pricing-currency", "/pricing/", PricingQuery, "D", {"currency": "GBP"}, "currency"),
    ("pricing-tier", "/pricing/", PricingQuery, "D", {"tier": "basic"}, "tier"),
    ("pricing-volume-type", "/pricing/", PricingQuery, "D", {"volume_type": "Tape"}, "volume_type"),
    (
        "chat-no-messages",
        "/ai/chat/completions/",
        ChatCompletionsRequest,
        "I",
        {"model": "llama-3.1-8b-instruct", "messages": []},
        "messages",
    ),
    (
        "chat-temperature",
        "/ai/chat/completions/",
        ChatCompletionsRequest,
        "I",
        {"model": "llama-3.1-8b-instruct", "messages": [{"role": "user", "content": "hi"}], "temperature": 3.0},
        "temperature",
    ),
    (
        "chat-max-tokens",
        "/ai/chat/completions/",
        ChatCompletionsRequest,
        "I",
        {"model": "llama-3.1-8b-instruct", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 0},
        "max_tokens",
    ),
    (
        "chat-role",
        "/ai/chat/completions/",
        ChatCompletionsRequest,
        "I",
        {"model": "llama-3.1-8b-instruct", "messages": [{"role": "robot", "content": "hi"}]},
        "messages.0.role",
    ),
    ("snapshot-images-empty", "/snapshots/images/", SnapshotImagesRequest, "I", {"snapshot_ids": []}, "snapshot_ids"),
]
GOOD_BODIES: list[tuple[str, str, type[Any], dict[str, Any]]] = [
    ("ssd-100", "/volumes/", VolumeCreate, VOL),
    ("ssd-102400", "/volumes/", VolumeCreate, {**VOL, "size_gb": 102_400}),
    ("nvme-10000", "/volumes/", VolumeCreate, {**ADV, "size_gb": 10_000}),
    ("hdd-16000", "/volumes/", VolumeCreate, {**ADV, "volume_type": "HDD", "size_gb": 16_000}),
    ("volume-name-3", "/volumes/", VolumeCreate, {**VOL, "name": "a-1"}),
    ("volume-name-30", "/volumes/", VolumeCreate, {**VOL, "name": "a" * 30}),
    ("bootable-ubuntu-legacy", "/volumes/", VolumeCreate, {**VOL, "bootable": True, "image": UBUNTU}),
    ("h100-pcie-x8", "/instances/", InstanceCreate, {**VM, "gpu_model": "H100-PCIe-NVLink-80GB", "gpu_count": 8}),
    (
        "b300-x8-advanced",
        "/instances/",
        InstanceCreate,
        {**VM, "region": "FINLAND-3", "gpu_model": "B300-262GB", "gpu_count": 8},
    ),
    ("cloud-init-16kb", "/instances/", InstanceCreate, {**VM, "cloud_init": "x" * (16 * 1024)}),
    (
        "firewall-description-255",
        "/firewalls/",
        FirewallCreate,
        {"name": "fw", "region": "CANADA-1", "description": LONG[:255]},
    ),
    ("pricing-inr-advanced", "/pricing/", PricingQuery, {"currency": "INR", "tier": "advanced"}),
    (
        "chat-ok",
        "/ai/chat/completions/",
        ChatCompletionsRequest,
        {
            "model": "llama-3.1-8b-instruct",
            "messages": [{"role": "user", "content": "hi"}],
            "temperature": 2.0,
            "max_tokens": 1,
        },
    ),
]


def with_key(body: dict[str, Any], key_id: str) -> dict[str, Any]:
    return {"ssh_key_ids": [key_id], **body} if "gpu_model" in body else body


@pytest.mark.parametrize("case", BAD_BODIES, ids=[c[0] for c in BAD_BODIES])
def test_bad_body_is_refused_by_client_and_emulator(
    case: tuple[str, str, type[Any], str, dict[str, Any], str], raw: httpx.Client, key_id: str, emulator: Any
) -> None:
    _id, path, model, _mark, body, field = case
    with pytest.raises(errors.ValidationError) as info:
        model(**with_key(body, key_id))
    assert field in info.value.field_errors, info.value.field_errors
    resp = raw.post(path, json=with_key(body, key_id))
    assert resp.status_code == 400, resp.text
    assert resp.json()["error_code"] == "VALIDATION_ERROR" and field in resp.json()["errors"], resp.text
    assert sum(emulator.state()["counts"].values()) == 1  # only the SSH key: nothing was created


@pytest.mark.parametrize("case", GOOD_BODIES, ids=[c[0] for c in GOOD_BODIES])
def test_good_boundary_is_accepted_by_client_and_emulator(
    case: tuple[str, str, type[Any], dict[str, Any]], raw: httpx.Client, key_id: str
) -> None:
    _id, path, model, body = case
    sent = model(**with_key(body, key_id)).to_body()
    resp = raw.post(path, json=sent)
    assert resp.status_code in (200, 201), resp.text


# ---------------------------------------------------------------------------------------------------------------
# Documented rules on state, prices and paging (client over loopback against the emulator)


def test_page_zero_is_400_and_default_page_size_is_20(emulator: Any, raw: httpx.Client) -> None:
    emulator.seed("snapshots", 25)
    assert raw.get("/snapshots/", params={"page": 0}).json()["errors"] == {
        "page": ["Ensure this value is greater than or equal to 1."]
    }
    assert raw.get("/snapshots/").json()["page_size"] == 20  # D (examples)
    assert len(raw.get("/snapshots/", params={"pageSize": 25}).json()["snapshots"]) == 25  # camelCase (D)


def test_ids_have_the_documented_forms(client: BarrackClient, make_instance: Any, emulator: Any) -> None:
    inst = make_instance()
    emulator.seed("images", 1)
    snap = next(iter(client.snapshots.list()))
    assert inst.id.startswith("BRK-") and inst.id.endswith("D") and inst.id[4:-1].isdigit()
    assert snap.id.startswith("BRK-") and snap.id.endswith("S")
    assert next(iter(client.images.list())).id.isdigit()


def test_restore_answers_200_and_the_client_keeps_the_snapshot(client: BarrackClient, make_instance: Any) -> None:
    src = make_instance("src-vm")
    snap = client.snapshots.create(SnapshotCreate(instance_id=src.id, name="nightly"))
    inst = client.snapshots.restore(snap.id, "copy-vm")
    assert inst.snapshot is not None and inst.snapshot.id == snap.id and inst.snapshot.name == "nightly"
    assert inst.boot_source == "snapshot" and inst.tier == "legacy" and inst.public_ip is True


def test_public_ip_round_trip_uses_the_documented_words(
    client: BarrackClient, make_instance: Any, raw: httpx.Client
) -> None:
    inst = make_instance(public_ip=False)
    assert inst.public_ip is False and inst.ip_status == "unassigned" and inst.ip_address is None
    on = raw.post(f"/instances/{inst.id}/toggle-public-ip/", json={"enable": True}).json()["data"]
    assert on["ip_status"] == "assigned" and on["ip_address"]
    assert client.instances.get(inst.id).public_ip is True


@pytest.mark.parametrize("region,gpu", [("CANADA-1", "RTX-A6000"), ("FINLAND-1", "H100-SXM5-80GB")])
def test_attach_and_detach_need_shutoff_on_both_tiers(
    client: BarrackClient, make_instance: Any, raw: httpx.Client, region: str, gpu: str
) -> None:
    inst = make_instance(region=region, gpu_model=gpu)
    vtype = "SSD" if region == "CANADA-1" else "NVMe"
    vol = client.volumes.create(VolumeCreate(name="att-1", region=region, size_gb=100, volume_type=vtype))
    resp = raw.post(f"/instances/{inst.id}/attach-volumes/", json={"volume_ids": [vol.id]})
    assert resp.status_code == 400 and resp.json()["error_code"] == "INVALID_STATE"  # ACTIVE: refused (D)
    raw.post(f"/instances/{inst.id}/stop/")
    assert raw.post(f"/instances/{inst.id}/attach-volumes/", json={"volume_ids": [vol.id]}).status_code == 200
    raw.post(f"/instances/{inst.id}/start/")
    resp = raw.post(f"/instances/{inst.id}/detach-volumes/", json={"volume_ids": [vol.id]})
    assert resp.status_code == 400 and resp.json()["error_code"] == "INVALID_STATE"


def test_volume_min_balance_per_currency(emulator: Any, raw: httpx.Client) -> None:
    emulator.configure(balance=0.99)
    resp = raw.post("/volumes/", json=VOL)
    assert (
        resp.status_code == 402
        and resp.json()["error_code"] == "INSUFFICIENT_BALANCE"
        and "1.00 USD" in resp.json()["message"]
    )
    emulator.configure(balance=1.0)
    assert raw.post("/volumes/", json=VOL).status_code == 201


def test_documented_prices(client: BarrackClient) -> None:
    pricing = client.pricing.get()
    assert {g.gpu_model: g.prices["USD"] for g in pricing.gpus} == {
        "H100-PCIe-NVLink-80GB": 2.29,
        "RTX-A6000": 0.69,
        "H100-SXM5-80GB": 2.49,
        "B300-262GB": 5.79,
    }
    month = {v.volume_type: v.model_extra["prices_per_gb_month"] for v in pricing.volumes if v.model_extra}
    assert month["SSD"] == {"USD": 0.10, "EUR": 0.10, "INR": 10.0}
    assert month["NVMe"]["USD"] == 0.30 and month["HDD"]["USD"] == 0.08
    hourly = {v.volume_type: v.prices["USD"] for v in pricing.volumes}
    assert hourly["NVMe"] == pytest.approx(0.30 / 730) and hourly["HDD"] == pytest.approx(0.08 / 730)


def test_volumes_bill_monthly_over_730_and_hibernated_at_one_cent(
    client: BarrackClient, make_instance: Any, emulator: Any, raw: httpx.Client
) -> None:
    vol = client.volumes.create(VolumeCreate(name="bill-1", region="FINLAND-1", size_gb=730, volume_type="HDD"))
    inst = make_instance()
    raw.post(f"/instances/{inst.id}/hibernate/")
    emulator.advance_clock(3600)
    vols = {r.id: r.amount for r in client.volumes.billing()}
    assert vols[vol.id] == pytest.approx(0.08, abs=1e-4)  # 730 GB x 0.08 / GB-month / 730 h
    hib = client.instances.hibernated()
    assert hib.count == 1 and hib.billing_metrics is not None and hib.billing_metrics.hibernated_hourly_rate == 0.01
    assert [h.id for h in hib.recent_hibernations] == [inst.id]
    amount = next(r.amount for r in client.instances.billing() if r.id == inst.id)
    assert amount == pytest.approx(0.01, abs=1e-3)  # transitional states free, HIBERNATED 0.01 / h (D)


def test_state_rules_deletes(client: BarrackClient, make_instance: Any, raw: httpx.Client) -> None:
    inst = make_instance()
    fw = client.firewalls.create(FirewallCreate(name="fw-del", region="CANADA-1"))
    raw.post(f"/firewalls/{fw.id}/attach/", json={"instance_ids": [inst.id]})
    resp = raw.delete(f"/firewalls/{fw.id}/")
    assert resp.status_code == 400 and resp.json()["error_code"] == "INVALID_STATE"  # attached: no delete (D)
    vol = client.volumes.create(VolumeCreate(**VOL))
    raw.post(f"/instances/{inst.id}/stop/")
    raw.post(f"/instances/{inst.id}/attach-volumes/", json={"volume_ids": [vol.id]})
    assert raw.delete(f"/volumes/{vol.id}/").json()["error_code"] == "INVALID_STATE"  # delete only detached (D)


def test_tier_only_features(client: BarrackClient, make_instance: Any, raw: httpx.Client) -> None:
    adv = make_instance(region="FINLAND-1", gpu_model="H100-SXM5-80GB")
    resp = raw.post("/snapshots/", json={"instance_id": adv.id, "name": "s"})
    assert resp.status_code == 400 and "instance_id" in resp.json()["errors"]  # snapshots: legacy only (D)
    leg = client.volumes.create(VolumeCreate(**VOL))
    for action, body in (("resize", {"size_gb": 200}), ("clone", {"name": "copy-1"})):
        assert raw.post(f"/volumes/{leg.id}/{action}/", json=body).status_code == 400  # advanced only (D)
    with pytest.raises(errors.ValidationError):
        client.volumes.resize(leg.id, 200)


def test_twenty_five_firewalls_per_account(emulator: Any, raw: httpx.Client) -> None:
    emulator.seed("firewalls", 25)
    resp = raw.post("/firewalls/", json={"name": "fw-26", "region": "CANADA-1"})
    assert resp.status_code == 403  # D: 25 per account


def test_every_path_ends_with_a_slash(raw: httpx.Client) -> None:
    from shared_client import contract

    assert all(e.path.endswith("/") for e in contract.ENDPOINTS.values())
    assert raw.get("/volumes").status_code == 404


def test_snapshot_image_relationship_through_the_client(client: BarrackClient, make_instance: Any) -> None:
    src = make_instance()
    s1 = client.snapshots.create(SnapshotCreate(instance_id=src.id, name="s1"))
    s2 = client.snapshots.create(SnapshotCreate(instance_id=src.id, name="s2"))
    img = client.images.create(CustomImageCreate(snapshot_id=s1.id, name="img-1"))
    rel = client.snapshots.image(s1.id)
    assert (rel.snapshot_id, rel.is_image, rel.image_id, rel.image_name) == (s1.id, True, img.id, "img-1")
    rels = client.snapshots.images([s1.id, s2.id])
    assert [(r.snapshot_id, r.is_image) for r in rels] == [(s1.id, True), (s2.id, False)]
    got = client.snapshots.get(s1.id)
    assert got.is_image is True and got.vm_name == "ct-vm" and got.gpu_type == "RTX-A6000" and got.vcpus == 8
    with pytest.raises(errors.ValidationError):
        client.snapshots.images([])


def test_ai_chat_models_usage_through_the_client(client: BarrackClient) -> None:
    models = client.ai.models()
    assert models and all(m.price_per_1k_tokens for m in models)
    before = client.balance.get().balance
    out = client.ai.chat(model=models[0].id, messages=[{"role": "user", "content": "ping pong"}])
    assert out.text == "Echo : ping pong" and out.usage is not None and out.usage.total_tokens == 6
    out2 = client.ai.chat(ChatCompletionsRequest(model=models[0].id, messages=[{"role": "user", "content": "x"}]))
    spent = before - client.balance.get().balance
    summary = client.ai.usage_summary()
    history = list(client.ai.usage_history())
    assert summary.total_requests == 2 and summary.total_cost == pytest.approx(spent, abs=1e-7)
    assert [t.id for t in history] == [out2.id, out.id]
    first = client.ai.usage_history_page(1, 1)
    assert [t.id for t in first.transactions] == [out2.id] and first.total_count == 2 and first.has_next is True
    assert sum(t.cost or 0 for t in history) == pytest.approx(spent, abs=1e-7)
    with pytest.raises(TypeError):
        client.ai.chat(ChatCompletionsRequest(model="m", messages=[{"role": "user", "content": "x"}]), model="m")


def test_ssh_key_rules(
    client: BarrackClient, make_instance: Any, key_id: str, emulator: Any, raw: httpx.Client
) -> None:
    make_instance()
    resp = raw.delete(f"/ssh-keys/{key_id}/")
    assert resp.status_code == 400 and resp.json()["error_code"] == "INVALID_STATE"  # used by a live instance (D)
    emulator.seed("ssh_keys", 24)  # 25 with the fixture's key (D: 25 keys)
    with pytest.raises(errors.PermissionDenied):
        client.ssh_keys.create(SshKeyCreate(name="one-too-many", public_key=ED25519))


def test_shutoff_bills_at_full_rate(client: BarrackClient, make_instance: Any, emulator: Any) -> None:
    inst = client.instances.ensure_power_state(make_instance().id, "stopped", timeout=10).obj
    emulator.advance_clock(3600)
    amount = next(r.amount for r in client.instances.billing() if r.id == inst.id)
    assert amount == pytest.approx(0.69, abs=1e-3)  # D: ACTIVE and SHUTOFF at the full rate
