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
  - A firewall is found by O(id) or by its unique O(name).
  - O(rules) is an order-insensitive set; rules are compared in canonical form (defaults filled in, protocol in
    lower case, CIDR canonical, so C(10.1.2.3/8) equals C(10.0.0.0/8)).
  - Rules left out of a rule get the client's defaults - V(ingress), V(IPv4), every address of the ethertype, and
    one port when only O(rules[].port_range_min) is given.
  - New rules are added before old ones are removed, so there is no moment without them.
  - O(description) and O(region) can only be set at creation; a difference (or a firewall in C(ERROR)) fails
    naming the option, unless O(recreate=true) replaces the firewall.
options:
  name:
    description:
      - Name of the firewall, unique per account.
      - Required to create a firewall.
    type: str
  id:
    description:
      - Id of the firewall.
    type: str
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
      - Names or ids of the instances the firewall protects, as the full list (instances not listed are detached).
      - Omit to leave the attachments alone; V([]) detaches every instance.
    type: list
    elements: str
  state:
    description:
      - V(present) makes sure the firewall exists as described, V(absent) deletes it (detaching its instances first).
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - barrack.cloud.barrack
  - barrack.cloud.barrack.wait
  - barrack.cloud.barrack.recreate
notes:
  - Supports C(check_mode) and C(diff).
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
    barrack_module,
    rule_options,
)


class Firewall(BarrackResource):
    result_key = "barrack_firewall"
    sub_client = "firewalls"

    def prepare(self):
        self.rules = self.validate_rules("rules")
        self.instance_ids = self.refs("instances", self.params["instances"], "instances")

    def desired(self):
        desired = super().desired()
        desired.pop("rules", None)  # synced by ensure_state (purge_rules decides the semantics)
        return desired

    def predict_create(self, body):
        return dict(body, rules=self.rules or [], attachments=[{"instance_id": i} for i in self.instance_ids or []])

    def create(self, body):
        rules = self.rules if self.rules is not None else body.get("rules")
        return self.api.create(**dict(body, rules=rules), adopt_concurrent=self.existing is None)

    def wait_ready(self, resource):
        return resource  # ensure_state waits once for everything

    def ensure_state(self, resource):
        from shared_client.rules import canonical, rules_applied

        purge = self.params["purge_rules"]
        sync_rules = self.rules is not None and not rules_applied(resource.rules, self.rules, purge=purge)
        attach = self.instance_ids is not None and set(resource.instance_ids) != set(self.instance_ids)
        if not (sync_rules or attach or self.result["changed"]):
            return resource
        self.mark_changed()
        if self.check_mode:
            kept = [canonical(r) for r in resource.rules if not purge and canonical(r) not in self.rules]
            self.after = dict(self.after or self.to_result(resource))
            if sync_rules:
                self.after["rules"] = kept + self.rules
            if attach:
                self.after["attachments"] = [{"instance_id": i} for i in self.instance_ids]
            return resource
        ident = str(resource.id)
        if sync_rules or (self.rules and self.waits):
            resource = self.api.set_rules(ident, self.rules, purge=purge, wait=self.waits, deadline=self.deadline).obj
        if attach:
            resource = self.api.attach(ident, self.instance_ids, wait=self.waits, deadline=self.deadline)
        if self.waits:
            resource = self.api.wait_ready(ident, deadline=self.deadline)
        return resource

    def delete(self, resource):
        self.api.delete(str(resource.id), detach=True, wait=self.waits, deadline=self.deadline)


def main():
    module = barrack_module(
        dict(
            name=dict(type="str"),
            id=dict(type="str"),
            region=dict(type="str"),
            description=dict(type="str"),
            rules=dict(type="list", elements="dict", options=rule_options()),
            purge_rules=dict(type="bool", default=True),
            instances=dict(type="list", elements="str"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
        wait=True,
        recreate=True,
        required_one_of=[("id", "name")],
    )
    Firewall(module).run()


if __name__ == "__main__":
    main()
