"""AI Chat: models, chat completions (deterministic echo, billed from the balance), usage summary and history.

No model runs: the answer echoes the last user message. Tokens are counted deterministically (words and
punctuation marks), the cost is ``total_tokens / 1000 x price_per_1k_tokens`` of the model, charged to the balance
at once, and every call is recorded, so the usage summary, the history and the balance agree.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request, Response

from barrack_emulator.billing import convert
from barrack_emulator.catalogue import AI_DEFAULT_MAX_TOKENS, AI_MODELS
from barrack_emulator.envelope import iso, ok, ok_list, page_standard
from barrack_emulator.errors import insufficient_balance
from barrack_emulator.routes.common import locked
from barrack_emulator.rules import Checker
from barrack_emulator.schemas import ChatBody

router = APIRouter(prefix="/ai", tags=["ai"])
ROLES = ("system", "user", "assistant")
MAX_TEMPERATURE = 2.0
_TOKEN = re.compile(r"\w+|[^\w\s]")
TOTALS = ("prompt_tokens", "completion_tokens", "total_tokens", "cost")  # summed per model and overall


def tokens(text: str) -> list[str]:
    """The emulator's tokenizer: every word and every punctuation mark is one token."""
    return _TOKEN.findall(text)


def reply_to(messages: list[dict[str, str]], max_tokens: int) -> tuple[str, int, str]:
    """The echo answer, its token count and the finish reason (``length`` when cut at `max_tokens`)."""
    last = next((m["content"] for m in reversed(messages) if m["role"] == "user"), "")
    words = ["Echo", ":", *tokens(last)]
    finish = "stop"
    if len(words) > max_tokens:
        words, finish = words[:max_tokens], "length"
    return " ".join(words), len(words), finish


@router.get("/models/")
async def list_models(request: Request) -> Response:
    models = [{"id": mid, **spec, "currency": "USD"} for mid, spec in AI_MODELS.items()]
    return ok_list(request, {"models": models}, "Models retrieved successfully")


@router.post("/chat/completions/")
async def chat(request: Request, body: ChatBody) -> Response:
    chk = Checker()
    chk.check(body.model in AI_MODELS, "model", f"Unknown model; one of {', '.join(AI_MODELS)}.")
    chk.check(bool(body.messages), "messages", "At least one message is required.")
    for i, m in enumerate(body.messages):
        chk.check(m.role in ROLES, f"messages.{i}.role", f"Must be one of {', '.join(ROLES)}.")
    if body.max_tokens is not None:
        chk.check(body.max_tokens >= 1, "max_tokens", "Ensure this value is greater than or equal to 1.")
    if body.temperature is not None:
        chk.check(0.0 <= body.temperature <= MAX_TEMPERATURE, "temperature", "Must be between 0 and 2.")
    chk.raise_if_any()
    messages = [m.model_dump() for m in body.messages]
    prompt = sum(len(tokens(m["content"])) for m in messages)
    context = int(AI_MODELS[body.model]["context_length"])
    limit = min(body.max_tokens or AI_DEFAULT_MAX_TOKENS, max(context - prompt, 0))
    if prompt > context or limit < 1:
        chk.add("messages", f"The prompt ({prompt} tokens) does not fit the model's context of {context} tokens.")
        chk.raise_if_any()
    text, completion, finish = reply_to(messages, limit)
    total = prompt + completion
    with locked(request) as store:
        currency = store.currency
        cost = convert(total / 1000.0 * float(AI_MODELS[body.model]["price_per_1k_tokens"]), currency)
        balance = store.balance
        if balance < cost or balance <= 0:
            raise insufficient_balance(f"Insufficient balance for this chat call ({cost:.6f} {currency}).")
        store.credit -= cost
        store.counters["ai"] = store.counters.get("ai", 0) + 1
        tx: dict[str, Any] = {
            "id": f"chatcmpl-{store.counters['ai']:08d}",
            "model": body.model,
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": total,
            "cost": cost,
            "currency": currency,
            "created_at": iso(store.now()),
        }
        store.ai_usage.append(tx)
    data = {
        "id": tx["id"],
        "object": "chat.completion",
        "model": body.model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish}],
        "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": total},
        "cost": round(cost, 8),
        "currency": currency,
        "created_at": tx["created_at"],
    }
    return ok(request, data, "Chat completion created")


@router.get("/usage/summary/")
async def usage_summary(request: Request) -> Response:
    with locked(request) as store:
        usage = list(store.ai_usage)
        now = iso(store.now())
        currency = store.currency
    by_model: dict[str, dict[str, Any]] = {}
    for tx in usage:
        row = by_model.setdefault(tx["model"], {"model": tx["model"], "requests": 0, **dict.fromkeys(TOTALS, 0)})
        row["requests"] += 1
        for key in TOTALS:
            row[key] += tx[key]
    for row in by_model.values():
        row["cost"] = round(row["cost"], 8)
    data = {
        "total_requests": len(usage),
        **{key: sum(t[key] for t in usage) for key in TOTALS[:-1]},
        "total_cost": round(sum(t["cost"] for t in usage), 8),
        "currency": currency,
        "period_start": usage[0]["created_at"] if usage else None,
        "period_end": now,
        "by_model": sorted(by_model.values(), key=lambda r: str(r["model"])),
    }
    return ok(request, data, "Usage summary retrieved successfully")


@router.get("/usage/history/")
async def usage_history(request: Request, page: int = 1, page_size: int | None = None) -> Response:
    with locked(request) as store:
        newest_first = [{**t, "cost": round(t["cost"], 8)} for t in reversed(store.ai_usage)]
    return ok_list(request, page_standard(newest_first, "transactions", page, page_size), "Usage history retrieved")
