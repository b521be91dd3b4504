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
  - An instance is found by O(id) or by its unique O(name).
  - Changed in place - O(public_ip), O(security_rules) (an order-insensitive set), and, when the shared client marks
    them updatable, O(volumes) and O(firewalls).
  - Every other option can only be set at creation. When the existing instance differs in one of them, the module
    warns and leaves it, unless O(recreate=true), which replaces it (delete, wait until it is gone, create).
  - Before a create the module checks, without changing anything (in check mode too), that the GPU stock of
    O(region) has a free O(gpu_count)x O(gpu_model) machine (otherwise it fails listing the configurations in
    stock), and that the balance covers one hour of the instance's price and at least the documented minimum
    balance (1.00 USD/EUR, 100 INR). The hourly cost is returned as RV(hourly_cost).
options:
  name:
    description:
      - Name of the instance, unique per account.
      - Required to create an instance.
    type: str
  id:
    description:
      - Id of the instance (for example C(BRK-901234D)).
    type: str
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
    type: str
  startup_script:
    description:
      - Name or id of a startup script run on first boot. Only used at creation.
      - The API returns only the id of an instance's script, so on an existing instance that has a script, a name
        is looked up (and a different script reported) only with O(recreate=true); give the id to have a
        difference reported without it.
    type: str
  volumes:
    description:
      - Names or ids of volumes (in O(region)) attached to the instance.
    type: list
    elements: str
  firewalls:
    description:
      - Names or ids of firewalls (in O(region)) protecting the instance.
    type: list
    elements: str
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
  recreate:
    description:
      - Replace the instance when it differs in an option that can only be set at creation.
      - The instance's disk content is lost.
    type: bool
    default: false
  state:
    description:
      - V(present) - the instance exists, in any power state.
      - V(started) - it exists and runs (C(ACTIVE)); V(stopped) - it is C(SHUTOFF); V(hibernated) - it is
        C(HIBERNATED) (billed at a reduced rate).
      - V(restarted) - it is rebooted (or started when stopped, restored when hibernated); always changes.
      - V(absent) - it is deleted.
    type: str
    choices: [present, started, stopped, restarted, hibernated, absent]
    default: present
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.wait
notes:
  - Supports C(check_mode) and C(diff). In check mode references to resources that do not exist yet only warn.
  - On an existing instance, references that match those the instance already has are not looked up again
    (O(ssh_keys), O(volumes) and O(firewalls) by id or name, O(startup_script) and O(boot_source_id) by id).
  - Power state changes always wait for the final status when more than one step is needed.
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
  description: The instance (empty after a delete). In check mode, the predicted instance.
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

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import BarrackResource, barrack_module, to_dict
from ansible_collections.barrack.cloud.plugins.module_utils.barrack_rules import (
    diff_rules,
    rule_body,
    rule_options,
    validate_rules,
)

MIN_BALANCE = {"USD": 1.0, "EUR": 1.0, "INR": 100.0}

# target power state -> (final status, statuses already heading there)
POWER = {
    "started": ("ACTIVE", ("CREATING", "BUILD", "STARTING", "RESTORING", "REBOOTING")),
    "stopped": ("SHUTOFF", ("STOPPING",)),
    "hibernated": ("HIBERNATED", ("HIBERNATING",)),
}
CLIENT_POWER = {"started": "running", "stopped": "stopped", "hibernated": "hibernated"}
# one direct action from a status to a target power state
ONE_STEP = {
    ("SHUTOFF", "started"): "start",
    ("HIBERNATED", "started"): "restore",
    ("ACTIVE", "stopped"): "stop",
    ("ERROR", "stopped"): "stop",
    ("ACTIVE", "hibernated"): "hibernate",
}
RESTART = {"ACTIVE": "reboot", "ERROR": "reboot", "SHUTOFF": "start", "HIBERNATED": "restore"}
BUSY = ("CREATING", "BUILD")
VOLUME_ATTACH_OK = {"legacy": ("ACTIVE", "SHUTOFF"), "advanced": ("SHUTOFF",)}


