"""Replacing an object safely: create-before-delete or delete-first, and the create preflight a delete-first
replacement passes **before** anything is deleted (asked by every front-end, so none holds these rules).

- Same instance name: delete-first (names are unique per account).
- The new instance wants a volume the old one holds: delete-first (a volume attaches to one instance at a time;
  deleting the old instance frees its non-bootable volumes for the new one's create).
- A volume attachment replaced onto the same volume: delete-first (detach, then attach).
- Booting from the same volume as the old instance: refused (a bootable volume is never detached, and deleting the
  instance deletes it).
- Delete-first instance replacements run the new instance's preflight (validation, stock, price, balance) first:
  one that cannot be created deletes nothing. Stock counts as it is now: another account may take the freed machine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from shared_client import errors
from shared_client.ids import id_list

if TYPE_CHECKING:
    from shared_client.client import BarrackClient
    from shared_client.preflight import Preflight


@dataclass(frozen=True)
class ReplaceOrder:
    """How a replacement must run: `delete_first` and why (a sentence per reason); `refused`: why no order works
    (it would destroy what it cannot rebuild), or None."""

    delete_first: bool
    reasons: list[str] = field(default_factory=list)
    refused: str | None = None


def _ids(value: Any) -> set[str]:
    if not isinstance(value, Iterable) or isinstance(value, str | bytes):
        return set()
    try:
        return set(id_list(value, "volume_ids"))
    except errors.ValidationError:
        return set()


def instance_replace_order(old: Mapping[str, Any], new: Mapping[str, Any]) -> ReplaceOrder:
    """The order for replacing an instance with current values `old` by one created from `new` (a value not known
    yet is not compared)."""
    reasons = []
    if old.get("name") is not None and old.get("name") == new.get("name"):
        reasons.append(f"the new instance keeps the name {old['name']!r}, which is unique per account")
    shared = sorted(_ids(old.get("volume_ids")) & _ids(new.get("volume_ids")))
    if shared:
        reasons.append(
            f"volume(s) {', '.join(shared)} attached to the old instance are wanted by the new one, and a volume "
            "attaches to one instance at a time"
        )
    boot = old.get("boot_source_id") if old.get("boot_source") == "volume" else None
    if boot is not None and new.get("boot_source") == "volume" and str(new.get("boot_source_id")) == str(boot):
        refused = (
            f"the instance boots from volume {boot}, which the replacement boots from too: a bootable volume is never "
            "detached, so only deleting the old instance would free it, and that deletes it with the instance. "
            f"Boot the new instance from a clone (Volume(source_volume_id={boot!r})) or keep the replace-forcing inputs"
        )
        return ReplaceOrder(True, reasons, refused)
    return ReplaceOrder(bool(reasons), reasons)


def attachment_replace_order(old_volume_id: Any, new_volume_id: Any) -> ReplaceOrder:
    """The order for replacing a volume attachment: the same volume must be detached before it attaches again."""
    if old_volume_id is not None and str(old_volume_id) == str(new_volume_id):
        return ReplaceOrder(True, [f"volume {old_volume_id} attaches to one instance at a time"])
    return ReplaceOrder(False)


def replacement_preflight(
    client: BarrackClient, values: Mapping[str, Any], old_name: str | None = None
) -> Preflight | None:
    """The create preflight of the instance replacing `old_name` (its create values, validated by the caller);
    `errors.OutOfStock` / `errors.BalanceTooLow` say the old instance was not deleted. None when region, GPU model
    or count is not known yet (a preview): the real run checks again."""
    from shared_client.models import InstanceCreate

    region, gpu_model, gpu_count = values.get("region"), values.get("gpu_model"), values.get("gpu_count")
    if not (isinstance(region, str) and isinstance(gpu_model, str) and type(gpu_count) is int):
        return None
    # only region, GPU model and count matter to the preflight: the rest was validated by the caller
    request = InstanceCreate.model_construct(region=region, gpu_model=gpu_model, gpu_count=gpu_count)
    result = client.instances.preflight(request)
    try:
        return result.check()
    except errors.PreflightError as exc:
        which = f"instance {old_name!r}" if old_name else "the old instance"
        raise type(exc)(
            f"{exc}. The replacement cannot be created, so {which} was not deleted (this replace deletes the old "
            "instance first: it keeps the name or the volumes)",
            preflight=exc.preflight,
        ) from None
