"""Volumes and firewalls of an instance (a mixin of `InstancesClient`): attach / detach with `stop_if_needed` (the
previous power state is restored in every outcome), the full-set `set_volumes` / `set_firewalls`.

Precondition (D, both tiers): a volume is attached or detached while the instance is SHUTOFF and the volume
``available`` (attach). Bootable volumes are never detached (D).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Final

from shared_client import errors, normalise, vocabulary
from shared_client._compat import add_note
from shared_client.ids import check_id, id_list
from shared_client.models import Instance, InstanceCreate
from shared_client.outcome import AttachmentOutcome, Outcome
from shared_client.resources.base import ResourceClient
from shared_client.specs import PowerState, attachment_applied, power_state, volumes_applied
from shared_client.stop_markers import StopMarkers
from shared_client.waiting import Deadline

if TYPE_CHECKING:
    from shared_client.models import Volume

log = logging.getLogger("shared_client")

RESTORE_TIMEOUT: Final = 300.0
"""Seconds the power-state restore after an attach/detach gets at least, even past the operation's deadline."""
SHUTOFF_RULE: Final = "volumes attach and detach only while the instance is SHUTOFF"


def _volume_ids(volume_ids: Iterable[str], *, attach: bool, empty_ok: bool = False) -> list[str]:
    ids = id_list(volume_ids, "volume_ids")
    if not ids and not empty_ok:
        raise errors.ValidationError.for_field("volume_ids", "at least one id is required")
    if attach and len(ids) > vocabulary.MAX_VOLUMES_PER_INSTANCE:
        raise errors.ValidationError.for_field(
            "volume_ids", f"at most {vocabulary.MAX_VOLUMES_PER_INSTANCE} volumes per instance"
        )
    return ids


def left_stopped_hint(instance_id: str, previous: PowerState) -> str:
    """What to tell the user when an instance stopped for a volume change could not be brought back."""
    return (
        f"instance {instance_id} was stopped for the volume change and is not back to {previous}: the next attach or "
        f"detach on it restores it, or bring it back yourself (power_state {previous!r}, e.g. the start action)"
    )


