"""`shared_client`: the typed Barrack API client (httpx + pydantic v2) shared by the Ansible and Pulumi code.

Names are imported lazily (PEP 562), so ``from shared_client import errors`` does not load httpx or pydantic,
and ``from shared_client import BarrackClient`` loads no pydantic model until a sub-client needs one.

Each public name is listed once, in the ``TYPE_CHECKING`` block below (see :mod:`shared_client._lazy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared_client import errors
from shared_client._lazy import lazy_exports
from shared_client._version import __version__

if TYPE_CHECKING:
    from shared_client.client import BarrackClient as BarrackClient
    from shared_client.fields import (
        ChangePlan as ChangePlan,
    )
    from shared_client.fields import (
        FieldMode as FieldMode,
    )
    from shared_client.fields import (
        FieldSpec as FieldSpec,
    )
    from shared_client.fields import (
        field_specs as field_specs,
    )
    from shared_client.fields import (
        plan_changes as plan_changes,
    )
    from shared_client.outcome import (
        AttachmentOutcome as AttachmentOutcome,
    )
    from shared_client.outcome import (
        Outcome as Outcome,
    )
    from shared_client.preflight import (
        Preflight as Preflight,
    )
    from shared_client.preflight import (
        StockOption as StockOption,
    )
    from shared_client.retry import RetryPolicy as RetryPolicy
    from shared_client.rules import rule_with_defaults as rule_with_defaults
    from shared_client.specs import (
        POWER_STATES as POWER_STATES,
    )
    from shared_client.specs import (
        SPECS as SPECS,
    )
    from shared_client.specs import (
        ResourceSpec as ResourceSpec,
    )
    from shared_client.transport import Secret as Secret
    from shared_client.waiting import (
        Deadline as Deadline,
    )
    from shared_client.waiting import (
        WaitPolicy as WaitPolicy,
    )


__getattr__, __dir__, _names = lazy_exports(__name__, __file__, globals())
__all__ = [*_names, "__version__", "errors"]
