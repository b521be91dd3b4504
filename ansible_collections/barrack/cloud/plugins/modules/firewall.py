#!/usr/bin/python
# Copyright: Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: firewall
short_description: Manage firewalls, their rules and the instances they protect on Barrack
version_added: 0.1.0
author: Barrack IaC team (@barrack-iac)
description:
  - Create and delete firewalls, keep their rules and their instances in the wanted state.
  - O(rules) is an order-insensitive set; rules are compared in canonical form (defaults filled in, protocol in
    lower case, CIDR canonical, so C(10.1.2.3/8) equals C(10.0.0.0/8)).
  - Rules left out of a rule get the client's defaults - V(ingress), V(IPv4), every address of the ethertype, and
    one port when only O(rules[].port_range_min) is given.
  - New rules are added before old ones are removed, so there is no moment without them.
  - O(description) and O(region) can only be set at creation; a difference (or a firewall in C(ERROR)) fails
    naming the option, unless O(recreate=true) replaces the firewall.
options:
  region:
    description:
      - Region of the firewall; it can only protect instances of that region.
      - Required to create a firewall.
    type: str
  description:
    description:
      - Free text describing the firewall (at most 255 characters).
    type: str
  rules:
    description:
      - The rules of the firewall. Omit to leave the rules alone.
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
        description: Source (ingress) or destination (egress) CIDR; all addresses of O(rules[].ethertype) when omitted.
        type: str
  purge_rules:
    description:
      - Remove the existing rules that are not in O(rules). With V(false) rules are only added.
    type: bool
    default: true
  instances:
    description:
      - Names or ids of the instances (in O(region)) the firewall protects.
      - Not the full list unless O(purge_instances=true) - by default the listed instances are attached and
        instances attached otherwise (for example by M(barrack.cloud.instance) with
        O(barrack.cloud.instance#module:firewalls)) stay attached.
      - The firewall side owns the firewall-instance relation - with O(purge_instances=true) this is the exact list
        of the firewall's instances (V([]) detaches every instance). Do not also purge it from the instance side
        (O(barrack.cloud.instance#module:purge_firewalls)), or the two tasks undo each other.
      - Omit to leave the attachments alone.
    type: list
    elements: str
  purge_instances:
    description:
      - Treat O(instances) as the full list and detach the instances it does not name.
    type: bool
    default: false
  state:
    description:
      - V(present) makes sure the firewall exists as described, V(absent) deletes it (detaching its instances first).
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.resource
notes:
  - With O(wait=true) the task waits until every rule and attachment has status C(SUCCESS).
"""

EXAMPLES = r"""
- name: SSH and HTTPS from anywhere, Jupyter from the office
  barrack.cloud.firewall:
    name: web
    region: FINLAND-1
    rules:
      - protocol: tcp
        port_range_min: 22
      - protocol: tcp
        port_range_min: 443
      - protocol: tcp
        port_range_min: 8888
        remote_ip_prefix: 203.0.113.0/24
    instances:
      - trainer-1

- name: Add one rule, keep the others
  barrack.cloud.firewall:
    name: web
    purge_rules: false
    rules:
      - protocol: icmp

- name: Exactly these instances behind the firewall (the others are detached)
  barrack.cloud.firewall:
    name: web
    instances: [trainer-1, trainer-2]
    purge_instances: true
"""

RETURN = r"""
barrack_firewall:
  description: The firewall (empty after a delete).
  returned: always
  type: dict
  contains:
    id:
      description: Id of the firewall.
      type: str
      sample: "12"
    name:
      description: Name of the firewall.
      type: str
      sample: web
    description:
      description: Free text describing the firewall.
      type: str
      sample: public services
    region:
      description: Region of the firewall.
      type: str
      sample: FINLAND-1
    status:
      description: C(CREATING), C(SUCCESS) or C(ERROR).
      type: str
      sample: SUCCESS
    rules:
      description: The rules, each with C(id), the rule fields and C(status).
      type: list
      elements: dict
    attachments:
      description: The protected instances, each with C(instance_id) and C(status).
      type: list
      elements: dict
    created_at:
      description: Creation time.
      type: str
      sample: "2025-12-11T16:00:00Z"
"""

from ansible_collections.barrack.cloud.plugins.module_utils.barrack import (
    BarrackResource,
    rule_options,
    to_dict,
)


class Firewall(BarrackResource):
    result_key = "barrack_firewall"
    sub_client = "firewalls"
    options = dict(
        region=dict(type="str"),
        description=dict(type="str"),
        rules=dict(type="list", elements="dict", options=rule_options()),
        purge_rules=dict(type="bool", default=True),
        instances=dict(type="list", elements="str"),
        purge_instances=dict(type="bool", default=False),
    )

    @property
    def purge(self):
        return self.params["purge_rules"]

    def prepare(self):
        self.rules = self.validate_rules("rules")
        self.instance_ids = self.refs("instances", self.params["instances"], "instances")

    def desired(self):
        desired = super().desired()
        if self.rules is not None:
            desired["rules"] = self.rules
        return desired

    def ensure_created(self):
        resource = super().ensure_created()
        if resource is None and self.instance_ids:  # check mode: the attachments a real run makes
            self.after = dict(self.after, attachments=[{"instance_id": i} for i in self.instance_ids])
        return resource

    def ensure_state(self, resource):
        """The firewall's instances: the client's firewall-attachment plan (additive unless purge_instances)."""
        if self.instance_ids is None:
            return resource
        from shared_client.models.relations import FirewallMembers

        members = self.client.firewall_attachments
        current = FirewallMembers(firewall_id=resource.id, instance_ids=resource.instance_ids,
                                  attachments=resource.attachments)  # fmt: skip
        desired = {"firewall_id": str(resource.id), "instance_ids": self.instance_ids}
        plan = members.plan(current, desired, purge=self.params["purge_instances"])
        if not plan.changed:
            return resource
        self.mark_changed()
        wanted = plan.preview().instance_ids
        kept = [to_dict(a) for a in resource.attachments if a.instance_id in wanted]
        added = [{"instance_id": i} for i in wanted if i not in {a["instance_id"] for a in kept}]
        self.after = dict(self.after or to_dict(resource), attachments=kept + added)
        if self.check_mode:
            return resource
        outcome = members.apply(str(resource.id), plan, wait=self.waits, deadline=self.deadline)
        self.wrote = self.wrote or outcome.changed
        return self.api.get(str(resource.id))

    def delete(self, resource):
        self.api.delete(str(resource.id), detach=True, wait=self.waits, deadline=self.deadline)


def main():
    Firewall.main()


if __name__ == "__main__":
    main()
