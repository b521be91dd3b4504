"""``StartupScript``: a reusable startup script (every field changes in place)."""

from __future__ import annotations

import dataclasses

import pulumi

from pulumi_barrack._provider import CrudProvider
from pulumi_barrack._resource import BarrackResource, TimeoutsArgs
from shared_client.resources.scripts import SPEC as SCRIPTS


class StartupScriptProvider(CrudProvider):
    """Dynamic provider for startup scripts; changes are a PUT."""

    spec = SCRIPTS
    read_only_keys = ("created_at", "updated_at")


@dataclasses.dataclass
class StartupScriptArgs:
    """Inputs of a :class:`StartupScript` (each one is described on :class:`StartupScript`)."""

    name: pulumi.Input[str] | None = None
    content: pulumi.Input[str] | None = None
    description: pulumi.Input[str] | None = None
    adopt: pulumi.Input[bool] | None = None
    timeouts: pulumi.Input[TimeoutsArgs] | None = None


class StartupScript(BarrackResource, module="barrack", name="StartupScript"):
    """A Barrack startup script."""

    provider_class = StartupScriptProvider
    name: pulumi.Output[str]
    content: pulumi.Output[str]
    description: pulumi.Output[str | None]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str | None]

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
    ) -> None:
        """A startup script. Every input changes in place.

        :param resource_name: the Pulumi resource name.
        :param args: the inputs as a :class:`StartupScriptArgs` (keyword inputs win over it).
        :param opts: resource options.
        :param name: 1-50 letters, digits, space, ``-``, ``_``, ``.``; default ``<resource_name>-<7 chars>``.
        :param content: the script text. Required.
        :param description: at most 255 characters.
        :param adopt: take over an existing script with this name instead of creating one.
        :param timeouts: seconds create/update/delete may wait (:class:`TimeoutsArgs`).
        """
        self._setup(resource_name, args, opts, locals())
