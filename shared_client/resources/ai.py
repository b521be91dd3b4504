"""AI Chat sub-client: models, chat completions, usage summary and history (front-ends expose only the read-only
data). A chat call is billed and has no idempotency key: never retried after it may have reached the server."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from shared_client import contract
from shared_client.errors import ValidationError
from shared_client.models.ai import (
    AIModel,
    AITransaction,
    ChatCompletionsRequest,
    ChatCompletionsResponse,
    ModelsResponse,
    UsageHistoryResponse,
    UsageSummaryResponse,
)
from shared_client.pagination import iter_items
from shared_client.resources.base import SubClient


class AIClient(SubClient):
    attr = "ai"

    def models(self) -> list[AIModel]:
        """The models available for chat (`ModelsResponse.models`)."""
        return ModelsResponse.model_validate(self._t.call("ai.models") or {}).models

    def chat(
        self,
        request: ChatCompletionsRequest | None = None,
        /,
        *,
        model: str | None = None,
        messages: Sequence[Mapping[str, Any]] | None = None,
        max_tokens: int | None = None,
        temperature: float | None = None,
    ) -> ChatCompletionsResponse:
        """One chat completion: a `ChatCompletionsRequest`, or its fields as keywords (validated before sending)."""
        if request is None:
            options = {"max_tokens": max_tokens, "temperature": temperature}
            fields = {k: v for k, v in options.items() if v is not None}
            request = ChatCompletionsRequest(model=model, messages=list(messages or []), **fields)
        elif any(v is not None for v in (model, messages, max_tokens, temperature)):
            raise TypeError("ai.chat takes a ChatCompletionsRequest or keywords, not both")
        data = self._t.call("ai.chat", json=request.to_body())
        return ChatCompletionsResponse.model_validate(data)

    def usage_summary(self) -> UsageSummaryResponse:
        """Totals of tokens and cost, per model (`UsageSummaryResponse`)."""
        return UsageSummaryResponse.model_validate(self._t.call("ai.usage_summary") or {})

    def usage_history(self) -> Iterator[AITransaction]:
        """Every billed chat call, newest first (all pages of `UsageHistoryResponse.transactions`)."""
        for tx in iter_items(self._t, "ai.usage_history"):
            yield AITransaction.model_validate(tx)

    def usage_history_page(self, page: int = 1, page_size: int = contract.DEFAULT_PAGE_SIZE) -> UsageHistoryResponse:
        """One page of the usage history with its page fields (`UsageHistoryResponse`)."""
        if page < 1 or not 1 <= page_size <= contract.MAX_PAGE_SIZE:
            raise ValidationError.for_field("page", f"page >= 1 and page_size 1..{contract.MAX_PAGE_SIZE}")
        size_param = contract.PAGE_SIZE_PARAM[contract.PageStyle.STANDARD]
        params = {contract.PAGE_PARAM: page, size_param: page_size}
        return UsageHistoryResponse.model_validate(self._t.call("ai.usage_history", params=params) or {})
