"""`shared_client`: the typed Barrack API client (httpx + pydantic v2) shared by the Ansible and Pulumi code.

Names are imported lazily (:mod:`shared_client._lazy`): ``from shared_client import errors`` loads neither httpx
nor pydantic, and `BarrackClient` loads no pydantic model until a sub-client needs one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared_client import errors
from shared_client._lazy import lazy_exports
from shared_client._version import __version__

if TYPE_CHECKING:
    from shared_client.client import BarrackClient
    from shared_client.fields import FieldMode, FieldSpec, field_specs
    from shared_client.outcome import AttachmentOutcome, Outcome
    from shared_client.plan import Action, Change, ChangePlan, Plan, plan_changes
    from shared_client.preflight import Preflight, StockOption
    from shared_client.retry import RetryPolicy
    from shared_client.rules import rule_with_defaults
    from shared_client.specs import POWER_STATES, SPECS, ResourceSpec
    from shared_client.transport import Secret
    from shared_client.waiting import Deadline, WaitPolicy


__getattr__, __dir__, _names = lazy_exports(__name__, __file__, globals())
__all__ = [*_names, "__version__", "errors"]
