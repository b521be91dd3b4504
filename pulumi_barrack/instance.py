"""``Instance``: a GPU virtual machine, with its power state managed in place."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any, ClassVar

import pulumi
import pulumi.dynamic

from pulumi_barrack import _values as norm
from pulumi_barrack._provider import CrudProvider, Field, model_dict, pick
from pulumi_barrack._resource import COMMON_OUTPUTS, RuleArgs, TimeoutsArgs, build_props, with_secret_outputs

POWER_STATES = ("running", "stopped", "hibernated")
STATUS_TO_POWER = {"ACTIVE": "running", "SHUTOFF": "stopped", "HIBERNATED": "hibernated"}
SECRET_INPUTS = ("cloud_init",)
"""Inputs the shared client marks secret: stored as secrets in state (input and output)."""


def _power_state(v: Any) -> str | None:
    return None if v in POWER_STATES else f"must be one of {', '.join(POWER_STATES)}"


class InstanceProvider(CrudProvider):
    """Dynamic provider for instances."""

    kind = "instance"
    sub_client = "instances"
    request_model_name = "InstanceCreate"
    ready_status = "ACTIVE"
    unique_name = True
    default_timeouts: ClassVar[dict[str, float]] = {"create": 900.0, "update": 900.0, "delete": 600.0}
    model_inputs = (
        "name",
        "region",
        "gpu_model",
        "gpu_count",
        "image",
        "boot_source",
        "boot_source_id",
        "ssh_key_ids",
        "public_ip",
        "cloud_init",
        "startup_script_id",
        "security_rules",
    )
    fields: ClassVar[dict[str, Field]] = {"power_state": Field("update", validate=_power_state)}
    required = ("name", "region", "gpu_model", "gpu_count", "ssh_key_ids")
    READ_ONLY: ClassVar[tuple[str, ...]] = (
        "instance_id",
        "status",
        "tier",
        "ip_address",
        "ip_status",
        "private_ip",
        "specs",
        "ssh_keys",
        "volume_attachments",
        "firewalls",
        "billing",
        "hourly_rate",
        "currency",
        "created_at",
    )

    def find_existing(self, c: Any, inputs: dict[str, Any]) -> Any:
        return c.instances.find_by_name(inputs["name"])

    def settle(self, c: Any, rid: str, model: Any, inputs: dict[str, Any], deadline: float) -> Any:
        model = c.instances.wait_for(rid, "ACTIVE", timeout=self.remaining(deadline))
        wanted = inputs.get("power_state")
        if wanted and wanted != "running":
            model = c.instances.ensure_power_state(rid, wanted, timeout=self.remaining(deadline))
        return model

    def server_inputs(self, model: Any) -> dict[str, Any]:
        d = model_dict(model)
        specs = d.get("specs") or {}
        out = {
            "name": d.get("vm_name"),
            "region": d.get("region"),
            "gpu_model": specs.get("gpu_type"),
            "gpu_count": specs.get("gpu_count"),
            "ssh_key_ids": [str(k.get("id")) for k in d.get("ssh_keys") or [] if isinstance(k, dict)],
            "security_rules": norm.canonical_rules(d.get("security_rules") or []),
            "power_state": STATUS_TO_POWER.get(str(d.get("status")), str(d.get("status") or "").lower() or None),
        }
        if d.get("ip_status") is not None or "ip_address" in d:
            out["public_ip"] = d.get("ip_status") == "ATTACHED" or bool(d.get("ip_address"))
        for key in ("image", "boot_source", "boot_source_id", "startup_script_id"):
            if d.get(key) is not None:
                out[key] = d[key]
        return {k: v for k, v in out.items() if v is not None}

    def read_only(self, model: Any) -> dict[str, Any]:
        d = model_dict(model)
        out = pick(d, *self.READ_ONLY)
        billing = d.get("billing") or {}
        out["hourly_rate"] = billing.get("hourly_rate")
        out["currency"] = billing.get("currency")
        return out

    def apply_updates(
        self, c: Any, rid: str, old: dict[str, Any], new: dict[str, Any], changed: list[str], deadline: float
    ) -> None:
        if "public_ip" in changed:
            enable = bool(new["public_ip"])
            c.instances.set_public_ip(rid, enable)
            c.instances.wait_for(
                rid,
                lambda m: (model_dict(m).get("ip_status") == "ATTACHED") == enable,
                timeout=self.remaining(deadline),
            )
        if "security_rules" in changed:
            self._sync_rules(c, rid, new.get("security_rules") or [], deadline)
        if "power_state" in changed:
            c.instances.ensure_power_state(rid, new["power_state"], timeout=self.remaining(deadline))
        rest = [k for k in changed if k not in ("public_ip", "security_rules", "power_state")]
        if rest:
            super().apply_updates(c, rid, old, new, rest, deadline)

    def _sync_rules(self, c: Any, rid: str, desired: Sequence[dict[str, Any]], deadline: float) -> None:
        from shared_client.fields import diff_rules
        from shared_client.models import RuleSpec

        add, remove = diff_rules(model_dict(c.instances.get(rid)).get("security_rules") or [], desired)
        for rule_id in remove:
            c.instances.remove_security_rule(rid, rule_id)
        for rule in add:
            c.instances.add_security_rule(rid, RuleSpec(**{k: v for k, v in rule.items() if v is not None}))
        want = norm.canonical_rules(desired)

        def settled(inst: Any) -> bool:
            rules = model_dict(inst).get("security_rules") or []
            applied = all(str(r.get("status") or "SUCCESS").upper() == "SUCCESS" for r in rules)
            return applied and norm.canonical_rules(rules) == want

        c.instances.wait_for(rid, settled, timeout=self.remaining(deadline))


@dataclasses.dataclass
class InstanceArgs:
    """Inputs of an :class:`Instance`. Every input except ``public_ip``, ``security_rules`` and ``power_state``
    replaces the instance when changed."""

    name: pulumi.Input[str]
    """Unique per account."""
    region: pulumi.Input[str]
    gpu_model: pulumi.Input[str]
    """E.g. ``RTX-A6000``, ``H100-SXM5-80GB``."""
    gpu_count: pulumi.Input[int]
    """1, 2, 4 or 8 up to the model's maximum."""
    ssh_key_ids: pulumi.Input[Sequence[pulumi.Input[str]]]
    """At least one SSH key id (order does not matter)."""
    image: pulumi.Input[str] | None = None
    """OS image name; or use ``boot_source`` + ``boot_source_id``."""
    boot_source: pulumi.Input[str] | None = None
    """``os_image``, ``volume`` or ``custom_image``."""
    boot_source_id: pulumi.Input[str] | None = None
    public_ip: pulumi.Input[bool] | None = None
    """Changed in place."""
    cloud_init: pulumi.Input[str] | None = None
    startup_script_id: pulumi.Input[str] | None = None
    security_rules: pulumi.Input[Sequence[pulumi.Input[RuleArgs | dict[str, Any]]]] | None = None
    """Instance security rules, compared as a set; changed in place."""
    power_state: pulumi.Input[str] | None = None
    """``running`` (default), ``stopped`` or ``hibernated``; changed in place."""
    adopt: pulumi.Input[bool] | None = None
    timeouts: pulumi.Input[TimeoutsArgs] | None = None
    schema_version: pulumi.Input[int] | None = None


