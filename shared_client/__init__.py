"""`shared_client`: the typed Barrack API client (httpx + pydantic v2) shared by the Ansible and Pulumi code.

Names are imported lazily (PEP 562), so ``from shared_client import errors`` does not load httpx or pydantic,
and ``from shared_client import BarrackClient`` loads no pydantic model until a sub-client needs one.

Submodules keep their names: ``shared_client.normalise`` is the module of canonical forms; the field-level helper
``normalise(Model, values)`` lives in :mod:`shared_client.fields` and is deliberately not re-exported here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from shared_client import errors
from shared_client._version import __version__

if TYPE_CHECKING:
    from shared_client.client import BarrackClient
    from shared_client.fields import ChangePlan, FieldMode, FieldSpec, field_specs, plan_changes
    from shared_client.outcome import AttachmentOutcome, Outcome
    from shared_client.preflight import Preflight, StockOption
    from shared_client.retry import RetryPolicy
    from shared_client.rules import rule_with_defaults
    from shared_client.specs import POWER_STATES, SPECS, ResourceSpec
    from shared_client.transport import Secret
    from shared_client.waiting import Deadline, WaitPolicy

_MODULE_OF = {
    "BarrackClient": "client",
    "ChangePlan": "fields",
    "FieldMode": "fields",
    "FieldSpec": "fields",
    "field_specs": "fields",
    "plan_changes": "fields",
    "AttachmentOutcome": "outcome",
    "Outcome": "outcome",
    "POWER_STATES": "specs",
    "Preflight": "preflight",
    "ResourceSpec": "specs",
    "SPECS": "specs",
    "StockOption": "preflight",
    "rule_with_defaults": "rules",
    "RetryPolicy": "retry",
    "Secret": "transport",
    "Deadline": "waiting",
    "WaitPolicy": "waiting",
}

__all__ = [
    "POWER_STATES",
    "SPECS",
    "AttachmentOutcome",
    "BarrackClient",
    "ChangePlan",
    "Deadline",
    "FieldMode",
    "FieldSpec",
    "Outcome",
    "Preflight",
    "ResourceSpec",
    "RetryPolicy",
    "Secret",
    "StockOption",
    "WaitPolicy",
    "__version__",
    "errors",
    "field_specs",
    "plan_changes",
    "rule_with_defaults",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
