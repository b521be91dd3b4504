"""`shared_client`: the typed Barrack API client (httpx + pydantic v2) shared by the Ansible and Pulumi code."""

from shared_client import errors
from shared_client._version import __version__
from shared_client.client import BarrackClient
from shared_client.fields import ChangePlan, FieldMode, FieldSpec, field_specs, plan_changes
from shared_client.retry import RetryPolicy
from shared_client.transport import Secret
from shared_client.waiting import Deadline, WaitPolicy

__all__ = [
    "BarrackClient",
    "ChangePlan",
    "Deadline",
    "FieldMode",
    "FieldSpec",
    "RetryPolicy",
    "Secret",
    "WaitPolicy",
    "__version__",
    "errors",
    "field_specs",
    "plan_changes",
]
