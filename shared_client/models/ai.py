"""AI Chat (D: four endpoints and the schema names; every field name I, OpenAI style)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared_client.fields import FieldMode, spec
from shared_client.models.base import Id, ReadModel, RequestModel
from shared_client.models.types import NotBlank, one_of

CHAT_ROLES = frozenset({"system", "user", "assistant"})  # I (OpenAI style)
MAX_TEMPERATURE = 2.0  # I (OpenAI range 0..2)


class AIModel(ReadModel):
    """One model of `ModelsResponse`: id, name, context length and price per 1,000 tokens."""

    id: Id
    name: str | None = None
    context_length: int | None = None
    price_per_1k_tokens: float | None = None
    currency: str | None = None


class ModelsResponse(ReadModel):
    models: list[AIModel] = Field(default_factory=list)


class ChatMessage(ReadModel):
    role: str | None = None
    content: str | None = None


class ChatMessageSpec(BaseModel):
    """One message of a chat request (validated inside `ChatCompletionsRequest`, so errors name
    ``messages.<n>.<field>``)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    role: Annotated[str, one_of(CHAT_ROLES)]
    content: str


class ChatCompletionsRequest(RequestModel):
    """`ChatCompletionsRequest`: `{model, messages[{role, content}], max_tokens?, temperature?}`."""

    model: NotBlank = spec(FieldMode.CREATE_ONLY, description="an id from GET /ai/models/")
    messages: list[ChatMessageSpec] = spec(FieldMode.CREATE_ONLY, description="at least one message")
    max_tokens: int | None = spec(FieldMode.CREATE_ONLY, None, description="at least 1")
    temperature: float | None = spec(FieldMode.CREATE_ONLY, None, description="0 to 2")

    @field_validator("messages")
    @classmethod
    def _messages(cls, v: list[ChatMessageSpec]) -> list[ChatMessageSpec]:
        if not v:
            raise ValueError("at least one message is required")
        return v

    @field_validator("max_tokens")
    @classmethod
    def _max_tokens(cls, v: int | None) -> int | None:
        if v is not None and v < 1:
            raise ValueError("must be at least 1")
        return v

    @field_validator("temperature")
    @classmethod
    def _temperature(cls, v: float | None) -> float | None:
        if v is not None and not 0.0 <= v <= MAX_TEMPERATURE:
            raise ValueError(f"must be between 0 and {MAX_TEMPERATURE:g}")
        return v


class ChatChoice(ReadModel):
    index: int | None = None
    message: ChatMessage | None = None
    finish_reason: str | None = None


class ChatUsage(ReadModel):
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None


class ChatCompletionsResponse(ReadModel):
    """`ChatCompletionsResponse`: `{id, model, choices[{index, message, finish_reason}], usage}`; `cost` and
    `currency` of the call when the server sends them (I)."""

    id: Id
    model: str | None = None
    choices: list[ChatChoice] = Field(default_factory=list)
    usage: ChatUsage | None = None
    cost: float | None = None
    currency: str | None = None
    created_at: str | None = None

    @property
    def text(self) -> str | None:
        """The first choice's message content."""
        first = self.choices[0] if self.choices else None
        return first.message.content if first is not None and first.message is not None else None


class AITransaction(ReadModel):
    """One billed chat call (`AITransaction`)."""

    id: Id
    model: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None
    cost: float | None = None
    currency: str | None = None
    created_at: str | None = None


class ModelUsage(ReadModel):
    """Totals of one model inside a usage summary."""

    model: str
    requests: int | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None
    cost: float | None = None


class UsageSummaryResponse(ReadModel):
    """`UsageSummaryResponse`: totals of tokens and cost, per model, over a period."""

    total_requests: int | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None
    total_cost: float | None = None
    currency: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    by_model: list[ModelUsage] = Field(default_factory=list)


class UsageHistoryResponse(ReadModel):
    """`UsageHistoryResponse`: a page of `AITransaction`s (standard page fields)."""

    transactions: list[AITransaction] = Field(default_factory=list)
    total_count: int | None = None
    page: int | None = None
    page_size: int | None = None
    has_next: bool | None = None