class AttachmentsMixin(ResourceClient[Instance, InstanceCreate]):
    """Volume and firewall attachment workflows of instances."""

    @property
    def _stop_markers(self) -> StopMarkers:
        return StopMarkers(self._t.base_url)

    def attach_volumes(self, id: str, volume_ids: Iterable[str], *, deadline: Deadline | None = None) -> Instance:
        """Send "attach volumes" once (no stop, no wait); after an ambiguous failure the instance is re-read."""
        return self._send_volumes("instances.attach_volumes", id, _volume_ids(volume_ids, attach=True), deadline)

    def detach_volumes(self, id: str, volume_ids: Iterable[str], *, deadline: Deadline | None = None) -> Instance:
        """Send "detach volumes" once (no stop, no wait); after an ambiguous failure the instance is re-read."""
        return self._send_volumes("instances.detach_volumes", id, _volume_ids(volume_ids, attach=False), deadline)

    def _send_volumes(self, endpoint: str, id: str, ids: list[str], deadline: Deadline | None) -> Instance:
        def applied(inst: Instance) -> bool:
            have = set(inst.volume_ids)
            return set(ids) <= have if endpoint == "instances.attach_volumes" else not set(ids) & have

        return self._act(endpoint, id, {"volume_ids": ids}, applied=applied, deadline=deadline)

    def _needs_stop(self, inst: Instance, stop_if_needed: bool, what: str, deadline: Deadline) -> Instance:
        """The instance once settled; `errors.InvalidState` (before any write) when it is not SHUTOFF and may not
        (or cannot) be stopped for `what`."""
        if self.spec.is_busy(inst.status):
            inst = self.wait_settled(inst.id, deadline=deadline)
        if inst.status == "SHUTOFF":
            return inst
        state = power_state(inst.status)
        where = f"instance {inst.name or inst.id} is {inst.status}"
        if state not in ("running", "hibernated"):
            raise errors.InvalidState(
                f"cannot {what}: {where}; {SHUTOFF_RULE}",
                error_code="INVALID_STATE",
                field_errors={"instance": [f"is {inst.status}; {SHUTOFF_RULE}"]},
            )
        if not stop_if_needed:
            raise errors.InvalidState(
                f"cannot {what}: {where}; {SHUTOFF_RULE} (stop it first, or set stop_if_needed)",
                error_code="INVALID_STATE",
                field_errors={"stop_if_needed": [f"{where}; {SHUTOFF_RULE}: set stop_if_needed to stop it for this"]},
            )
        return inst

    @contextlib.contextmanager
    def _stopped(
        self, inst: Instance, deadline: Deadline, restore_timeout: float, resume: PowerState | None = None
    ) -> Iterator[bool]:
        """Stop the instance when not SHUTOFF, and afterwards bring it back to its previous power state whatever
        happened (the restore gets at least `restore_timeout` s). A durable marker (`shared_client.stop_markers`),
        written before the stop and removed after the restore, lets the next run finish a killed one. `resume`: an
        interrupted run left it SHUTOFF; it goes back to `resume` afterwards. Yields whether it is stopped."""
        previous: PowerState | None = resume or power_state(inst.status)
        if previous in (None, "stopped"):
            yield False
            return
        assert previous is not None
        if resume is None:
            self._stop_markers.record(inst.id, previous)  # before the stop: survives kill -9
        try:
            if resume is None:
                self.owner.instances.ensure_power_state(inst.id, "stopped", deadline=deadline)
            yield True
        except BaseException as exc:
            try:
                self._restore_power(inst.id, previous, deadline, restore_timeout)
            except errors.BarrackError as restore_exc:
                add_note(exc, f"restoring instance {inst.id} to {previous} also failed: {restore_exc}")
                add_note(exc, left_stopped_hint(inst.id, previous))
            raise
        try:
            self._restore_power(inst.id, previous, deadline, restore_timeout)
        except errors.BarrackError as exc:
            add_note(exc, left_stopped_hint(inst.id, previous))
            raise

    def _restore_power(self, id: str, previous: PowerState, deadline: Deadline, restore_timeout: float) -> None:
        """Bring the instance back to `previous` and forget its stop marker."""
        self.owner.instances.ensure_power_state(
            id, previous, deadline=Deadline(max(deadline.remaining(), restore_timeout))
        )
        self._stop_markers.clear(id)

    def _interrupted_stop(self, inst: Instance, deadline: Deadline) -> tuple[Instance, PowerState | None]:
        """(the instance, the power state an interrupted run stopped it from, or None). A marker whose instance is
        no longer SHUTOFF (restored by hand or by the killed run) is forgotten."""
        markers = self._stop_markers
        previous = markers.previous(inst.id)
        if previous is None:
            return inst, None
        if self.spec.is_busy(inst.status):
            inst = self.wait_settled(inst.id, deadline=deadline)
        if inst.status == "SHUTOFF" and previous != "stopped":
            log.info("instance %s was left stopped by an interrupted run; it goes back to %s", inst.id, previous)
            return inst, previous
        markers.clear(inst.id)
        return inst, None

    def interrupted_stop(self, id: str) -> PowerState | None:
        """The power state an interrupted ``stop_if_needed`` run left to restore (read-only: check mode), or None."""
        return self._stop_markers.previous(check_id("id", id))

    def resume_interrupted_stop(
        self,
        id: str,
        *,
        timeout: float = 600,
        deadline: Deadline | None = None,
        restore_timeout: float = RESTORE_TIMEOUT,
    ) -> Outcome[Instance]:
        """Bring an instance an interrupted ``stop_if_needed`` run left SHUTOFF back to its previous power state
        (attach and detach do this themselves); unchanged when no run left it stopped."""
        dl = deadline or Deadline(timeout)
        inst, resume = self._interrupted_stop(self.get(check_id("id", id)), dl)
        if resume is None:
            return Outcome(inst, False)
        self._restore_power(inst.id, resume, dl, restore_timeout)
        return Outcome(self.get(inst.id), True)

    def attach_volume(
        self,
        id: str,
        volume_id: str,
        *,
        stop_if_needed: bool = False,
        timeout: float = 600,
        deadline: Deadline | None = None,
        wait: bool = True,
        restore_timeout: float = RESTORE_TIMEOUT,
    ) -> AttachmentOutcome:
        """Attach a volume (already attached here: unchanged). Before any write: attached elsewhere →
        `errors.Conflict`; not SHUTOFF without `stop_if_needed` → `errors.InvalidState`. With `stop_if_needed` a
        running or hibernated instance is stopped, then brought back to its previous state whatever happens."""
        return self._one_volume(id, volume_id, True, stop_if_needed, timeout, deadline, wait, restore_timeout)

    def detach_volume(
        self,
        id: str,
        volume_id: str,
        *,
        stop_if_needed: bool = False,
        timeout: float = 600,
        deadline: Deadline | None = None,
        wait: bool = True,
        restore_timeout: float = RESTORE_TIMEOUT,
    ) -> AttachmentOutcome:
        """The mirror of :meth:`attach_volume` (not attached here: unchanged; bootable: `errors.InvalidState`)."""
        return self._one_volume(id, volume_id, False, stop_if_needed, timeout, deadline, wait, restore_timeout)

    def _check_volume(self, inst_id: str, vol: Volume, attach: bool, deadline: Deadline) -> Volume:
        attached_to = str(vol.attached_to) if vol.attached_to else None
        label = f"volume {vol.name or vol.id}"
        if attach and attached_to and attached_to != inst_id:
            raise errors.Conflict(
                f"{label} is attached to another instance ({attached_to}); detach it first",
                existing_id=attached_to,
                field_errors={"volume_id": [f"is attached to instance {attached_to}"]},
            )
        if not attach and vol.bootable:
            raise errors.InvalidState(
                f"{label} is bootable; bootable volumes cannot be detached",
                error_code="INVALID_STATE",
                field_errors={"volume_id": ["is bootable; bootable volumes cannot be detached"]},
            )
        if attach and self.owner.volumes.spec.is_busy(vol.status):
            vol = self.owner.volumes.wait_for(vol.id, "available", deadline=deadline)
        if attach and vol.status != "available":
            raise errors.InvalidState(
                f"{label} is {vol.status}; volumes attach only when available",
                error_code="INVALID_STATE",
                field_errors={"volume_id": [f"is {vol.status}; it must be available"]},
            )
        return vol

    def _one_volume(
        self,
        id: str,
        volume_id: str,
        attach: bool,
        stop_if_needed: bool,
        timeout: float,
        deadline: Deadline | None,
        wait: bool,
        restore_timeout: float,
    ) -> AttachmentOutcome:
        check_id("id", id)
        vid = check_id("volume_id", volume_id)
        dl = deadline or Deadline(timeout)
        volumes = self.owner.volumes
        inst, vol = self.get(id), volumes.get(vid)
        inst, resume = self._interrupted_stop(inst, dl)
        here = str(vol.attached_to or "") == inst.id
        if here == attach:  # already as wanted
            if wait and not attachment_applied(vol, inst.id, attach):
                vol = volumes.wait_for(vid, lambda v: attachment_applied(v, inst.id, attach), deadline=dl)
            if resume is not None:
                self._restore_power(inst.id, resume, dl, restore_timeout)
                return AttachmentOutcome(volumes.get(vid), self.get(inst.id), True, True)
            return AttachmentOutcome(vol, inst, False, False)
        what = f"{'attach' if attach else 'detach'} volume {vol.name or vid}"
        vol = self._check_volume(inst.id, vol, attach, dl)
        inst = self._needs_stop(inst, stop_if_needed, what, dl)
        with self._stopped(inst, dl, restore_timeout, resume) as stopped:
            (self.attach_volumes if attach else self.detach_volumes)(inst.id, [vid], deadline=dl)
            if wait or stopped:
                vol = volumes.wait_for(vid, lambda v: attachment_applied(v, inst.id, attach), deadline=dl)
        return AttachmentOutcome(volumes.get(vid) if stopped else vol, self.get(inst.id), True, stopped)

    def set_volumes(
        self,
        id: str,
        volume_ids: Iterable[str],
        *,
        stop_if_needed: bool = False,
        timeout: float = 600,
        deadline: Deadline | None = None,
        wait: bool = True,
        restore_timeout: float = RESTORE_TIMEOUT,
    ) -> Outcome[Instance]:
        """Make the attached volumes exactly `volume_ids`, checked and stopped as by :meth:`attach_volume`."""
        want = _volume_ids(volume_ids, attach=True, empty_ok=True)
        dl = deadline or Deadline(timeout)
        inst, resume = self._interrupted_stop(self.get(id), dl)
        current = set(inst.volume_ids)
        attach = [v for v in want if v not in current]
        detach = sorted(current - set(want))
        if not attach and not detach:
            if resume is not None:
                self._restore_power(inst.id, resume, dl, restore_timeout)
                return Outcome(self.get(inst.id), True)
            return Outcome(inst, False)
        volumes = self.owner.volumes
        for vid in attach:
            self._check_volume(inst.id, volumes.get(vid), True, dl)
        for vid in detach:
            self._check_volume(inst.id, volumes.get(vid), False, dl)
        inst = self._needs_stop(inst, stop_if_needed, "change the volumes", dl)
        with self._stopped(inst, dl, restore_timeout, resume) as stopped:
            if detach:
                self.detach_volumes(inst.id, detach, deadline=dl)
            if attach:
                self.attach_volumes(inst.id, attach, deadline=dl)
            if wait or stopped:
                self.wait_for(inst.id, lambda i: volumes_applied(i, want), deadline=dl)
                for vid in attach:
                    volumes.wait_for(vid, lambda v: attachment_applied(v, inst.id, True), deadline=dl)
        return Outcome(self.get(inst.id), True)

    def set_firewalls(
        self,
        id: str,
        firewall_ids: Iterable[str],
        *,
        timeout: float = 600,
        deadline: Deadline | None = None,
        wait: bool = True,
    ) -> Outcome[Instance]:
        """Make the instance's firewalls exactly `firewall_ids` (each one gaining or losing it gets its full list)."""
        want = set(id_list(firewall_ids, "firewall_ids"))
        dl = deadline or Deadline(timeout)
        inst = self.get(id)
        current = set(inst.firewall_ids)
        if current == want:
            return Outcome(inst, False)
        firewalls = self.owner.firewalls
        for fw_id in sorted(current ^ want):
            fw = firewalls.get(fw_id)
            members = set(fw.instance_ids)
            members = members | {inst.id} if fw_id in want else members - {inst.id}
            firewalls.attach(fw_id, normalise.sorted_ids(members), wait=wait, deadline=dl)
        return Outcome(self.get(inst.id), True)