class Instance(pulumi.dynamic.Resource, module="barrack", name="Instance"):
    """A Barrack GPU instance."""

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
    power_state: pulumi.Output[str | None]
    instance_id: pulumi.Output[str]
    status: pulumi.Output[str]
    tier: pulumi.Output[str]
    ip_address: pulumi.Output[str | None]
    ip_status: pulumi.Output[str | None]
    private_ip: pulumi.Output[str | None]
    specs: pulumi.Output[dict[str, Any]]
    ssh_keys: pulumi.Output[list[dict[str, Any]]]
    volume_attachments: pulumi.Output[list[dict[str, Any]]]
    firewalls: pulumi.Output[list[dict[str, Any]]]
    billing: pulumi.Output[dict[str, Any]]
    hourly_rate: pulumi.Output[float | None]
    currency: pulumi.Output[str | None]
    created_at: pulumi.Output[str]
    adopt: pulumi.Output[bool | None]
    timeouts: pulumi.Output[dict[str, float] | None]
    schema_version: pulumi.Output[int]

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
        power_state: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        timeouts: pulumi.Input[TimeoutsArgs] | None = None,
        schema_version: pulumi.Input[int] | None = None,
    ) -> None:
        overrides = {
            "name": name,
            "region": region,
            "gpu_model": gpu_model,
            "gpu_count": gpu_count,
            "ssh_key_ids": ssh_key_ids,
            "image": image,
            "boot_source": boot_source,
            "boot_source_id": boot_source_id,
            "public_ip": public_ip,
            "cloud_init": cloud_init,
            "startup_script_id": startup_script_id,
            "security_rules": security_rules,
            "power_state": power_state,
            "adopt": adopt,
            "timeouts": timeouts,
            "schema_version": schema_version,
        }
        outputs = (*InstanceProvider.model_inputs, "power_state", *InstanceProvider.READ_ONLY, *COMMON_OUTPUTS)
        props = build_props(args, overrides, outputs)
        if props.get("power_state") is None:
            props["power_state"] = "running"  # declared state: a stop outside Pulumi shows as drift
        for key in SECRET_INPUTS:
            if props.get(key) is not None:
                props[key] = pulumi.Output.secret(props[key])
        super().__init__(InstanceProvider(), resource_name, props, with_secret_outputs(opts, SECRET_INPUTS))
