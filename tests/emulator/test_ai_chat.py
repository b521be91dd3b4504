"""AI Chat: models, a deterministic echo chat billed from the balance, and usage that agrees with the balance."""

from __future__ import annotations

from pathlib import Path

import pytest

from barrack_emulator.testing import start_emulator

from .conftest import Api


def balance(api: Api) -> float:
    return float(api.data("GET", "/balance/")["balance"])


def chat(api: Api, content: str, model: str = "llama-3.1-8b-instruct", **extra: object) -> dict[str, object]:
    body = {
        "model": model,
        "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": content}],
    }
    result: dict[str, object] = api.data("POST", "/ai/chat/completions/", {**body, **extra})
    return result


def test_models_list_has_prices(api: Api) -> None:
    body = api.data("GET", "/ai/models/")
    assert "data" not in body and body["success"] is True
    models = {m["id"]: m for m in body["models"]}
    assert "llama-3.1-8b-instruct" in models
    assert all(m["price_per_1k_tokens"] > 0 and m["context_length"] > 0 and m["name"] for m in models.values())


def test_chat_echoes_counts_tokens_and_bills_the_balance(api: Api) -> None:
    start = balance(api)
    out = chat(api, "Hello there, world!")
    assert out["choices"] == [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "Echo : Hello there , world !"},
            "finish_reason": "stop",
        }
    ]
    assert out["usage"] == {"prompt_tokens": 8, "completion_tokens": 7, "total_tokens": 15}  # 3 + 5; "Echo :" + 5
    assert out["cost"] == pytest.approx(15 / 1000 * 0.0002)
    assert balance(api) == pytest.approx(start - 15 / 1000 * 0.0002, abs=1e-9)
    again = chat(api, "Hello there, world!")
    assert again["choices"] == out["choices"] and again["id"] != out["id"]  # deterministic answer, new id


def test_max_tokens_cuts_the_answer(api: Api) -> None:
    out = chat(api, "one two three four five", max_tokens=3, temperature=0.5)
    assert out["choices"][0]["finish_reason"] == "length"  # type: ignore[index]
    assert out["usage"]["completion_tokens"] == 3  # type: ignore[index]


def test_usage_summary_and_history_agree_with_the_balance(api: Api) -> None:
    start = balance(api)
    chat(api, "a b c")
    chat(api, "some longer question, with words", model="llama-3.3-70b-instruct")
    chat(api, "x")
    spent = start - balance(api)
    summary = api.data("GET", "/ai/usage/summary/")
    assert summary["total_requests"] == 3 and summary["total_cost"] == pytest.approx(spent, abs=1e-7)
    assert {m["model"]: m["requests"] for m in summary["by_model"]} == {
        "llama-3.1-8b-instruct": 2,
        "llama-3.3-70b-instruct": 1,
    }
    assert summary["total_tokens"] == summary["prompt_tokens"] + summary["completion_tokens"]
    page1 = api.data("GET", "/ai/usage/history/", params={"page_size": 2})
    page2 = api.data("GET", "/ai/usage/history/", params={"page_size": 2, "page": 2})
    assert page1["total_count"] == 3 and page1["has_next"] is True and page2["has_next"] is False
    txs = page1["transactions"] + page2["transactions"]
    assert txs[0]["model"] == "llama-3.1-8b-instruct" and len({t["id"] for t in txs}) == 3
    assert sum(t["cost"] for t in txs) == pytest.approx(spent, abs=1e-7)
    assert sum(t["total_tokens"] for t in txs) == summary["total_tokens"]


@pytest.mark.parametrize(
    "body,field",
    [
        ({"model": "gpt-99", "messages": [{"role": "user", "content": "hi"}]}, "model"),
        ({"model": "llama-3.1-8b-instruct", "messages": []}, "messages"),
        ({"model": "llama-3.1-8b-instruct", "messages": [{"role": "robot", "content": "hi"}]}, "messages.0.role"),
        (
            {"model": "llama-3.1-8b-instruct", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 0},
            "max_tokens",
        ),
        (
            {"model": "llama-3.1-8b-instruct", "messages": [{"role": "user", "content": "hi"}], "temperature": 3.0},
            "temperature",
        ),
    ],
)
def test_bad_chat_requests_are_400_and_free(api: Api, body: dict[str, object], field: str) -> None:
    start = balance(api)
    err = api.error("POST", "/ai/chat/completions/", body, code="VALIDATION_ERROR")
    assert field in err["errors"]
    assert balance(api) == pytest.approx(start, abs=1e-9)
    assert api.data("GET", "/ai/usage/summary/")["total_requests"] == 0


def test_chat_without_balance_is_402(api: Api) -> None:
    api.emu.configure(balance=0.0)
    api.error(
        "POST",
        "/ai/chat/completions/",
        {"model": "llama-3.1-8b-instruct", "messages": [{"role": "user", "content": "hi"}]},
        expect=402,
        code="INSUFFICIENT_BALANCE",
    )
    assert api.data("GET", "/ai/usage/history/")["transactions"] == []


def test_usage_and_hibernation_times_survive_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    with start_emulator(state_file=state) as emu:
        api = Api(emu)
        chat(api, "kept")
        inst = api.instance("kept-vm")
        api.data("POST", f"/instances/{inst['instance_id']}/hibernate/")
        api.http.close()
    with start_emulator(state_file=state) as emu:
        api = Api(emu)
        assert api.data("GET", "/ai/usage/summary/")["total_requests"] == 1
        assert api.data("GET", "/ai/usage/history/")["transactions"][0]["model"] == "llama-3.1-8b-instruct"
        assert api.data("GET", "/instances/hibernated/")["recent_hibernations"][0]["hibernated_at"]
        api.emu.reset()
        assert api.data("GET", "/ai/usage/summary/")["total_requests"] == 0
        api.http.close()
