# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Barrack IaC team
# Apache License 2.0 (see https://www.apache.org/licenses/LICENSE-2.0)
"""Dynamic inventory of Barrack GPU cloud instances."""

from __future__ import annotations

DOCUMENTATION = r"""
name: barrack
short_description: Barrack GPU cloud instances as an inventory source
version_added: 0.1.0
author: Barrack IaC team (@barrack-iac)
description:
  - Lists every instance of a Barrack account (all pages, one list call per run) and adds each one as a host.
  - Filters by region, status, GPU model and a name pattern; groups hosts by region, tier, GPU model and status.
  - Sets C(ansible_host) from the public or the private IP address and exposes the instance's fields as host
    variables prefixed with O(variable_prefix) (C(barrack_)).
  - Addresses are those the Barrack API returns for an instance, one public (C(ip_address)) and one private
    (C(private_ip)); the API gives no IPv6 address and no list of further private addresses, so there are none to
    expose.
  - Supports the C(constructed) options (compose, groups, keyed_groups) and the inventory cache; with a warm cache
    no API call is made. The cache key includes the options that shape the query (API URL, regions) and a digest
    of the credentials (API key, auth header and scheme; never the key itself), so changing any of them never
    serves another query's or another account's hosts.
  - The inventory source must be a YAML file whose name ends with C(barrack.yml) or C(barrack.yaml).
requirements:
  - httpx and pydantic (the collection's C(requirements.txt)), for the shared Barrack client
extends_documentation_fragment:
  - constructed
  - inventory_cache
options:
  plugin:
    description: Marks this file as a source for this plugin.
    required: true
    type: str
    choices: [barrack.cloud.barrack]
  api_key:
    description:
      - The Barrack API key. It is never written to the inventory output or logs.
      - May be a Jinja2 expression, for example a lookup of an environment variable or a vaulted value.
      - Falls back to the E(BARRACK_API_KEY) environment variable.
    type: str
    env:
      - name: BARRACK_API_KEY
  api_url:
    description:
      - Base URL of the Barrack API.
      - Falls back to the E(BARRACK_API_URL) environment variable, then to C(https://barrack.ai/api).
    type: str
    env:
      - name: BARRACK_API_URL
  api_timeout:
    description: Timeout in seconds of each HTTP request (E(BARRACK_API_TIMEOUT), then C(30)).
    type: float
  api_retries:
    description: How often a request is retried after a rate limit, a server error or a lost connection (C(5)).
    type: int
  validate_certs:
    description: Whether to verify the TLS certificate of the API (E(BARRACK_VALIDATE_CERTS), then V(true)).
    type: bool
  auth_header:
    description: HTTP header carrying the API key (E(BARRACK_AUTH_HEADER), then C(Authorization)).
    type: str
  auth_scheme:
    description: Scheme before the key, V("") for the bare key (E(BARRACK_AUTH_SCHEME), then C(Bearer)).
    type: str
  allow_insecure_http:
    description:
      - Allow sending the API key over plain C(http://) to a host that is not this machine (refused otherwise;
        loopback and C(localhost) are always allowed). E(BARRACK_ALLOW_INSECURE_HTTP), then V(false).
    type: bool
  regions:
    description: Only instances in these regions (for example C(CANADA-1)). Empty means every region.
    type: list
    elements: str
    default: []
  statuses:
    description: Only instances in these statuses (for example C(ACTIVE), C(SHUTOFF)), case-insensitive.
    type: list
    elements: str
    default: []
  gpu_models:
    description: Only instances with these GPU models (for example C(RTX-A6000)).
    type: list
    elements: str
    default: []
  name_pattern:
    description:
      - Only instances whose name matches this shell-style pattern (C(*), C(?), C([seq])), case-sensitive.
    type: str
  connect_with:
    description:
      - Which address becomes C(ansible_host).
      - When the instance has no address of that kind, C(ansible_host) is not set.
    type: str
    default: public_ip
    choices: [public_ip, private_ip]
  hostname:
    description:
      - What becomes the inventory host name when O(hostnames) is empty or none of its templates gives a name.
    type: str
    default: name
    choices: [name, id]
  hostnames:
    description:
      - Jinja2 templates of the inventory host name, tried in order; the first that renders to a non-empty string
        without an undefined variable names the host, else O(hostname) does.
      - Templated with the host variables this plugin sets (prefixed with O(variable_prefix)), for example
        C({{ barrack_name }}.{{ barrack_region | lower }}) or C({{ barrack_ip_address }}).
    type: list
    elements: str
    default: []
    version_added: 0.2.0
  variable_prefix:
    description:
      - Prefix of the host variables made from the instance's fields (C(barrack_id), C(barrack_name), ...).
      - O(hostnames), O(filters), O(compose), O(groups) and O(keyed_groups) see the variables with this prefix.
    type: str
    default: barrack_
    version_added: 0.2.0
  filters:
    description:
      - Jinja2 conditionals (without C({{ }})) a host must all satisfy, beside O(regions), O(statuses),
        O(gpu_models) and O(name_pattern), for example C(barrack_specs.gpu_count >= 2).
      - Evaluated with the host variables this plugin sets (prefixed with O(variable_prefix)). A conditional
        that fails to evaluate is an error when O(strict) is true, else the host is left out.
    type: list
    elements: str
    default: []
    version_added: 0.2.0
"""

