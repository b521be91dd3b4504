"""Catalogue and account endpoints; the client's static catalogue agrees with the server's."""

from __future__ import annotations

import pytest

from shared_client import BarrackClient, vocabulary
from shared_client.models import PricingQuery


def test_regions_and_tiers_match_client_catalog(client: BarrackClient) -> None:
    regions = {r.name: r.tier for r in client.regions.list()}
    assert regions == vocabulary.REGIONS


def test_gpu_specs_match_client_catalog(client: BarrackClient) -> None:
    specs = {g.gpu_model: (g.tier, g.max_count) for g in client.gpu_specs.list()}
    assert specs == {k: (v.tier, v.max_count) for k, v in vocabulary.GPU_MODELS.items()}


def test_volume_types_match_client_catalog(client: BarrackClient) -> None:
    types = {t.name: (t.tier, t.min_gb, t.max_gb) for t in client.volumes.types()}
    assert types == {k: tuple(v) for k, v in vocabulary.VOLUME_TYPES.items()}


def test_protocols_match_client_catalog(client: BarrackClient) -> None:
    assert set(client.firewalls.protocols()) == set(vocabulary.PROTOCOLS)


def test_os_images_and_stock(client: BarrackClient) -> None:
    images = client.os_images.list()
    assert any(i.name.startswith("Ubuntu") for i in images)
    stock = client.gpu_stock.list(region="CANADA-1")
    assert stock and all(s.region == "CANADA-1" for s in stock)
    assert all(s.gpu_model in vocabulary.GPU_MODELS for s in stock)
    assert stock[0].free(1) > 0


@pytest.mark.parametrize(
    "model,count,price",
    [("RTX-A6000", 2, 0.69), ("H100-SXM5-80GB", 1, 2.49), ("B300-262GB", 8, 5.79), ("H100-PCIe-NVLink-80GB", 4, 2.29)],
)
def test_pricing_documented_prices(client: BarrackClient, model: str, count: int, price: float) -> None:
    assert client.pricing.hourly_cost(model, count) == pytest.approx(price * count)
    full = client.pricing.get(PricingQuery(currency="USD"))
    assert full.gpu_price(model, "USD") == pytest.approx(price)


def test_balance(client: BarrackClient) -> None:
    b = client.balance.get()
    assert b.balance > 0 and b.currency in vocabulary.CURRENCIES
