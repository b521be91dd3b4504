"""Catalogue and account read models (regions, GPUs, stock, OS images, balance, pricing, billing)."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from shared_client import vocabulary
from shared_client.fields import FieldMode, spec
from shared_client.models.base import Id, ReadModel, RequestModel


class Region(ReadModel):
    name: str
    tier: str | None = None
    gpu_models: list[str] = Field(default_factory=list)
    status: str | None = None

    @property
    def id(self) -> str:
        return self.name


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


class OsImage(ReadModel):
    name: str
    os: str | None = None
    version: str | None = None
    regions: list[str] = Field(default_factory=list)
    status: str | None = None

    @property
    def id(self) -> str:
        return self.name


class Balance(ReadModel):
    balance: float
    currency: str | None = None
    status: str | None = None

    @property
    def id(self) -> str:
        return "balance"

    @property
    def name(self) -> str:
        return "balance"


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

    gpus: list[Price] = Field(default_factory=list)
    volumes: list[Price] = Field(default_factory=list)
    snapshots: list[Price] = Field(default_factory=list)
    metadata: dict[str, Any] = Field(default_factory=dict)
    estimate: Estimate | None = None
    status: str | None = None

    @property
    def id(self) -> str:
        return "pricing"

    @property
    def name(self) -> str:
        return "pricing"

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

    tier: str | None = spec(C, None, description="legacy | advanced")
    currency: str | None = spec(C, None, description="USD | EUR | INR")
    resource_type: str | None = spec(C, None)
    volume_size_gb: int | None = spec(C, None)
    volume_type: str | None = spec(C, None)
    gpu_model: str | None = spec(C, None)
    gpu_count: int | None = spec(C, None)

    @field_validator("tier")
    @classmethod
    def _tier(cls, v: str | None) -> str | None:
        if v is not None and v not in vocabulary.TIERS:
            raise ValueError("must be 'legacy' or 'advanced'")
        return v

    @field_validator("currency")
    @classmethod
    def _currency(cls, v: str | None) -> str | None:
        if v is not None and v not in vocabulary.CURRENCIES:
            raise ValueError(f"must be one of {', '.join(sorted(vocabulary.CURRENCIES))}")
        return v

    @field_validator("gpu_model")
    @classmethod
    def _gpu_model(cls, v: str | None) -> str | None:
        if v is not None and v not in vocabulary.GPU_MODELS:
            raise ValueError(f"unknown GPU model {v!r}; one of {', '.join(vocabulary.GPU_MODELS)}")
        return v

    @field_validator("gpu_count")
    @classmethod
    def _gpu_count(cls, v: int | None) -> int | None:
        if v is not None and v not in vocabulary.GPU_COUNTS:
            raise ValueError(f"must be one of {', '.join(map(str, vocabulary.GPU_COUNTS))}")
        return v

    @field_validator("volume_type")
    @classmethod
    def _volume_type(cls, v: str | None) -> str | None:
        if v is not None and v not in vocabulary.VOLUME_TYPES:
            raise ValueError(f"unknown volume type {v!r}; one of {', '.join(vocabulary.VOLUME_TYPES)}")
        return v

    @field_validator("volume_size_gb")
    @classmethod
    def _size(cls, v: int | None) -> int | None:
        if v is not None and v < 1:
            raise ValueError("must be a positive number of GB")
        return v
