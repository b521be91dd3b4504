"""``Instance``: a GPU virtual machine (new, or restored from a snapshot), managed in place where the API allows."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import pulumi

from pulumi_barrack import _credentials
from pulumi_barrack._provider import CrudProvider, Field, non_empty_str, pick
from pulumi_barrack._resource import BarrackResource, RuleArgs, TimeoutsArgs
from shared_client.resources.instances import SPEC as INSTANCES
from shared_client.rules import canonical_rules
from shared_client.waiting import Deadline

if TYPE_CHECKING:
    from shared_client import BarrackClient


@pulumi.output_type
class InstanceSpecs:
    """The ``specs`` output."""

    gpu_type: str | None = pulumi.property("gpu_type", default=None)
    gpu_count: int | None = pulumi.property("gpu_count", default=None)
    ram_gb: float | None = pulumi.property("ram_gb", default=None)
    vcpus: int | None = pulumi.property("vcpus", default=None)
    storage_gb: float | None = pulumi.property("storage_gb", default=None)


@pulumi.output_type
class InstanceBilling:
    """The ``billing`` output."""

    hourly_rate: float | None = pulumi.property("hourly_rate", default=None)
    currency: str | None = pulumi.property("currency", default=None)


@pulumi.output_type
class InstanceVolumeAttachment:
    """An element of the ``volume_attachments`` output."""

    volume_id: str | None = pulumi.property("volume_id", default=None)
    name: str | None = pulumi.property("name", default=None)
    status: str | None = pulumi.property("status", default=None)


@pulumi.output_type
class ObjectRef:
    """An element of the ``firewalls`` and ``ssh_keys`` outputs."""

    id: str | None = pulumi.property("id", default=None)
    name: str | None = pulumi.property("name", default=None)


def _any_value(v: Any) -> str | None:
    return None if isinstance(v, str | int | float) else "must be a string or a number"


_READ_ONLY = INSTANCES.model.model_fields.keys() - INSTANCES.create_model.model_fields


class InstanceProvider(CrudProvider):
    """Dynamic provider for instances: every in-place change is a shared-client workflow."""

    spec = INSTANCES
    default_timeouts: ClassVar[dict[str, float]] = {"create": 900.0, "update": 900.0, "delete": 600.0}
    fields: ClassVar[dict[str, Field]] = {
        "reboot_trigger": Field("update", validate=_any_value),
        "snapshot_id": Field("replace", validate=non_empty_str),
    }
    alternate_create = "snapshot_id"
    create_options: ClassVar[dict[str, Any]] = {"preflight": True}  # stock and balance, before the POST
    # the read model's output-only fields, plus the billing figures `read_only` lifts to the top level
    read_only_keys = (*sorted(_READ_ONLY), "hourly_rate", "currency")

    def delete_first(self, old: dict[str, Any], new: dict[str, Any], changed: list[str]) -> bool:
        from shared_client.replace_safety import instance_replace_order

        # the name rule (kept name, stable auto-names) is the base class's: checked inputs still carry the old name
        wanted = {k: v for k, v in new.items() if k != "name"}
        return super().delete_first(old, new, changed) or instance_replace_order(old, wanted).delete_first

    def replace_failures(self, old: dict[str, Any], inputs: dict[str, Any], unknown: set[str]) -> list[tuple[str, str]]:
        """A delete-first replacement runs the create preflight (stock, price, balance) before anything is deleted."""
        from shared_client import errors
        from shared_client.replace_safety import instance_replace_order, replacement_preflight

        changed, replace = self.plan(old, inputs)
        if not replace:
            return []
        refused = instance_replace_order(old, inputs).refused
        if refused is not None:
            return [("boot_source_id", f"cannot replace instance {old.get('name')!r}: {refused}")]
        if "snapshot_id" in inputs or not self.delete_first(old, inputs, changed):
            return []
        known = {k: v for k, v in inputs.items() if k not in unknown}
        try:
            replacement_preflight(_credentials.client(), known, old.get("name"))
        except errors.ConfigurationError:
            return []  # no credentials: nothing can be deleted either
        except errors.PreflightError as exc:
            return [("gpu_count" if isinstance(exc, errors.OutOfStock) else self.label(), str(exc))]
        except errors.BarrackError as exc:
            why = f"cannot check that the replacement can be created before deleting {old.get('name')!r}: {exc}"
            return [(self.label(), why)]
        return []

    def create_object(self, c: BarrackClient, inputs: dict[str, Any]) -> Any:
        if "snapshot_id" in inputs:
            return c.snapshots.restore(inputs["snapshot_id"], inputs["name"])
        return super().create_object(c, inputs)

    def settle(self, c: BarrackClient, rid: str, model: Any, inputs: dict[str, Any], dl: Deadline) -> Any:
        """Wait until ACTIVE; then the inputs a restore takes no option for and the power state, by the plan."""
        model = c.instances.wait_ready(rid, deadline=dl)
        if "snapshot_id" in inputs or inputs.get("power_state", "running") != "running":
            self.apply_updates(c, rid, {}, inputs, [], dl)
            model = c.instances.get(rid)
        return model

    def server_inputs(self, model: Any) -> dict[str, Any]:
        """The client's reading of the instance as request fields (``current_values()``)."""
        values = dict(model.current_values())
        values["security_rules"] = canonical_rules(values.get("security_rules"))
        return {k: v for k, v in values.items() if v is not None}

    def read_only(self, model: Any) -> dict[str, Any]:
        out = super().read_only(model)
        return {**out, **pick(out.get("billing") or {}, "hourly_rate", "currency")}

    def apply_updates(
        self, c: BarrackClient, rid: str, old: dict[str, Any], new: dict[str, Any], changed: list[str], dl: Deadline
    ) -> None:
        """The client's plan / apply (its one update order, power last), then a reboot when only the trigger
        changed."""
        super().apply_updates(c, rid, old, new, changed, dl)
        if "reboot_trigger" in changed and "power_state" not in changed:
            c.instances.restart(rid, deadline=dl)


