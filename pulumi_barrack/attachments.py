"""``VolumeAttachment`` and ``FirewallAttachment``: relations between existing objects."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, TypeVar

import pulumi
import pulumi.dynamic

from pulumi_barrack._provider import BarrackProvider, BarrackProviderError, Field, model_dict, non_empty_str, str_list
from pulumi_barrack._resource import COMMON_OUTPUTS, TimeoutsArgs, build_props

T = TypeVar("T")


def _split(rid: str) -> tuple[str, str]:
    instance_id, _, volume_id = rid.partition("/")
    return instance_id, volume_id


class VolumeAttachmentProvider(BarrackProvider):
    """Attaches one volume to one instance; the id is ``<instance_id>/<volume_id>``."""

    kind = "volume attachment"
    fields: ClassVar[dict[str, Field]] = {
        "instance_id": Field("replace", validate=non_empty_str),
        "volume_id": Field("replace", validate=non_empty_str),
        "stop_if_needed": Field("local", validate=lambda v: None if isinstance(v, bool) else "must be a boolean"),
    }
    required = ("instance_id", "volume_id")

    def object_id(self, model: Any, inputs: dict[str, Any]) -> str:
        return f"{inputs['instance_id']}/{inputs['volume_id']}"

    def find_existing(self, c: Any, inputs: dict[str, Any]) -> Any:
        vol = c.volumes.get(inputs["volume_id"])
        return vol if model_dict(vol).get("attached_to") == inputs["instance_id"] else None

    def create_object(self, c: Any, inputs: dict[str, Any]) -> Any:
        def attach(c: Any, iid: str, vid: str, deadline: float) -> Any:
            c.instances.attach_volumes(iid, [vid])
            try:
                return c.volumes.wait_for(
                    vid,
                    lambda v: model_dict(v).get("attached_to") == iid and model_dict(v).get("status") == "in-use",
                    timeout=self.remaining(deadline),
                )
            except Exception as exc:  # attached but not settled: undo it, never leave it unrecorded
                raise self._cleanup_failed_create(c, self.object_id(None, inputs), inputs, exc) from exc

        return self._with_instance_stopped(c, inputs["instance_id"], inputs, "attach", attach)

    def _detach(self, c: Any, iid: str, vid: str, deadline: float) -> Any:
        c.instances.detach_volumes(iid, [vid])
        return c.volumes.wait_for(vid, "available", timeout=self.remaining(deadline))

    def _with_instance_stopped(
        self,
        c: Any,
        iid: str,
        given: dict[str, Any],
        op: str,
        action: Callable[[Any, str, str, float], T],
    ) -> T:
        """Run attach/detach; if the instance must be stopped first, stop and restart it when allowed."""
        from shared_client import errors

        vid = given["volume_id"]
        deadline = self._deadline(given, "create" if op == "attach" else "delete")
        try:
            return action(c, iid, vid, deadline)
        except errors.InvalidState as exc:
            status = model_dict(c.instances.get(iid)).get("status")
            if status != "ACTIVE":
                raise
            if not given.get("stop_if_needed"):
                raise BarrackProviderError(
                    f"cannot {op} volume {vid} while instance {iid} is running ({exc}); stop the instance "
                    "(power_state='stopped') or set stop_if_needed=True"
                ) from exc
        c.instances.ensure_power_state(iid, "stopped", timeout=self.remaining(deadline))
        try:
            return action(c, iid, vid, deadline)
        finally:
            c.instances.ensure_power_state(iid, "running", timeout=self.remaining(deadline))

    def _deadline(self, given: dict[str, Any], op: str) -> float:
        import time

        return time.monotonic() + self.timeout(given, op)

    def get_object(self, c: Any, rid: str, given: dict[str, Any]) -> Any:
        iid, vid = _split(rid)
        vol = c.volumes.get(vid)
        return vol if model_dict(vol).get("attached_to") == iid else None

    def server_inputs(self, model: Any) -> dict[str, Any]:
        d = model_dict(model)
        return {"volume_id": str(d.get("id")), "instance_id": d.get("attached_to")}

    def read_only(self, model: Any) -> dict[str, Any]:
        return {"status": model_dict(model).get("status")}

    def delete_object(self, c: Any, rid: str, given: dict[str, Any], deadline: float) -> None:
        from shared_client import errors

        iid, vid = _split(rid)
        try:
            vol = c.volumes.get(vid)
        except errors.NotFound:
            return
        if model_dict(vol).get("attached_to") != iid:
            return
        given = {**given, "instance_id": iid, "volume_id": vid}
        try:
            self._with_instance_stopped(c, iid, given, "detach", self._detach)
        except errors.NotFound:
            return


class FirewallAttachmentProvider(BarrackProvider):
    """Sets the full list of instances a firewall is attached to; the id is the firewall id."""

    kind = "firewall attachment"
    fields: ClassVar[dict[str, Field]] = {
        "firewall_id": Field("replace", validate=non_empty_str),
        "instance_ids": Field("update", "set", validate=str_list),
    }
    required = ("firewall_id", "instance_ids")
    cleanup_on_failure = True

    def object_id(self, model: Any, inputs: dict[str, Any]) -> str:
        return str(inputs["firewall_id"])

    def find_existing(self, c: Any, inputs: dict[str, Any]) -> Any:
        return None  # attaching sets the full list: creating and adopting are the same call

    def create_object(self, c: Any, inputs: dict[str, Any]) -> Any:
        return c.firewalls.attach(inputs["firewall_id"], list(inputs["instance_ids"]))

    def settle(self, c: Any, rid: str, model: Any, inputs: dict[str, Any], deadline: float) -> Any:
        return self._wait(c, rid, inputs["instance_ids"], deadline)

    def _wait(self, c: Any, rid: str, ids: Sequence[str], deadline: float) -> Any:
        want = set(ids)

        def done(fw: Any) -> bool:
            atts = model_dict(fw).get("attachments") or []
            failed = [a.get("instance_id") for a in atts if str(a.get("status")).upper() == "ERROR"]
            if failed:
                raise BarrackProviderError(f"attaching firewall {rid} to {', '.join(map(str, failed))} failed")
            return {a.get("instance_id") for a in atts} == want and all(
                str(a.get("status") or "SUCCESS").upper() == "SUCCESS" for a in atts
            )

        return c.firewalls.wait_for(rid, done, timeout=self.remaining(deadline))

    def get_object(self, c: Any, rid: str, given: dict[str, Any]) -> Any:
        return c.firewalls.get(rid)

    def server_inputs(self, model: Any) -> dict[str, Any]:
        d = model_dict(model)
        return {
            "firewall_id": str(d.get("id")),
            "instance_ids": [a.get("instance_id") for a in d.get("attachments") or []],
        }

    def read_only(self, model: Any) -> dict[str, Any]:
        return {"attachments": model_dict(model).get("attachments") or []}

    def apply_updates(
        self, c: Any, rid: str, old: dict[str, Any], new: dict[str, Any], changed: list[str], deadline: float
    ) -> None:
        c.firewalls.attach(rid, list(new["instance_ids"]))
        self._wait(c, rid, new["instance_ids"], deadline)

    def delete_object(self, c: Any, rid: str, given: dict[str, Any], deadline: float) -> None:
        from shared_client import errors

        try:
            c.firewalls.attach(rid, [])
            self._wait(c, rid, [], deadline)
        except errors.NotFound:
            return


@dataclasses.dataclass
class VolumeAttachmentArgs:
    """Inputs of a :class:`VolumeAttachment` (changing either id replaces it)."""

    instance_id: pulumi.Input[str]
    volume_id: pulumi.Input[str]
    stop_if_needed: pulumi.Input[bool] | None = None
    """Stop (and afterwards restart) a running instance when the tier only attaches to stopped instances."""
    adopt: pulumi.Input[bool] | None = None
    timeouts: pulumi.Input[TimeoutsArgs] | None = None
    schema_version: pulumi.Input[int] | None = None


class VolumeAttachment(pulumi.dynamic.Resource, module="barrack", name="VolumeAttachment"):
    """Attaches a volume to an instance."""

    instance_id: pulumi.Output[str]
    volume_id: pulumi.Output[str]
    stop_if_needed: pulumi.Output[bool | None]
    status: pulumi.Output[str]
    adopt: pulumi.Output[bool | None]
    timeouts: pulumi.Output[dict[str, float] | None]
    schema_version: pulumi.Output[int]

    def __init__(
        self,
        resource_name: str,
        args: VolumeAttachmentArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        instance_id: pulumi.Input[str] | None = None,
        volume_id: pulumi.Input[str] | None = None,
        stop_if_needed: pulumi.Input[bool] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        timeouts: pulumi.Input[TimeoutsArgs] | None = None,
        schema_version: pulumi.Input[int] | None = None,
    ) -> None:
        overrides = {
            "instance_id": instance_id,
            "volume_id": volume_id,
            "stop_if_needed": stop_if_needed,
            "adopt": adopt,
            "timeouts": timeouts,
            "schema_version": schema_version,
        }
        outputs = ("instance_id", "volume_id", "stop_if_needed", "status", *COMMON_OUTPUTS)
        super().__init__(VolumeAttachmentProvider(), resource_name, build_props(args, overrides, outputs), opts)


@dataclasses.dataclass
class FirewallAttachmentArgs:
    """Inputs of a :class:`FirewallAttachment`."""

    firewall_id: pulumi.Input[str]
    """Changing it replaces the attachment."""
    instance_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    """The full list of attached instances (order does not matter); changed in place."""
    adopt: pulumi.Input[bool] | None = None
    timeouts: pulumi.Input[TimeoutsArgs] | None = None
    schema_version: pulumi.Input[int] | None = None


class FirewallAttachment(pulumi.dynamic.Resource, module="barrack", name="FirewallAttachment"):
    """Attaches a firewall to a set of instances (the full list; one per firewall)."""

    firewall_id: pulumi.Output[str]
    instance_ids: pulumi.Output[list[str]]
    attachments: pulumi.Output[list[dict[str, Any]]]
    adopt: pulumi.Output[bool | None]
    timeouts: pulumi.Output[dict[str, float] | None]
    schema_version: pulumi.Output[int]

    def __init__(
        self,
        resource_name: str,
        args: FirewallAttachmentArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        firewall_id: pulumi.Input[str] | None = None,
        instance_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        timeouts: pulumi.Input[TimeoutsArgs] | None = None,
        schema_version: pulumi.Input[int] | None = None,
    ) -> None:
        overrides = {
            "firewall_id": firewall_id,
            "instance_ids": instance_ids,
            "adopt": adopt,
            "timeouts": timeouts,
            "schema_version": schema_version,
        }
        outputs = ("firewall_id", "instance_ids", "attachments", *COMMON_OUTPUTS)
        super().__init__(FirewallAttachmentProvider(), resource_name, build_props(args, overrides, outputs), opts)
