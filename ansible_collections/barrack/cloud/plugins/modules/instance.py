#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: instance
short_description: Manage GPU instances on Barrack
version_added: 0.1.0
author: Barrack IaC team (@barrack-iac)
description:
  - Create, change, power and delete GPU instances (virtual machines).
  - Changed in place - O(public_ip), O(security_rules) (an order-insensitive set), O(volumes) and O(firewalls).
  - Every other option can only be set at creation. When the existing instance differs in one of them, or is in
    C(ERROR) (unless O(state) is V(stopped) or V(restarted)), the task fails naming the options, unless
    O(recreate=true) replaces it (delete, wait until it is gone, create).
  - Before a create the client checks, without changing anything (in check mode too), that the GPU stock of
    O(region) has a free O(gpu_count)x O(gpu_model) machine (otherwise it fails listing the configurations in
    stock), and that the balance covers one hour of the instance's price and the minimum balance. The hourly cost
    is returned as RV(hourly_cost).
options:
  id:
    description:
      - Id of the instance (for example C(BRK-901234D)).
  region:
    description:
      - Region, for example C(CANADA-1) (legacy tier) or C(FINLAND-1) (advanced tier).
      - Required to create an instance.
    type: str
  gpu_model:
    description:
      - GPU model, for example C(RTX-A6000) or C(H100-SXM5-80GB); it must belong to the region's tier.
      - Required to create an instance.
    type: str
  gpu_count:
    description:
      - Number of GPUs (1, 2, 4 or 8, up to the model's maximum).
      - Required to create an instance.
    type: int
  image:
    description:
      - Name of the OS image to boot from. Give either O(image) or O(boot_source) and O(boot_source_id).
    type: str
  boot_source:
    description:
      - Kind of the boot source given by O(boot_source_id).
    type: str
    choices: [os_image, volume, custom_image]
  boot_source_id:
    description:
      - The boot source - an OS image name, or the name or id of a bootable volume or a custom image.
    type: str
  ssh_keys:
    description:
      - Names or ids of the SSH keys installed on the instance (at least one to create).
    type: list
    elements: str
  public_ip:
    description:
      - Whether the instance has a public IP address. Changed in place.
    type: bool
  cloud_init:
    description:
      - cloud-init user data (at most 16 KB). Only used at creation; the API does not return it, so changes are not
        detected.
      - Never logged (not shown in the task's arguments, even with C(-vvv)).
    type: str
    aliases: [user_data]
  startup_script:
    description:
      - Name or id of a startup script run on first boot. Only used at creation.
      - The API returns only the id of an instance's script, so on an existing instance that has a script, a value
        other than that id is looked up (and a different script reported) only with O(recreate=true).
    type: str
  volumes:
    description:
      - Names or ids of volumes (in O(region)) attached to the instance.
      - Not the full list unless O(purge_volumes=true) - by default the listed volumes are attached and volumes
        attached otherwise (for example by M(barrack.cloud.volume_attachment)) stay attached.
      - Volumes are attached and detached while the instance is C(SHUTOFF); see O(stop_if_needed).
    type: list
    elements: str
  purge_volumes:
    description:
      - Treat O(volumes) as the full list and detach the attached volumes it does not name.
    type: bool
    default: false
  stop_if_needed:
    description:
      - When O(volumes) changes on an C(ACTIVE) or C(HIBERNATED) instance, stop it for the change and bring it
        back to its previous power state afterwards. Without it such a change fails before anything is changed.
    type: bool
    default: false
  firewalls:
    description:
      - Names or ids of firewalls (in O(region)) protecting the instance.
      - Not the full list unless O(purge_firewalls=true) - by default the listed firewalls are attached and
        firewalls attached otherwise (for example by M(barrack.cloud.firewall) with
        O(barrack.cloud.firewall#module:instances)) stay attached.
      - The firewall side owns the relation - O(barrack.cloud.firewall#module:instances) with
        O(barrack.cloud.firewall#module:purge_instances=true) is the exact list of a firewall's instances. Use this
        option to add an instance to firewalls; do not purge the same relation from both sides.
    type: list
    elements: str
  purge_firewalls:
    description:
      - Treat O(firewalls) as the full list and detach the firewalls it does not name.
    type: bool
    default: false
  security_rules:
    description:
      - Security rules of the instance, as an order-insensitive set (the full set; rules not listed are removed).
      - Omit to leave them alone.
    type: list
    elements: dict
    suboptions:
      direction:
        description: Traffic direction.
        type: str
        choices: [ingress, egress]
        default: ingress
      ethertype:
        description: IP version.
        type: str
        choices: [IPv4, IPv6]
        default: IPv4
      protocol:
        description: Protocol name, for example V(tcp), V(udp), V(icmp) or V(any).
        type: str
        required: true
      port_range_min:
        description: First port; omit both port options for all ports. Alone it means one port.
        type: int
      port_range_max:
        description: Last port.
        type: int
      remote_ip_prefix:
        description: Remote CIDR; all addresses of the ethertype when omitted.
        type: str
  state:
    description:
      - V(present) - the instance exists, in any power state.
      - V(started) - it exists and runs (C(ACTIVE)); V(stopped) - it is C(SHUTOFF); V(hibernated) - it is
        C(HIBERNATED) (billed at a reduced rate).
      - V(restarted) - it is rebooted (or started when stopped, restored when hibernated); always changes.
      - V(absent) - it is deleted.
    choices: [present, started, stopped, restarted, hibernated, absent]
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.resource
notes:
  - In check mode references to resources that do not exist yet only warn.
  - On an existing instance, references that match those the instance already has are not looked up again
    (O(ssh_keys), O(volumes) and O(firewalls) by id or name, O(startup_script) and O(boot_source_id) by id).
  - Power state changes always wait for the final status when more than one step is needed.
  - With O(recreate=true) the instance's disk content is lost.
"""

EXAMPLES = r"""
- name: A GPU instance with an SSH key, a data volume and a firewall
  barrack.cloud.instance:
    name: trainer-1
    region: FINLAND-1
    gpu_model: H100-SXM5-80GB
    gpu_count: 1
    image: Ubuntu Server 22.04 LTS R535 CUDA 12.2
    ssh_keys: [laptop]
    volumes: [data]
    firewalls: [web]
    security_rules:
      - protocol: tcp
        port_range_min: 22
  register: trainer

- name: Hibernate it over the weekend
  barrack.cloud.instance:
    name: trainer-1
    state: hibernated

- name: Delete it
  barrack.cloud.instance:
    name: trainer-1
    state: absent
"""

RETURN = r"""
barrack_instance:
  description:
    - The instance (empty after a delete).
    - In check mode, the predicted instance; RV(barrack_instance.instance_id), RV(barrack_instance.ip_address),
      RV(barrack_instance.private_ip) and C(created_at) of an instance to be created are the placeholder
      C((known after apply)).
  returned: always
  type: dict
  contains:
    instance_id:
      description: Id of the instance.
      type: str
      sample: BRK-901234D
    vm_name:
      description: Name of the instance.
      type: str
      sample: trainer-1
    status:
      description: Status (C(CREATING), C(BUILD), C(ACTIVE), C(SHUTOFF), C(HIBERNATED), C(ERROR), ...).
      type: str
      sample: ACTIVE
    tier:
      description: Tier of the region.
      type: str
      sample: advanced
    region:
      description: Region.
      type: str
      sample: FINLAND-1
    ip_address:
      description: Public IP address, or null.
      type: str
      sample: 203.0.113.10
    private_ip:
      description: Private IP address.
      type: str
      sample: 10.0.0.5
    specs:
      description: GPU type and count, RAM, vCPUs and storage.
      type: dict
    image:
      description: OS image.
      type: str
      sample: Ubuntu Server 22.04 LTS R535 CUDA 12.2
    ssh_keys:
      description: SSH keys (id and name).
      type: list
      elements: dict
    volume_attachments:
      description: Attached volumes (volume_id, name, status).
      type: list
      elements: dict
    security_rules:
      description: Security rules.
      type: list
      elements: dict
    firewalls:
      description: Firewalls protecting the instance (id and name).
      type: list
      elements: dict
    billing:
      description: Hourly rate and currency.
      type: dict
hourly_cost:
  description: Price per hour of the instance that is (or would be, in check mode) created.
  returned: when an instance is created
  type: float
  sample: 0.69
currency:
  description: Currency of RV(hourly_cost).
  returned: when an instance is created
  type: str
  sample: USD
"""

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import (
    BarrackResource,
    rule_options,
    to_dict,
)

POWER = {"started": "running", "stopped": "stopped", "hibernated": "hibernated"}  # option word -> client's
REFERENCES = (  # request field, option, sub-client, in the instance's region, (name, id) pairs the instance has
    ("ssh_key_ids", "ssh_keys", "ssh_keys", False, lambda i: [(k.name, k.id) for k in i.ssh_keys]),
    ("volume_ids", "volumes", "volumes", True, lambda i: [(a.name, a.volume_id) for a in i.volume_attachments]),
    ("firewall_ids", "firewalls", "firewalls", True, lambda i: [(f.name, f.id) for f in i.firewalls]),
)
BOOT = ("image", "boot_source", "boot_source_id")


def known_refs(pairs):
    """Value -> id of an instance's references (``(name, id)`` pairs): by id, and by name when it is unique."""
    pairs = [(str(name), str(ident)) for name, ident in pairs if ident is not None]
    names = [pair[0] for pair in pairs]
    known = {name: ident for name, ident in pairs if name != "None" and names.count(name) == 1}
    return {**known, **{pair[1]: pair[1] for pair in pairs}}


class Instance(BarrackResource):
    result_key = "barrack_instance"
    sub_client = "instances"
    option_names = {
        "ssh_key_ids": "ssh_keys",
        "startup_script_id": "startup_script",
        "volume_ids": "volumes",
        "firewall_ids": "firewalls",
        "power_state": "state",
    }
    options = dict(
        region=dict(type="str"),
        gpu_model=dict(type="str"),
        gpu_count=dict(type="int"),
        image=dict(type="str"),
        boot_source=dict(type="str", choices=["os_image", "volume", "custom_image"]),
        boot_source_id=dict(type="str"),
        ssh_keys=dict(type="list", elements="str", no_log=False),
        public_ip=dict(type="bool"),
        cloud_init=dict(type="str", no_log=True, aliases=["user_data"]),
        startup_script=dict(type="str"),
        volumes=dict(type="list", elements="str"),
        purge_volumes=dict(type="bool", default=False),
        stop_if_needed=dict(type="bool", default=False),
        firewalls=dict(type="list", elements="str"),
        purge_firewalls=dict(type="bool", default=False),
        security_rules=dict(type="list", elements="dict", options=rule_options()),
    )
    states = ("present", "started", "stopped", "restarted", "hibernated", "absent")

    def prepare(self):
        self.rules = self.validate_rules("security_rules")

    def desired(self):
        """The options as request fields. On an existing instance a reference it already has (by id or unique
        name) is taken from it without a lookup; only the others are resolved. Volumes and firewalls are added to
        the attached ones unless purge_volumes / purge_firewalls."""
        p, existing = self.params, self.existing
        out = {k: p[k] for k in ("name", "region", "gpu_model", "gpu_count", "image", "boot_source", "public_ip",
                                 "cloud_init") if p[k] is not None}  # fmt: skip
        if p["state"] in POWER:
            out["power_state"] = POWER[p["state"]]
        if self.rules is not None:
            out["security_rules"] = self.rules
        for field, option, kind, in_region, pairs in REFERENCES:
            if p[option] is None:
                continue
            known = known_refs(pairs(existing)) if existing else {}
            ids = []
            for value in p[option]:
                ident = known.get(str(value)) or self.ref(kind, value, option, p["region"] if in_region else None)
                if ident not in ids:
                    ids.append(ident)
            out[field] = ids
        if existing:
            for field, option in (("volume_ids", "volumes"), ("firewall_ids", "firewalls")):
                if p[option] is not None and not p[f"purge_{option}"]:
                    out[field] = sorted(set(out[field]) | set(getattr(existing, field)))
        current_script = existing.startup_script_id if existing else None
        script = self.known_ref("scripts", p["startup_script"], "startup_script", current_script)
        if script is not None:
            out["startup_script_id"] = script
        if p["boot_source_id"] is not None:
            kind = {"volume": "volumes", "custom_image": "images"}.get(p["boot_source"])
            value = p["boot_source_id"]
            if kind and str(existing.boot_source_id if existing else None) != str(value):
                value = self.ref(kind, value, "boot_source_id", p["region"])
            out["boot_source_id"] = value
        return out

    def replacement_body(self, resource, desired):
        body = super().replacement_body(resource, desired)
        if any(k in desired for k in BOOT):  # the boot options replace the current boot source as a whole
            for key in set(BOOT) - set(desired):
                body.pop(key, None)
        return body

    def before_create(self, body):
        """The client's preflight (stock, balance, hourly cost), read-only and in check mode too."""
        from shared_client import errors

        if not all(body.get(k) for k in ("region", "gpu_model", "gpu_count")):
            return
        preflight = self.client.instances.preflight(**body)
        self.result.update(hourly_cost=preflight.hourly_cost, currency=preflight.currency)
        try:
            preflight.check()
        except errors.OutOfStock as err:
            self.fail(f"option 'gpu_count': {err}", alternatives=[to_dict(a) for a in err.alternatives])
        except errors.BalanceTooLow as err:
            self.fail(str(err), hourly_cost=err.hourly_cost, currency=err.currency, balance=err.balance)

    def accepts_failed(self, resource):
        return self.params["state"] in ("stopped", "restarted")

    def ensure_state(self, resource):
        """``restarted``: reboot (or start / restore). Otherwise wait for a power state the instance was already
        heading to (the plan counts it as reached)."""
        from shared_client.specs import status_of

        state = self.params["state"]
        if state == "restarted":
            self.mark_changed()
            self.after = dict(self.after or to_dict(resource), status=status_of("running"))
            if self.check_mode:
                return resource
            return self.api.restart(str(resource.id), wait=self.waits, deadline=self.deadline).obj
        if state in POWER and self.waits and not self.check_mode and resource.status != status_of(POWER[state]):
            return self.api.wait_for(str(resource.id), status_of(POWER[state]), deadline=self.deadline)
        return resource


def main():
    Instance.main(mutually_exclusive=[("image", "boot_source")], required_together=[("boot_source", "boot_source_id")])


if __name__ == "__main__":
    main()