@dataclasses.dataclass
class InstanceArgs:
    """Inputs of an :class:`Instance` (each one is described on :class:`Instance`)."""

    name: pulumi.Input[str] | None = None
    region: pulumi.Input[str] | None = None
    gpu_model: pulumi.Input[str] | None = None
    gpu_count: pulumi.Input[int] | None = None
    ssh_key_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    image: pulumi.Input[str] | None = None
    boot_source: pulumi.Input[str] | None = None
    boot_source_id: pulumi.Input[str] | None = None
    public_ip: pulumi.Input[bool] | None = None
    cloud_init: pulumi.Input[str] | None = None
    startup_script_id: pulumi.Input[str] | None = None
    security_rules: pulumi.Input[Sequence[pulumi.Input[RuleArgs | dict[str, Any]]]] | None = None
    volume_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    firewall_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    power_state: pulumi.Input[str] | None = None
    reboot_trigger: pulumi.Input[str | int] | None = None
    snapshot_id: pulumi.Input[str] | None = None
    adopt: pulumi.Input[bool] | None = None
    timeouts: pulumi.Input[TimeoutsArgs] | None = None


class Instance(BarrackResource, module="barrack", name="Instance"):
    """A Barrack GPU instance."""

    provider_class = InstanceProvider
    defaults: ClassVar[dict[str, Any]] = {"power_state": "running"}  # declared: a stop outside Pulumi is drift
    name: pulumi.Output[str]
    region: pulumi.Output[str]
    gpu_model: pulumi.Output[str]
    gpu_count: pulumi.Output[int]
    ssh_key_ids: pulumi.Output[list[str]]
    image: pulumi.Output[str | None]
    boot_source: pulumi.Output[str | None]
    boot_source_id: pulumi.Output[str | None]
    public_ip: pulumi.Output[bool | None]
    cloud_init: pulumi.Output[str | None]
    startup_script_id: pulumi.Output[str | None]
    security_rules: pulumi.Output[list[dict[str, Any]] | None]
    volume_ids: pulumi.Output[list[str]]
    firewall_ids: pulumi.Output[list[str]]
    power_state: pulumi.Output[str | None]
    reboot_trigger: pulumi.Output[str | int | None]
    snapshot_id: pulumi.Output[str | None]
    instance_id: pulumi.Output[str]
    status: pulumi.Output[str]
    tier: pulumi.Output[str]
    ip_address: pulumi.Output[str | None]
    ip_status: pulumi.Output[str | None]
    private_ip: pulumi.Output[str | None]
    specs: pulumi.Output[InstanceSpecs]
    ssh_keys: pulumi.Output[list[ObjectRef]]
    volume_attachments: pulumi.Output[list[InstanceVolumeAttachment]]
    firewalls: pulumi.Output[list[ObjectRef]]
    billing: pulumi.Output[InstanceBilling]
    hourly_rate: pulumi.Output[float | None]
    currency: pulumi.Output[str | None]
    created_at: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        args: InstanceArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        name: pulumi.Input[str] | None = None,
        region: pulumi.Input[str] | None = None,
        gpu_model: pulumi.Input[str] | None = None,
        gpu_count: pulumi.Input[int] | None = None,
        ssh_key_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        image: pulumi.Input[str] | None = None,
        boot_source: pulumi.Input[str] | None = None,
        boot_source_id: pulumi.Input[str] | None = None,
        public_ip: pulumi.Input[bool] | None = None,
        cloud_init: pulumi.Input[str] | None = None,
        startup_script_id: pulumi.Input[str] | None = None,
        security_rules: pulumi.Input[Sequence[pulumi.Input[RuleArgs | dict[str, Any]]]] | None = None,
        volume_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        firewall_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        power_state: pulumi.Input[str] | None = None,
        reboot_trigger: pulumi.Input[str | int] | None = None,
        snapshot_id: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        timeouts: pulumi.Input[TimeoutsArgs] | None = None,
    ) -> None:
        """A GPU instance (``region``, ``gpu_model``, ``gpu_count`` and ``ssh_key_ids`` are required unless restoring
        a snapshot). Inputs marked *replaces* make a new instance when changed (create-before-delete when
        auto-named; an explicit ``name`` deletes the old instance first).

        :param resource_name: the Pulumi resource name.
        :param args: the inputs as an :class:`InstanceArgs` (keyword inputs win over it).
        :param opts: resource options.
        :param name: 1-50 letters, digits, space, ``-``, ``_``, ``.``, unique per account; default
            ``<resource_name>-<7 chars>`` (a stable auto-name, see docs/pulumi.md). Replaces.
        :param region: e.g. ``CANADA-1`` (legacy tier) or ``FINLAND-1`` (advanced). Required. Replaces.
        :param gpu_model: e.g. ``RTX-A6000`` or ``H100-SXM5-80GB`` (see ``get_gpu_specs``). Required. Replaces.
        :param gpu_count: 1, 2, 4 or 8, up to the model's maximum. Required. Replaces.
        :param ssh_key_ids: at least one SSH key id (a set: order does not matter). Required. Replaces.
        :param image: an OS image name (see ``get_os_images``); or ``boot_source`` + ``boot_source_id``. Replaces.
        :param boot_source: ``os_image``, ``volume`` or ``custom_image``. Replaces.
        :param boot_source_id: the id of the boot volume or custom image. Replaces.
        :param public_ip: attach a public IP (the server's default is true). In place.
        :param cloud_init: cloud-init user data, at most 16 KB; stored as a secret. Replaces.
        :param startup_script_id: a :class:`StartupScript` id run at first boot. Replaces.
        :param security_rules: instance security rules (a set; :class:`RuleArgs`). In place.
        :param volume_ids: volumes attached to the instance (a set). In place.
        :param firewall_ids: firewalls the instance is attached to (a set). In place.
        :param power_state: ``running`` (default), ``stopped`` or ``hibernated``. In place.
        :param reboot_trigger: any value; changing it reboots the instance. In place.
        :param snapshot_id: restore this snapshot into the new instance (then only ``name`` and the in-place
            inputs apply). Replaces.
        :param adopt: take over an existing instance with this name instead of creating one.
        :param timeouts: seconds create/update/delete may wait (:class:`TimeoutsArgs`).
        """
        self._setup(resource_name, args, opts, locals())
