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
  - Respects the tier's precondition. Legacy tier (C(CANADA-1)) instances must be C(ACTIVE) or C(SHUTOFF);
    advanced tier instances must be C(SHUTOFF). With O(stop_if_needed=true) a running instance that does not meet
    the precondition is stopped, the volume attached or detached, and the instance started again, all within
    O(wait_timeout).
  - Bootable volumes can never be detached.
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
      - Stop a running instance when the tier needs it stopped, and start it again afterwards.
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
  - barrack.cloud.barrack.wait
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
      description: Whether the task stopped (and started again) the instance.
      type: bool
      sample: false
"""

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import BarrackResource, barrack_module

ALLOWED = {"legacy": ("ACTIVE", "SHUTOFF"), "advanced": ("SHUTOFF",)}
STABLE = ("ACTIVE", "SHUTOFF", "HIBERNATED", "ERROR")


class VolumeAttachment(BarrackResource):
    label = "volume attachment"
    result_key = "barrack_volume_attachment"

    def prepare(self):
        try:
            self.instance = self.client.instances.resolve(self.params["instance"])
        except Exception as err:
            self.fail_reference(err, "instance", "instance")
        try:
            self.volume = self.client.volumes.resolve(self.params["volume"], region=self.instance.region)
        except Exception as err:
            self.fail_reference(err, "volume", "volume")
        self.stopped = False

    def fail_reference(self, err, option, label):
        from shared_client import errors

        if isinstance(err, errors.NotFound):
            self.fail(f"option '{option}': no {label} named or with id '{self.params[option]}'")
        if isinstance(err, errors.AmbiguousName):
            self.fail(f"option '{option}': more than one {label} is named '{self.params[option]}'; use its id")
        raise err

    def describe(self, attached, volume=None, instance=None):
        volume = volume or self.volume
        instance = instance or self.instance
        return {
            "volume_id": str(volume.id),
            "volume_name": volume.name,
            "instance_id": str(instance.id),
            "instance_name": instance.name,
            "attached": attached,
            "volume_status": volume.status,
            "instance_status": instance.status,
            "stopped_instance": self.stopped,
        }

    def needs_stop(self, action):
        """Whether the instance must be stopped first; fails (before any write) when that is not possible."""
        tier = getattr(self.instance, "tier", None) or "advanced"
        allowed = ALLOWED.get(tier, ALLOWED["advanced"])
        status = self.instance.status
        if status in allowed:
            return False
        where = f"instance '{self.instance.name}' is {status} on the {tier} tier"
        rule = f"volumes {action} only when the instance is {' or '.join(allowed)}"
        if status != "ACTIVE":
            self.fail(f"cannot {action} volume '{self.volume.name}': {where}; {rule}")
        if not self.params["stop_if_needed"]:
            self.fail(f"option 'stop_if_needed': {where}; {rule}. Stop it first or set stop_if_needed=true")
        return True

    def ensure_present(self):
        attached_to = getattr(self.volume, "attached_to", None)
        if attached_to and str(attached_to) == str(self.instance.id):
            self.before = self.after = self.describe(True)
            return None
        if attached_to:
            self.fail(
                f"option 'volume': volume '{self.volume.name}' is attached to another instance ({attached_to}); "
                "detach it first"
            )
        self.apply("attach")
        return None

    def ensure_absent(self):
        attached_to = getattr(self.volume, "attached_to", None)
        if not attached_to or str(attached_to) != str(self.instance.id):
            self.before = self.after = self.describe(False)
            return
        if getattr(self.volume, "bootable", False):
            self.fail(f"option 'volume': volume '{self.volume.name}' is bootable; bootable volumes cannot be detached")
        self.apply("detach")

    def apply(self, action):
        attach = action == "attach"
        stop = self.needs_stop(action)
        self.before = self.describe(not attach)
        self.mark_changed()
        self.after = dict(self.before, attached=attach, volume_status="in-use" if attach else "available")
        if self.check_mode:
            self.after["stopped_instance"] = stop
            return
        instances, volumes = self.client.instances, self.client.volumes
        inst_id, vol_id = str(self.instance.id), str(self.volume.id)
        if getattr(self.volume, "status", None) == "creating":
            self.volume = volumes.wait_for(vol_id, "available", timeout=self.remaining())
        if stop:
            self.stopped = True
            instances.ensure_power_state(inst_id, "stopped", timeout=self.remaining())

        def applied():
            volume = volumes.get(vol_id)
            return (str(volume.attached_to or "") == inst_id) == attach

        def done(volume):
            if attach:
                return volume.status == "in-use" and str(getattr(volume, "attached_to", "")) == inst_id
            return volume.status == "available" and not getattr(volume, "attached_to", None)

        send = instances.attach_volumes if attach else instances.detach_volumes
        self.act(lambda: send(inst_id, [vol_id]), applied)
        volume = volumes.wait_for(vol_id, done, timeout=self.remaining()) if self.waits or stop else volumes.get(vol_id)
        if stop:
            instance = instances.ensure_power_state(inst_id, "running", timeout=self.remaining())
        else:
            instance = instances.get(inst_id)
        self.after = self.describe(attach, volume, instance)


def main():
    module = barrack_module(
        dict(
            volume=dict(type="str", required=True),
            instance=dict(type="str", required=True),
            stop_if_needed=dict(type="bool", default=False),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
        wait=True,
    )
    VolumeAttachment(module).run()


if __name__ == "__main__":
    main()
