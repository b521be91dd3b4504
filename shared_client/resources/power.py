"""Instance power (a mixin of `InstancesClient`): the five actions, `ensure_power_state`, `restart`, public IP."""

from __future__ import annotations

from typing import Final

from shared_client import errors, vocabulary
from shared_client.models import Instance, InstanceCreate
from shared_client.outcome import Outcome
from shared_client.resources.base import ResourceClient
from shared_client.specs import HEADING, PowerState, public_ip_applied, status_of
from shared_client.waiting import Deadline

# From a stable status, the action that moves towards each target status.
NEXT_ACTION: Final[dict[tuple[str, str], str]] = {
    ("SHUTOFF", "ACTIVE"): "start",
    ("HIBERNATED", "ACTIVE"): "restore",
    ("ACTIVE", "SHUTOFF"): "stop",
    ("ERROR", "SHUTOFF"): "stop",
    ("HIBERNATED", "SHUTOFF"): "restore",
    ("ACTIVE", "HIBERNATED"): "hibernate",
    ("SHUTOFF", "HIBERNATED"): "start",
}
# The statuses that show each action applied (or under way); the last is where it ends (but for reboot).
ACTION_APPLIED: Final[dict[str, tuple[str, ...]]] = {
    "start": ("STARTING", "ACTIVE"),
    "stop": ("STOPPING", "SHUTOFF"),
    "reboot": ("REBOOTING",),  # a finished reboot looks like no reboot: it may be sent twice
    "hibernate": ("HIBERNATING", "HIBERNATED"),
    "restore": ("RESTORING", "ACTIVE"),
}
RESTART_ACTION: Final[dict[str, str]] = {
    "ACTIVE": "reboot",
    "ERROR": "reboot",
    "SHUTOFF": "start",
    "HIBERNATED": "restore",
}
_MAX_STEPS: Final = 8


class PowerMixin(ResourceClient[Instance, InstanceCreate]):
    """Power actions and workflows of instances."""

    def action(self, action: str, id: str, *, deadline: Deadline | None = None) -> Instance:
        """Send one power action (``start`` ``stop`` ``reboot`` ``hibernate`` ``restore``; re-read and decide)."""
        if action not in ACTION_APPLIED:
            raise errors.ValidationError.for_field("action", f"must be one of {', '.join(ACTION_APPLIED)}")
        done = ACTION_APPLIED[action]
        return self._act(f"instances.{action}", id, applied=lambda i: i.status in done, deadline=deadline)

    def start(self, id: str, *, deadline: Deadline | None = None) -> Instance:
        """SHUTOFF -> STARTING -> ACTIVE."""
        return self.action("start", id, deadline=deadline)

    def stop(self, id: str, *, deadline: Deadline | None = None) -> Instance:
        """ACTIVE|ERROR -> STOPPING -> SHUTOFF."""
        return self.action("stop", id, deadline=deadline)

    def reboot(self, id: str, *, deadline: Deadline | None = None) -> Instance:
        """ACTIVE|ERROR -> REBOOTING -> ACTIVE."""
        return self.action("reboot", id, deadline=deadline)

    def hibernate(self, id: str, *, deadline: Deadline | None = None) -> Instance:
        """ACTIVE -> HIBERNATING -> HIBERNATED."""
        return self.action("hibernate", id, deadline=deadline)

    def restore(self, id: str, *, deadline: Deadline | None = None) -> Instance:
        """HIBERNATED -> RESTORING -> ACTIVE."""
        return self.action("restore", id, deadline=deadline)

    def toggle_public_ip(self, id: str, enable: bool, *, deadline: Deadline | None = None) -> Instance:
        """Send "toggle public IP" once (re-read and decide after an ambiguous failure); returns at once."""
        want = bool(enable)
        return self._act(
            "instances.toggle_public_ip",
            id,
            {"enable": want},
            applied=lambda i: public_ip_applied(i, want),
            deadline=deadline,
        )

    def ensure_power_state(
        self,
        id: str,
        state: PowerState,
        timeout: float = 600,
        *,
        deadline: Deadline | None = None,
        wait: bool = True,
    ) -> Outcome[Instance]:
        """Bring the instance to `state` with the actions needed, waiting out transitional statuses; one deadline.
        Unchanged when it already was (or was heading) there. ``wait=False`` returns once the last action is sent.
        An impossible move (ERROR → hibernated) is `errors.ResourceFailed`; out of time, `errors.WaitTimeout`."""
        target = status_of(state)
        dl = deadline or Deadline(timeout)
        stable = vocabulary.INSTANCE_STABLE
        inst = self.get(id)
        if inst.status in HEADING[state]:
            if not wait:
                return Outcome(inst, False)
            return Outcome(self.wait_for(id, target, deadline=dl), False)
        changed = False
        for _ in range(_MAX_STEPS):
            if inst.status not in stable:
                inst = self.wait_for(id, stable, deadline=dl)
            if inst.status == target:
                return Outcome(inst, changed)
            action = NEXT_ACTION.get((str(inst.status), target))
            if action is None:
                raise errors.ResourceFailed(f"instance {id} is {inst.status}; cannot bring it to {state}", last=inst)
            try:
                inst = self.action(action, id, deadline=dl)
            except errors.InvalidState:
                inst = self.get(id)  # somebody else moved it: decide again
                continue
            changed = True
            if not wait and ACTION_APPLIED[action][-1] == target:
                return Outcome(inst, True)
            if dl.expired:
                raise errors.WaitTimeout(f"timed out bringing instance {id} to {state}", last=inst)
        raise errors.WaitTimeout(f"instance {id} did not settle in {state} after {_MAX_STEPS} steps", last=inst)

    def restart(
        self, id: str, *, timeout: float = 600, deadline: Deadline | None = None, wait: bool = True
    ) -> Outcome[Instance]:
        """Reboot a running (or ERROR) instance, start a stopped one, restore a hibernated one (busy statuses waited
        out first); with `wait`, until ACTIVE. Always `changed`."""
        dl = deadline or Deadline(timeout)
        inst = self.get(id)
        if self.spec.is_busy(inst.status):
            inst = self.wait_settled(id, deadline=dl)
        action = RESTART_ACTION.get(str(inst.status))
        if action is None:
            raise errors.InvalidState(f"instance {id} is {inst.status}; it cannot be restarted now")
        inst = self.action(action, id, deadline=dl)
        if wait:
            inst = self.wait_for(id, "ACTIVE", deadline=dl)
        return Outcome(inst, True)

    def set_public_ip(
        self, id: str, enable: bool, *, timeout: float = 600, deadline: Deadline | None = None, wait: bool = True
    ) -> Outcome[Instance]:
        """Give the instance a public IP or take it away (nothing sent when already so); with `wait`, until
        `Instance.public_ip` shows it and the instance is settled."""
        want = bool(enable)
        dl = deadline or Deadline(timeout)
        inst = self.get(id)
        if public_ip_applied(inst, want):
            return Outcome(inst, False)
        inst = self.toggle_public_ip(id, want, deadline=dl)
        if wait:
            inst = self.wait_for(id, lambda i: public_ip_applied(i, want) and self.spec.settled(i), deadline=dl)
        return Outcome(inst, True)