EXAMPLES = r"""
# barrack.yml: every instance, grouped by region, tier, GPU model and status
plugin: barrack.cloud.barrack

# barrack.yml: running H100 instances in Finland, reached over the private network, cached for 5 minutes
plugin: barrack.cloud.barrack
regions: [FINLAND-1, FINLAND-2]
statuses: [ACTIVE]
gpu_models: [H100-SXM5-80GB]
name_pattern: "train-*"
connect_with: private_ip
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/barrack-inventory
cache_timeout: 300
compose:
  ansible_user: "'ubuntu'"
  hourly_rate: barrack_billing.hourly_rate
keyed_groups:
  - key: barrack_gpu_count | string
    prefix: gpus
groups:
  big: barrack_gpu_count >= 4

# barrack.yml: host names "<name>.<region>", falling back to the public IP, then the id; short variable names;
# only instances with at least 2 GPUs that have a public IP
plugin: barrack.cloud.barrack
hostnames:
  - "{{ bk_name }}.{{ bk_region | lower }}"
  - "{{ bk_ip_address }}"
  - "{{ bk_id }}"
variable_prefix: bk_
filters:
  - bk_gpu_count >= 2
  - bk_ip_address is truthy
"""

import fnmatch
import hashlib
import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ansible.errors import AnsibleError  # type: ignore[import-untyped]  # ansible-core ships no type hints
from ansible.module_utils.common.text.converters import to_native  # type: ignore[import-untyped]
from ansible.module_utils.parsing.convert_bool import boolean  # type: ignore[import-untyped]
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable  # type: ignore[import-untyped]
from ansible.utils.unsafe_proxy import wrap_var  # type: ignore[import-untyped]

if TYPE_CHECKING:
    from shared_client.models import Instance

HOSTVAR_PREFIX = "barrack_"  # of the listed (and cached) host variables; variable_prefix renames them
GROUP_KEYS = ("region", "tier", "gpu_model", "status")
CREDENTIAL_OPTIONS = ("api_key", "auth_header", "auth_scheme")


def group_name(kind: str, value: object) -> str:
    """Group name for one grouping dimension, e.g. ("gpu_model", "RTX-A6000") -> "gpu_model_rtx_a6000"."""
    return "%s_%s" % (kind, re.sub(r"[^a-z0-9_]", "_", str(value).lower()))


def instance_hostvars(instance: Instance) -> dict[str, Any]:
    """Host variables of one instance (the client's read model): every field prefixed, plus its id, name and GPU
    model and count as the client names them (``current_values()``)."""
    values = instance.current_values()
    hostvars = dict((HOSTVAR_PREFIX + key, value) for key, value in instance.to_dict().items())
    hostvars["barrack_id"] = instance.id
    hostvars["barrack_name"] = instance.name
    hostvars["barrack_gpu_model"] = values.get("gpu_model")
    hostvars["barrack_gpu_count"] = values.get("gpu_count")
    return hostvars


