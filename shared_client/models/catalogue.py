"""Catalogue and account read models (regions, GPUs, stock, OS images, balance, pricing, billing)."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import Field, field_validator

from shared_client import vocabulary
from shared_client.fields import FieldMode, spec
from shared_client.models.base import Id, NameKeyed, ReadModel, RequestModel
from shared_client.models.types import GpuCount, GpuModelName, VolumeTypeName, one_of


class Region(NameKeyed):
    tier: str | None = None
    gpu_models: list[str] = Field(default_factory=list)
    status: str | None = None


class GpuSpec(ReadModel):
    gpu_model: str
    tier: str | None = None
    max_count: int | None = None
    vram_gb: float | None = None
    counts: list[int] = Field(default_factory=list)
    status: str | None = None

    @property
    def id(self) -> str:
        return self.gpu_model

    @property
    def name(self) -> str:
        return self.gpu_model


class GpuStock(ReadModel):
    region: str
    gpu_model: str
    available: dict[str, int] = Field(default_factory=dict)  # {"1x": n, "2x": n, "4x": n, "8x": n}
    status: str | None = None

    @property
    def id(self) -> str:
        return f"{self.region}/{self.gpu_model}"

    @property
    def name(self) -> str:
        return self.id

    def free(self, gpu_count: int) -> int:
        """Machines free for `gpu_count` GPUs."""
        return self.available.get(f"{gpu_count}x", 0)


class OsImage(NameKeyed):
    os: str | None = None
    version: str | None = None
    regions: list[str] = Field(default_factory=list)
    status: str | None = None


class Balance(ReadModel):
    id: ClassVar[str] = "balance"
    name: ClassVar[str] = "balance"

    balance: float
    currency: str | None = None
    status: str | None = None


class Price(ReadModel):
    """One price row: per GPU-hour (gpus) or per GB-hour (volumes, snapshots)."""

    gpu_model: str | None = None
    volume_type: str | None = None
    tier: str | None = None
    prices: dict[str, float] = Field(default_factory=dict)


class Estimate(ReadModel):
    hourly: float | None = None
    currency: str | None = None


class Pricing(ReadModel):
    """`pricing_data` of POST /pricing/."""

    id: ClassVar[str] = "pricing"
    name: ClassVar[str] = "pricing"

    gpus: list[Price] = Field(default_factory=list)
    volumes: list[Price] = Field(default_factory=list)
    snapshots: list[Price] = Field(default_factory=list)
    metadata: dict[str, Any] = Field(default_factory=dict)
    estimate: Estimate | None = None
    status: str | None = None

    def gpu_price(self, gpu_model: str, currency: str = "USD") -> float | None:
        """Price per GPU-hour of `gpu_model` in `currency`, or None when not listed."""
        for p in self.gpus:
            if p.gpu_model == gpu_model and currency in p.prices:
                return p.prices[currency]
        return None


class BillingRecord(ReadModel):
    resource_id: Id
    resource_type: str | None = None
    name: str | None = None
    status: str | None = None
    hours: float | None = None
    amount: float | None = None
    currency: str | None = None
    period_start: str | None = None

    @property
    def id(self) -> str:
        return self.resource_id


C = FieldMode.CREATE_ONLY


class PricingQuery(RequestModel):
    """Body of POST /pricing/ (D). Every field is optional; only the ones set are sent."""

    tier: Annotated[str, one_of(vocabulary.TIERS, message="must be 'legacy' or 'advanced'")] | None = spec(
        C, None, description="legacy | advanced"
    )
    currency: Annotated[str, one_of(vocabulary.CURRENCIES)] | None = spec(C, None, description="USD | EUR | INR")
    resource_type: str | None = spec(C, None)
    volume_size_gb: int | None = spec(C, None)
    volume_type: VolumeTypeName | None = spec(C, None)
    gpu_model: GpuModelName | None = spec(C, None)
    gpu_count: GpuCount | None = spec(C, None)

    @field_validator("volume_size_gb")
    @classmethod
    def _size(cls, v: int | None) -> int | None:
        if v is not None and v < 1:
            raise ValueError("must be a positive number of GB")
        return v
