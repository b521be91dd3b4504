"""``StartupScript``: a reusable startup script (every field changes in place)."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import pulumi
import pulumi.dynamic

from pulumi_barrack._provider import CrudProvider, model_dict, pick
from pulumi_barrack._resource import COMMON_OUTPUTS, TimeoutsArgs, build_props


class StartupScriptProvider(CrudProvider):
    """Dynamic provider for startup scripts; changes are a PUT."""

    kind = "startup script"
    sub_client = "scripts"
    request_model_name = "ScriptCreate"
    model_inputs = ("name", "content", "description")
    required = ("name", "content")
    READ_ONLY: ClassVar[tuple[str, ...]] = ("created_at", "updated_at")

    def server_inputs(self, model: Any) -> dict[str, Any]:
        return pick(model_dict(model), *self.model_inputs)

    def read_only(self, model: Any) -> dict[str, Any]:
        return pick(model_dict(model), *self.READ_ONLY)

    def apply_updates(
        self, c: Any, rid: str, old: dict[str, Any], new: dict[str, Any], changed: list[str], deadline: float
    ) -> None:
        from shared_client.models import ScriptUpdate

        c.scripts.update(rid, ScriptUpdate(**{k: new[k] for k in changed if k in self.model_inputs}))


@dataclasses.dataclass
class StartupScriptArgs:
    """Inputs of a :class:`StartupScript`."""

    name: pulumi.Input[str]
    content: pulumi.Input[str]
    description: pulumi.Input[str] | None = None
    adopt: pulumi.Input[bool] | None = None
    timeouts: pulumi.Input[TimeoutsArgs] | None = None
    schema_version: pulumi.Input[int] | None = None


class StartupScript(pulumi.dynamic.Resource, module="barrack", name="StartupScript"):
    """A Barrack startup script."""

    name: pulumi.Output[str]
    content: pulumi.Output[str]
    description: pulumi.Output[str | None]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str | None]
    adopt: pulumi.Output[bool | None]
    timeouts: pulumi.Output[dict[str, float] | None]
    schema_version: pulumi.Output[int]

    def __init__(
        self,
        resource_name: str,
        args: StartupScriptArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        name: pulumi.Input[str] | None = None,
        content: pulumi.Input[str] | None = None,
        description: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        timeouts: pulumi.Input[TimeoutsArgs] | None = None,
        schema_version: pulumi.Input[int] | None = None,
    ) -> None:
        overrides = {
            "name": name,
            "content": content,
            "description": description,
            "adopt": adopt,
            "timeouts": timeouts,
            "schema_version": schema_version,
        }
        outputs = (*StartupScriptProvider.model_inputs, *StartupScriptProvider.READ_ONLY, *COMMON_OUTPUTS)
        super().__init__(StartupScriptProvider(), resource_name, build_props(args, overrides, outputs), opts)