def with_prefix(hostvars: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    """The host variables (as listed and cached, prefixed ``barrack_``) with ``variable_prefix`` instead."""
    if prefix == HOSTVAR_PREFIX:
        return dict(hostvars)
    return dict((prefix + key[len(HOSTVAR_PREFIX):], value) for key, value in hostvars.items())


def credentials_digest(credentials: Mapping[str, object]) -> str:
    """A digest of the credentials for the cache key: another key or account never gets this one's hosts, and
    the cache (file names included) never holds the key."""
    material = json.dumps(["barrack-inventory-cache-v1"] + [credentials.get(o) for o in CREDENTIAL_OPTIONS])
    return hashlib.sha256(material.encode()).hexdigest()


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):  # type: ignore[misc]
    """Barrack instances as inventory hosts."""

    NAME = "barrack.cloud.barrack"

    def verify_file(self, path: str) -> bool:
        return super().verify_file(path) and path.endswith(("barrack.yml", "barrack.yaml"))

    def parse(self, inventory: object, loader: object, path: str, cache: bool = True) -> None:
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)

        # the server query depends on the URL, the regions and the account: a cache entry is only valid for the
        # same ones (the credentials enter as a digest; the key itself never reaches the cache)
        credentials = credentials_digest(dict((o, self._option(o)) for o in CREDENTIAL_OPTIONS))
        query = json.dumps([self._option("api_url"), sorted(self.get_option("regions") or []), credentials])
        cache_key = "%s_%s" % (self.get_cache_key(path), hashlib.sha256(query.encode()).hexdigest()[:16])
        use_cache = self.get_option("cache")
        instances = None
        if use_cache and cache:
            try:
                instances = self._cache[cache_key]
            except KeyError:
                instances = None
        if instances is None:
            instances = self._list_instances()
            if use_cache:
                self._cache[cache_key] = instances

        for hostvars in instances:
            if self._selected(hostvars):
                self._add_instance(hostvars)

    def _option(self, name: str) -> object:
        """An option's value, templated when it is a Jinja2 expression (e.g. a lookup for the API key)."""
        value = self.get_option(name)
        if isinstance(value, str) and self.templar.is_template(value):
            value = self.templar.template(value)
        return value

    def _list_instances(self) -> list[dict[str, Any]]:
        """The host variables of all instances (one list call; every page), JSON-ready for the cache."""
        # Imported here: a run served from a warm cache does not pay for loading the client (httpx, pydantic).
        from ansible_collections.barrack.cloud.plugins.module_utils import barrack

        if not barrack.HAS_BARRACK_CLIENT:
            raise AnsibleError(
                "The barrack.cloud.barrack inventory plugin needs httpx and pydantic (the collection's "
                "requirements.txt) in the Python that runs Ansible. The import failed with: %s"
                % barrack.BARRACK_CLIENT_IMPORT_CAUSE
            )
        from shared_client.errors import BarrackError

        regions = self.get_option("regions") or []
        # One region can be filtered on the server; several are filtered here after one unfiltered list call.
        region = regions[0] if len(regions) == 1 else None
        try:
            with barrack.client_from_params(dict((o, self._option(o)) for o in barrack.CONNECTION_SETTINGS)) as client:
                return [instance_hostvars(instance) for instance in client.instances.list(region=region)]
        except BarrackError as exc:
            # str() of client errors carries status, code, message and request id, never the key.
            raise AnsibleError("barrack inventory: listing instances failed: %s" % to_native(exc)) from None

    def _selected(self, hostvars: Mapping[str, Any]) -> bool:
        regions = self.get_option("regions") or []
        if regions and hostvars.get("barrack_region") not in regions:
            return False
        statuses = [s.upper() for s in self.get_option("statuses") or []]
        if statuses and str(hostvars.get("barrack_status") or "").upper() not in statuses:
            return False
        gpu_models = self.get_option("gpu_models") or []
        if gpu_models and hostvars.get("barrack_gpu_model") not in gpu_models:
            return False
        pattern = self.get_option("name_pattern")
        return not pattern or fnmatch.fnmatchcase(str(hostvars.get("barrack_name") or ""), pattern)

    def _passes_filters(self, hostvars: Mapping[str, Any]) -> bool:
        """Whether every Jinja2 conditional of ``filters`` is true for these host variables."""
        for condition in self.get_option("filters") or []:
            try:
                if not boolean(self._compose(condition, wrap_var(hostvars)), strict=False):
                    return False
            except Exception as exc:  # pylint: disable=broad-exception-caught  # any templating error
                if self.get_option("strict"):
                    message = "barrack inventory: filter %r failed: %s" % (condition, to_native(exc))
                    raise AnsibleError(message) from None
                return False
        return True

    def _host_name(self, hostvars: Mapping[str, Any]) -> str:
        """The first of ``hostnames`` that renders to a non-empty string, else the ``hostname`` choice."""
        prefix = self.get_option("variable_prefix")
        for template in self.get_option("hostnames") or []:
            self.templar.available_variables = wrap_var(hostvars)  # API data is never templated itself
            try:
                name = self.templar.template(template)
            except Exception:  # pylint: disable=broad-exception-caught  # undefined variable: try the next one
                continue
            if name is not None and str(name).strip():
                return str(name).strip()
        return str(hostvars[prefix + ("name" if self.get_option("hostname") == "name" else "id")])

    def _add_instance(self, listed: Mapping[str, Any]) -> None:
        prefix = self.get_option("variable_prefix")
        hostvars = with_prefix(listed, prefix)
        if not self._passes_filters(hostvars):
            return
        host = self.inventory.add_host(self._host_name(hostvars), group=self.inventory.add_group("barrack"))
        # API data is never templated (ansible-core >= 2.19 treats it as untrusted anyway).
        for name, value in hostvars.items():
            self.inventory.set_variable(host, name, wrap_var(value))
        address_key = "barrack_ip_address" if self.get_option("connect_with") == "public_ip" else "barrack_private_ip"
        if listed.get(address_key):
            self.inventory.set_variable(host, "ansible_host", wrap_var(listed[address_key]))
        for kind in GROUP_KEYS:
            if hostvars.get(prefix + kind):
                group = self.inventory.add_group(group_name(kind, hostvars[prefix + kind]))
                self.inventory.add_child(group, host)

        strict = self.get_option("strict")
        variables = self.inventory.get_host(host).get_vars()
        self._set_composite_vars(self.get_option("compose"), variables, host, strict=strict)
        self._add_host_to_composed_groups(self.get_option("groups"), variables, host, strict=strict)
        self._add_host_to_keyed_groups(self.get_option("keyed_groups"), variables, host, strict=strict)
