"""`read_balance` (the balance without the model) answers what ``client.balance.get().to_dict()`` answers."""

from __future__ import annotations

from typing import Any

import pytest

from shared_client.resources.wire import read_balance


@pytest.mark.parametrize("balance", [125.5, 125, -3.25])
def test_read_balance_equals_the_model(emulator: Any, barrack_client: Any, balance: float) -> None:
    emulator.configure(balance=balance)
    assert read_balance(barrack_client.transport) == barrack_client.balance.get().to_dict()
    assert isinstance(read_balance(barrack_client.transport)["balance"], float)


class Sends:
    """A transport stub answering every call with `data`."""

    def __init__(self, data: Any) -> None:
        self.data = data

    def call(self, name: str, **_: Any) -> Any:
        return self.data


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"balance": 125, "currency": "USD"}, {"balance": 125.0, "currency": "USD"}),  # converted by the model
        ({"balance": "2.5", "extra": [1]}, {"balance": 2.5, "extra": [1]}),
        ({"balance": 1.5, "currency": None, "x": {"y": 1}}, {"balance": 1.5, "currency": None, "x": {"y": 1}}),
    ],
)
def test_read_balance_converts_like_the_model(data: dict[str, Any], expected: dict[str, Any]) -> None:
    assert read_balance(Sends(data)) == expected  # type: ignore[arg-type]
