#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: volume_attachment
short_description: Attach volumes to and detach them from Barrack instances
version_added: 0.1.0
author: Barrack IaC team (@barrack-iac)
description:
  - Makes sure a volume is attached to (or detached from) an instance.
  - Volumes are attached and detached while the instance is C(SHUTOFF). With O(stop_if_needed=true) an instance
    that is C(ACTIVE) or C(HIBERNATED) is stopped, the volume attached or detached, and the instance brought back
    to its previous power state in every outcome (success, API error, timeout), all within O(wait_timeout).
  - V(absent) succeeds when the instance or the volume no longer exists (a second teardown changes nothing).
  - In check mode an instance or volume that an earlier task only predicted gives a warning, not a failure.
  - Bootable volumes can never be detached.
  - A run killed while the instance was stopped for the change (kill -9, a lost connection) leaves a marker in
    C($BARRACK_STATE_DIR) (default C(~/.local/state/barrack-iac)) on the controller; the next run of the task on
    that instance brings it back to its previous power state (and reports a change).
options:
  volume:
    description:
      - Name or id of the volume (names are looked up in the instance's region).
    type: str
    required: true
  instance:
    description:
      - Name or id of the instance.
    type: str
    required: true
  stop_if_needed:
    description:
      - Stop an C(ACTIVE) or C(HIBERNATED) instance for the change and restore its power state afterwards.
      - Without it, such a task fails before changing anything.
    type: bool
    default: false
  state:
    description:
      - V(present) attaches the volume to the instance, V(absent) detaches it from that instance.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - barrack.cloud.barrack
notes:
  - Supports C(check_mode) and C(diff).
"""

EXAMPLES = r"""
- name: Attach the data volume, stopping the instance when the tier requires it
  barrack.cloud.volume_attachment:
    volume: data
    instance: trainer-1
    stop_if_needed: true

- name: Detach it
  barrack.cloud.volume_attachment:
    volume: data
    instance: trainer-1
    state: absent
"""

RETURN = r"""
barrack_volume_attachment:
  description: The attachment as it is after the task.
  returned: always
  type: dict
  contains:
    volume_id:
      description: Id of the volume.
      type: str
      sample: "301"
    volume_name:
      description: Name of the volume.
      type: str
      sample: data
    instance_id:
      description: Id of the instance.
      type: str
      sample: BRK-901234D
    instance_name:
      description: Name of the instance.
      type: str
      sample: trainer-1
    attached:
      description: Whether the volume is attached to the instance.
      type: bool
      sample: true
    volume_status:
      description: Status of the volume (C(available), C(in-use), ...).
      type: str
      sample: in-use
    instance_status:
      description: Status of the instance.
      type: str
      sample: ACTIVE
    stopped_instance:
      description: Whether the task stopped the instance (and brought it back to its previous power state).
      type: bool
      sample: false
"""

from typing import TYPE_CHECKING, Any, cast

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import BarrackResource, barrack_module

if TYPE_CHECKING:
    from shared_client.models import Instance, Volume


class VolumeAttachment(BarrackResource):
    result_key = "barrack_volume_attachment"
    sub_client = "volumes"
    option_names = {"volume_id": "volume", "id": "instance"}

    def prepare(self) -> None:
        absent = self.params["state"] == "absent"  # a missing instance or volume: nothing to detach
        self.instance = cast(
            "Instance | None", self.lookup("instances", self.params["instance"], "instance", missing_ok=absent)
        )
        region = self.instance.region if self.instance else None
        self.volume = cast(
            "Volume | None", self.lookup("volumes", self.params["volume"], "volume", region, missing_ok=absent)
        )
        on = self.volume and self.instance and str(self.volume.attached_to) == str(self.instance.id)
        self.before = self.after = self.describe(bool(on))

    def describe(self, attached: bool, stopped: bool = False) -> dict[str, Any]:
        volume, instance = self.volume, self.instance
        return {
            "volume_id": str(volume.id) if volume else None,
            "volume_name": volume.name if volume else self.params["volume"],
            "instance_id": str(instance.id) if instance else None,
            "instance_name": instance.name if instance else self.params["instance"],
            "attached": attached,
            "volume_status": volume.status if volume else None,
            "instance_status": instance.status if instance else None,
            "stopped_instance": stopped,
        }

    def ensure_present(self) -> None:
        if self.volume and self.volume.attached_to and not self.before["attached"]:
            self.fail(
                f"option 'volume': volume '{self.volume.name}' is attached to another instance "
                f"({self.volume.attached_to}); detach it first"
            )
        if not self.before["attached"]:
            self.apply(True)
        elif self.instance:  # attached: both exist
            self.resume_interrupted(self.instance, True)

    def ensure_absent(self) -> None:
        if self.before["attached"]:
            self.apply(False)
        elif self.instance:
            self.resume_interrupted(self.instance, False)

    def resume_interrupted(self, instance: Instance, attached: bool) -> None:
        """An earlier run killed while the instance was stopped for this change: bring it back (shared client)."""
        instances = self.client.instances
        if self.check_mode:
            if instances.interrupted_stop(str(instance.id)) is not None:
                self.mark_changed()
                self.after = dict(self.before, stopped_instance=True)
            return
        resumed, changed = instances.resume_interrupted_stop(str(instance.id), deadline=self.deadline)
        if changed:
            self.mark_changed()
            self.instance = resumed
            self.after = self.describe(attached, True)

    def apply(self, attach: bool) -> None:
        self.mark_changed()
        if self.check_mode or self.instance is None or self.volume is None:  # None: only predicted (check mode)
            from shared_client.specs import power_state

            status = self.instance.status if self.instance else None
            self.after = dict(self.before, attached=attach, stopped_instance=power_state(status) != "stopped")
            return
        workflow = self.client.instances.attach_volume if attach else self.client.instances.detach_volume
        outcome = workflow(
            str(self.instance.id),
            str(self.volume.id),
            stop_if_needed=self.params["stop_if_needed"],
            wait=self.waits,
            deadline=self.deadline,
        )
        self.volume, self.instance = outcome.volume, outcome.instance
        self.result["changed"] = outcome.changed
        self.after = self.describe(attach, outcome.stopped_instance)


def main() -> None:
    module = barrack_module(
        dict(
            volume=dict(type="str", required=True),
            instance=dict(type="str", required=True),
            stop_if_needed=dict(type="bool", default=False),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
    )
    VolumeAttachment(module).run()


if __name__ == "__main__":
    main()
