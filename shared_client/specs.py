"""`ResourceSpec`: the one declaration of a resource kind (``SPEC`` beside its sub-client; field metadata on its
request model, :mod:`shared_client.fields`), and the power / applied predicates every workflow shares.
:data:`SPECS` finds every spec through `BarrackClient`'s sub-clients, importing a kind's models only when asked.
Status words are the contract's (D words, I transitions).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Generic, Literal, TypeVar

from shared_client import contract, errors, normalise

if TYPE_CHECKING:
    from shared_client.models.base import ReadModel, RequestModel
    from shared_client.models.firewall import Firewall
    from shared_client.models.instance import Instance
    from shared_client.models.volume import Volume

M = TypeVar("M", bound="ReadModel")
R = TypeVar("R", bound="RequestModel")

PowerState = Literal["running", "stopped", "hibernated"]
POWER_STATES: Final[tuple[PowerState, ...]] = ("running", "stopped", "hibernated")
_POWER_STATUS: Final[dict[str, str]] = {"running": "ACTIVE", "stopped": "SHUTOFF", "hibernated": "HIBERNATED"}
_STATUS_POWER: Final[dict[str, PowerState]] = {"ACTIVE": "running", "SHUTOFF": "stopped", "HIBERNATED": "hibernated"}
# Transitional statuses already heading to each power state (so asking for it again changes nothing).
HEADING: Final[dict[str, frozenset[str]]] = {
    "running": frozenset({"CREATING", "BUILD", "STARTING", "RESTORING", "REBOOTING"}),
    "stopped": frozenset({"STOPPING"}),
    "hibernated": frozenset({"HIBERNATING"}),
}
ATTACHMENT_DONE: Final = frozenset({"SUCCESS"})
NUMERIC_ID: Final = re.compile(r"[0-9]{1,20}")
"""Volume, SSH key, firewall, script, rule and custom image ids (I; image ids D)."""


def power_state(status: str | None) -> PowerState | None:
    """``running`` / ``stopped`` / ``hibernated`` for a stable instance status, else None."""
    return _STATUS_POWER.get(str(status)) if status is not None else None


def heading_to(status: str | None) -> PowerState | None:
    """The power state an instance in `status` is in or already heading to (``STOPPING`` -> stopped), else None."""
    state = power_state(status)
    if state is not None:
        return state
    return next((s for s in POWER_STATES if status in HEADING[s]), None)


def status_of(state: str) -> str:
    """The instance status of a power state; `errors.ValidationError` on ``state`` for anything else."""
    try:
        return _POWER_STATUS[state]
    except (KeyError, TypeError):
        raise errors.ValidationError.for_field("state", f"must be one of {', '.join(POWER_STATES)}") from None


@dataclass(frozen=True)
class UpdateStep:
    """One in-place update step: its name (``Change.step``), the request fields it applies, and whether it needs
    the instance SHUTOFF (volume attach/detach)."""

    name: str
    fields: tuple[str, ...]
    needs_stop: bool = False


@dataclass(frozen=True)
class ResourceSpec(Generic[M, R]):
    """How one resource kind behaves. `kind`: the `BarrackClient` attribute and contract prefix (``volumes.get``);
    `label`: the word for users."""

    kind: str
    label: str
    model: type[M]  # read model
    create_model: type[R]  # request model = the desired state a front-end builds
    name_scope: Literal["account", "region"]
    id_shape: re.Pattern[str] = NUMERIC_ID
    ready: frozenset[str] = frozenset()  # empty: the kind has no status to wait for
    busy: frozenset[str] = frozenset()
    failed: frozenset[str] = contract.ERROR_STATUSES
    delete_blocked_by: str = ""
    name_field: str = "name"  # request field holding the name ("" for kinds without a name)
    steps: tuple[UpdateStep, ...] = ()  # the in-place update steps, in the one order `apply` runs them
    wire_names: Mapping[str, str] = field(default_factory=dict)  # request field -> wire key where they differ
    server_fields: tuple[str, ...] = ("id", "created_at")  # wire keys only the server knows (preview placeholders)
    match_fields: frozenset[str] | None = None  # fields an adopted object must match (None: the create-only ones)

    def _fields(self, flag: str) -> frozenset[str]:
        from shared_client.fields import field_specs

        return frozenset(n for n, s in field_specs(self.create_model).items() if getattr(s, flag))

    @property
    def updatable(self) -> frozenset[str]:
        return self._fields("updatable")

    @property
    def create_only(self) -> frozenset[str]:
        """Request fields whose change needs a replace (Pulumi ``replaceOnChanges``)."""
        return frozenset(self.create_model.model_fields) - self.updatable

    @property
    def secret(self) -> frozenset[str]:
        return self._fields("secret")

    @property
    def order_insensitive(self) -> frozenset[str]:
        return self._fields("order_insensitive")

    def step_of(self, field_name: str) -> UpdateStep | None:
        """The update step that applies `field_name` (None: create-only)."""
        return next((s for s in self.steps if field_name in s.fields), None)

    def may_be_id(self, reference: str) -> bool:
        """Whether `reference` has the shape of this kind's ids (otherwise it can only be a name)."""
        return bool(self.id_shape.fullmatch(reference))

    def is_ready(self, status: str | None) -> bool:
        return not self.ready or status in self.ready

    def is_busy(self, status: str | None) -> bool:
        return status in self.busy

    def is_failed(self, status: str | None) -> bool:
        return status in self.failed

    def settled(self, obj: object) -> bool:
        """Not in a transitional status (an object without a status is settled)."""
        return not self.is_busy(getattr(obj, "status", None))