def known_refs(items, id_key):
    """Value -> id of an instance's references (``[{id_key, name}]``): by id, and by name when it is unique."""
    items = [item for item in items or [] if isinstance(item, dict) and item.get(id_key) is not None]
    known = {}
    names = {}
    for item in items:
        if item.get("name"):
            names.setdefault(str(item["name"]), []).append(str(item[id_key]))
    for name, ids in names.items():
        if len(ids) == 1:
            known[name] = ids[0]
    known.update({str(item[id_key]): str(item[id_key]) for item in items})
    return known


def _ids(items, key="id"):
    return sorted(str(item.get(key)) for item in items or [] if isinstance(item, dict) and item.get(key) is not None)


class Instance(BarrackResource):
    label = "instance"
    result_key = "barrack_instance"
    sub_client = "instances"
    create_model = "InstanceCreate"
    ready_status = "ACTIVE"
    option_names = {
        "ssh_key_ids": "ssh_keys",
        "startup_script_id": "startup_script",
        "volume_ids": "volumes",
        "firewall_ids": "firewalls",
    }

    # ---------------------------------------------------------------------------------------- inputs
    def prepare(self):
        p = self.params
        if p.get("security_rules") is not None:
            self.rules = validate_rules(self, "security_rules", p["security_rules"])
        else:
            self.rules = None
        self.wanted = {}
        for option in ("name", "region", "gpu_model", "gpu_count", "image", "boot_source", "public_ip", "cloud_init"):
            if p.get(option) is not None:
                self.wanted[option] = p[option]
        if self.rules is not None:
            self.wanted["security_rules"] = [rule_body(r) for r in self.rules]
        self.hourly_cost = None
        self.existing = None
        self.resolved = None

    def find(self):
        self.existing = super().find()
        return self.existing

    def desired(self):
        if self.resolved is None:
            self.resolved = dict(self.wanted, **self.references(to_dict(self.existing) if self.existing else None))
        return dict(self.resolved)

    def references(self, existing):
        """Wire values of the reference options. On an existing instance a reference that names (by id or name)
        one the instance already has is taken from it without a lookup; only the others are resolved."""
        p = self.params
        region = p.get("region")
        out = {}
        refs = (
            ("ssh_key_ids", "ssh_keys", "ssh_keys", None, "ssh_keys", "id"),
            ("volume_ids", "volumes", "volumes", region, "volume_attachments", "volume_id"),
            ("firewall_ids", "firewalls", "firewalls", region, "firewalls", "id"),
        )
        for field, option, kind, ref_region, attached, id_key in refs:
            if p.get(option) is None:
                continue
            known = known_refs(existing.get(attached) if existing else None, id_key)
            ids = []
            for value in p[option]:
                ident = known.get(str(value))
                if ident is None:
                    ident = self.ref(kind, value, option, ref_region)
                if ident is not None and ident not in ids:
                    ids.append(ident)
            out[field] = ids
        if p.get("startup_script") is not None:
            script = self.startup_script_ref(p["startup_script"], existing)
            if script is not None:
                out["startup_script_id"] = script
        if p.get("boot_source_id") is not None:
            kind = {"volume": "volumes", "custom_image": "images"}.get(p.get("boot_source"))
            value = p["boot_source_id"]
            if kind and not (existing and str(existing.get("boot_source_id")) == str(value)):
                value = self.ref(kind, value, "boot_source_id", region)
            out["boot_source_id"] = value
        return out

    def startup_script_ref(self, value, existing):
        """Id of the startup script, or None when it cannot be compared without a lookup that changes nothing:
        the instance returns only its script's id, so a name is looked up on an existing instance only when the
        instance has no script or O(recreate) may replace it."""
        value = str(value)
        current = existing.get("startup_script_id") if existing else None
        if current is not None and str(current) == value:
            return value
        if current is not None and not self.params.get("recreate") and not value.isdigit():
            return None
        return self.ref("scripts", value, "startup_script")

    def replacement_body(self, resource, desired):
        current = resource.current_values()
        body = {k: current[k] for k in ("name", "region", "gpu_model", "gpu_count", "ssh_key_ids") if current.get(k)}
        for key in ("public_ip", "startup_script_id", "volume_ids", "firewall_ids", "security_rules"):
            if current.get(key) not in (None, []):
                body[key] = current[key]
        if not any(k in desired for k in ("image", "boot_source", "boot_source_id")):
            for key in ("image", "boot_source", "boot_source_id"):
                if current.get(key) is not None:
                    body[key] = current[key]
            if "image" in body and body.get("boot_source") == "os_image":
                body.pop("boot_source")
                body.pop("boot_source_id", None)
        body.update(desired)
        return body

    # -------------------------------------------------------------------------------- GPU-cloud checks
    def before_create(self, body):
        model, count, region = body.get("gpu_model"), body.get("gpu_count"), body.get("region")
        if not (model and count and region):
            return
        self.check_stock(model, int(count), region)
        balance = self.client.balance.get()
        currency = getattr(balance, "currency", None) or "USD"
        try:
            hourly = float(self.client.pricing.hourly_cost(model, int(count), currency=currency))
        except LookupError as err:
            self.fail(f"cannot price {count}x {model}: {err}")
        self.hourly_cost = hourly
        self.result["hourly_cost"] = hourly
        self.result["currency"] = currency
        needed = max(hourly, MIN_BALANCE.get(currency, 0.0))
        amount = float(getattr(balance, "balance", 0.0) or 0.0)
        if amount < needed:
            self.fail(
                f"balance {amount:.2f} {currency} is below {needed:.2f} {currency} needed to create "
                f"{count}x {model} (one hour costs {hourly:.2f} {currency}; minimum balance "
                f"{MIN_BALANCE.get(currency, 0.0):.2f} {currency}); top up the account",
                hourly_cost=hourly,
                currency=currency,
                balance=amount,
            )

    def check_stock(self, model, count, region):
        stocks = [to_dict(s) for s in self.client.gpu_stock.list()]

        def free(entry, n):
            return int((entry.get("available") or {}).get(f"{n}x", 0) or 0)

        for entry in stocks:
            if entry.get("region") == region and entry.get("gpu_model") == model and free(entry, count) > 0:
                return
        alternatives = []
        for entry in stocks:
            sizes = sorted(
                (int(k.rstrip("x")), int(v or 0))
                for k, v in (entry.get("available") or {}).items()
                if str(k).rstrip("x").isdigit() and int(v or 0) > 0
            )
            for n, machines in sizes:
                alternatives.append(
                    {
                        "region": entry.get("region"),
                        "gpu_model": entry.get("gpu_model"),
                        "gpu_count": n,
                        "available": machines,
                    }
                )

        def rank(alt):
            return (alt["gpu_model"] != model, alt["region"] != region, abs(alt["gpu_count"] - count))

        alternatives.sort(key=rank)
        listed = "; ".join(
            f"{a['gpu_count']}x {a['gpu_model']} in {a['region']} ({a['available']} free)" for a in alternatives[:10]
        )
        self.fail(
            f"option 'gpu_count': no {count}x {model} machine is in stock in {region}. "
            + (f"In stock: {listed}" if listed else "Nothing is in stock right now."),
            alternatives=alternatives,
        )

    # ------------------------------------------------------------------------------------ predictions
    def predict_create(self, body):
        final = POWER.get(self.params["state"], POWER["started"])[0]
        result = {
            "vm_name": body.get("name"),
            "region": body.get("region"),
            "status": final,
            "specs": {"gpu_type": body.get("gpu_model"), "gpu_count": body.get("gpu_count")},
            "image": body.get("image"),
            "boot_source": body.get("boot_source") or "os_image",
            "ssh_keys": [{"id": i} for i in body.get("ssh_key_ids") or []],
            "ip_status": "ATTACHED" if body.get("public_ip", True) else "DETACHED",
            "volume_attachments": [{"volume_id": i} for i in body.get("volume_ids") or []],
            "firewalls": [{"id": i} for i in body.get("firewall_ids") or []],
            "security_rules": list(body.get("security_rules") or []),
        }
        if self.hourly_cost is not None:
            result["billing"] = {"hourly_rate": self.hourly_cost, "currency": self.result.get("currency")}
        return result

    def predict_update(self, before, changes):
        after = dict(before)
        if "public_ip" in changes:
            after["ip_status"] = "ATTACHED" if changes["public_ip"] else "DETACHED"
            if not changes["public_ip"]:
                after["ip_address"] = None
        if "security_rules" in changes:
            to_add, _remove, kept = diff_rules(before.get("security_rules") or [], self.rules or [], True)
            after["security_rules"] = kept + to_add
        if "volume_ids" in changes:
            after["volume_attachments"] = [{"volume_id": i} for i in changes["volume_ids"]]
        if "firewall_ids" in changes:
            after["firewalls"] = [{"id": i} for i in changes["firewall_ids"]]
        return after

    # ---------------------------------------------------------------------------------------- updates
    def before_update(self, resource, changes):
        unsupported = sorted(set(changes) - {"public_ip", "security_rules", "volume_ids", "firewall_ids"})
        if unsupported:
            self.fail(f"instance '{resource.name}' cannot change {', '.join(self.options_of(unsupported))} in place")
        if "volume_ids" in changes:
            tier = getattr(resource, "tier", None) or "advanced"
            allowed = VOLUME_ATTACH_OK.get(tier, VOLUME_ATTACH_OK["advanced"])
            if resource.status not in allowed:
                self.fail(
                    f"option 'volumes': instance '{resource.name}' is {resource.status} on the {tier} tier; volumes "
                    f"attach and detach only when it is {' or '.join(allowed)} (use barrack.cloud.volume_attachment "
                    "with stop_if_needed=true)"
                )

    def update(self, resource, changes):
        ident = str(resource.id)
        data = to_dict(resource)
        api = self.api
        if "public_ip" in changes:
            enable = bool(changes["public_ip"])
            self.act(lambda: api.set_public_ip(ident, enable), lambda: api.get(ident).public_ip == enable)
        if "security_rules" in changes:
            from shared_client.models import RuleSpec

            to_add, to_remove, _kept = diff_rules(data.get("security_rules") or [], self.rules or [], True)
            for rule in to_remove:
                api.remove_security_rule(ident, str(rule["id"]))
            for rule in to_add:
                api.add_security_rule(ident, RuleSpec(**rule_body(rule)))
        if "volume_ids" in changes:
            current = set(_ids(data.get("volume_attachments"), "volume_id"))
            wanted = set(changes["volume_ids"])
            detach, attach = sorted(current - wanted), sorted(wanted - current)
            if detach:
                self.act(
                    lambda: api.detach_volumes(ident, detach), lambda: not set(detach) & set(api.get(ident).volume_ids)
                )
            if attach:
                self.act(
                    lambda: api.attach_volumes(ident, attach), lambda: set(attach) <= set(api.get(ident).volume_ids)
                )
        if "firewall_ids" in changes:
            current = set(_ids(data.get("firewalls")))
            wanted = set(changes["firewall_ids"])
            for fw_id in sorted(current ^ wanted):
                firewall = to_dict(self.client.firewalls.get(fw_id))
                members = {str(a.get("instance_id")) for a in firewall.get("attachments") or []}
                members = members | {ident} if fw_id in wanted else members - {ident}
                self.client.firewalls.attach(fw_id, sorted(members))
        if self.waits:
            return api.wait_for(ident, lambda inst: self.settled(to_dict(inst), changes), timeout=self.remaining())
        return api.get(ident)

    @staticmethod
    def settled(data, changes):
        if data.get("status") in BUSY or str(data.get("status", "")).endswith("ING"):
            return False
        if "public_ip" in changes and (data.get("ip_status") == "ATTACHED") != bool(changes["public_ip"]):
            return False
        if any(
            str(r.get("status", "SUCCESS")).upper() not in ("SUCCESS", "ACTIVE")
            for r in data.get("security_rules") or []
        ):
            return False
        if "volume_ids" in changes:
            attached = data.get("volume_attachments") or []
            if set(_ids(attached, "volume_id")) != set(changes["volume_ids"]):
                return False
        return True

    # ------------------------------------------------------------------------------------ power states
    def ensure_state(self, resource):
        state = self.params["state"]
        if state == "present":
            return resource
        ident = str(resource.id)
        status = resource.status
        if state == "restarted":
            self.mark_changed()
            self.after = dict(self.after or self.to_result(resource), status="ACTIVE")
            if self.check_mode:
                return resource
            resource = self.wait_not_busy(resource)
            action = RESTART.get(resource.status)
            if action is None:
                self.fail(f"instance '{resource.name}' is {resource.status}; it cannot be restarted now")
            getattr(self.api, action)(ident)
            if self.waits:
                return self.api.wait_for(ident, "ACTIVE", timeout=self.remaining())
            return self.api.get(ident)
        final, heading = POWER[state]
        if status == final or (status in heading and (self.waits or self.check_mode)):
            if status != final and not self.check_mode:
                return self.api.wait_for(ident, final, timeout=self.remaining())
            return resource
        self.mark_changed()
        self.after = dict(self.after or self.to_result(resource), status=final)
        if self.check_mode:
            return resource
        resource = self.wait_not_busy(resource)
        action = ONE_STEP.get((resource.status, state))
        if action and not self.waits:
            getattr(self.api, action)(ident)
            return self.api.get(ident)
        result = self.api.ensure_power_state(ident, CLIENT_POWER[state], timeout=self.remaining())
        return result if result is not None else self.api.get(ident)

    def wait_not_busy(self, resource):
        if resource.status in BUSY:
            return self.api.wait_for(str(resource.id), lambda inst: inst.status not in BUSY, timeout=self.remaining())
        return resource

    def before_delete(self, resource):
        self.busy_on_delete = resource.status in BUSY

    def delete(self, resource):
        if getattr(self, "busy_on_delete", False):
            resource = self.wait_not_busy(resource)
        super().delete(resource)


def main():
    module = barrack_module(
        dict(
            name=dict(type="str"),
            id=dict(type="str"),
            region=dict(type="str"),
            gpu_model=dict(type="str"),
            gpu_count=dict(type="int"),
            image=dict(type="str"),
            boot_source=dict(type="str", choices=["os_image", "volume", "custom_image"]),
            boot_source_id=dict(type="str"),
            ssh_keys=dict(type="list", elements="str", no_log=False),
            public_ip=dict(type="bool"),
            cloud_init=dict(type="str"),
            startup_script=dict(type="str"),
            volumes=dict(type="list", elements="str"),
            firewalls=dict(type="list", elements="str"),
            security_rules=dict(type="list", elements="dict", options=rule_options()),
            recreate=dict(type="bool", default=False),
            state=dict(
                type="str",
                choices=["present", "started", "stopped", "restarted", "hibernated", "absent"],
                default="present",
            ),
        ),
        wait=True,
        required_one_of=[("id", "name")],
        mutually_exclusive=[("image", "boot_source")],
        required_together=[("boot_source", "boot_source_id")],
    )
    Instance(module).run()


if __name__ == "__main__":
    main()