class _Specs(Mapping[str, "ResourceSpec[Any, Any]"]):
    """Every kind's spec by `kind`, found through `BarrackClient`'s sub-clients (lazily)."""

    def __getitem__(self, kind: str) -> ResourceSpec[Any, Any]:
        from shared_client.client import BarrackClient

        spec = BarrackClient.spec_of(kind)
        if spec is None:
            raise KeyError(kind)
        return spec

    def __iter__(self) -> Iterator[str]:
        from shared_client.client import BarrackClient

        return iter(BarrackClient.kinds())

    def __len__(self) -> int:
        return sum(1 for _ in self)


SPECS: Final[Mapping[str, ResourceSpec[Any, Any]]] = _Specs()


# -- applied / settled predicates (pure functions on read models) ---------------------------------------------
def settled(obj: object) -> bool:
    """Not in a transitional status of any kind (an object without a status is settled)."""
    status = getattr(obj, "status", None)
    return not any(s.is_busy(status) for s in SPECS.values())


def power_applied(instance: Instance, state: str) -> bool:
    return instance.status == status_of(state)


def public_ip_applied(instance: Instance, enable: bool) -> bool:
    return bool(instance.public_ip) == bool(enable)


def volumes_applied(instance: Instance, volume_ids: Iterable[str]) -> bool:
    return set(normalise.sorted_ids(instance.volume_ids)) == set(normalise.sorted_ids(volume_ids))


def attachment_applied(volume: Volume, instance_id: str, attached: bool) -> bool:
    """The volume is attached to (or detached from) the instance and its status says so."""
    on = str(volume.attached_to or "") == str(instance_id)
    if attached:
        return on and volume.status == "in-use"
    return not volume.attached_to and volume.status == "available"


def firewall_attached(firewall: Firewall, instance_ids: Iterable[str]) -> bool:
    """The firewall's attachments are exactly `instance_ids`, all SUCCESS; an ERROR attachment raises."""
    failed = [a.instance_id for a in firewall.attachments if str(a.status or "").upper() == "ERROR"]
    if failed:
        raise errors.ResourceFailed(
            f"attaching firewall {firewall.id} to {', '.join(map(str, failed))} failed", last=firewall
        )
    if set(firewall.instance_ids) != set(normalise.sorted_ids(instance_ids)):
        return False
    return all(str(a.status or "SUCCESS").upper() in ATTACHMENT_DONE for a in firewall.attachments)


INSTANCE_ID: Final = re.compile(r"BRK-[0-9]{6}D")  # D
SNAPSHOT_ID: Final = re.compile(r"BRK-[0-9]{6}S")  # D
