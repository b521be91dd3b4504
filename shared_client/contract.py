"""THE contract table: every Barrack endpoint, auth and environment settings, in one place.

Each row is marked D (documented by Barrack) or I (inferred; docs/api-assumptions.md lists every inferred
detail). When the real API is seen, correcting a path, method, page style or list key is a
one-line change here; nothing else in the code base spells a path.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Final


class PageStyle(Enum):
    """How a list endpoint pages (query parameter names and the page fields it returns)."""

    STANDARD = "standard"  # ?page&page_size -> total_count, page, page_size, has_next
    SNAPSHOTS = "snapshots"  # ?page&pageSize (camelCase, D) -> total_count, page, page_size, has_next
    BILLING = "billing"  # ?page&limit -> total, page, limit, total_pages (D)
    SINGLE = "single"  # no paging: one response holds everything


# Query parameter carrying the page size, per style.
PAGE_SIZE_PARAM: Final[dict[PageStyle, str]] = {
    PageStyle.STANDARD: "page_size",
    PageStyle.SNAPSHOTS: "pageSize",
    PageStyle.BILLING: "limit",
}
PAGE_PARAM: Final = "page"
SEARCH_PARAM: Final = "search"
REGION_PARAM: Final = "region"
MAX_PAGE_SIZE: Final = 100  # I
DEFAULT_PAGE_SIZE: Final = 20  # D (examples)


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One API operation. `path` is a template under the base URL; ids are filled in URL-quoted."""

    name: str
    method: str
    path: str
    mark: str  # "D" documented, "I" inferred
    page_style: PageStyle | None = None  # list endpoints only
    list_key: str | None = None  # key of the items (top level of the envelope, D; or inside `data`, I)
    region_filter: bool = False  # list accepts ?region=


S, SN, B, ONE = PageStyle.STANDARD, PageStyle.SNAPSHOTS, PageStyle.BILLING, PageStyle.SINGLE

# fmt: off
_ROWS: Final[tuple[Endpoint, ...]] = (
    # name, method, path template, mark (D/I), page style, list key in `data`, accepts ?region=
    # --- instances
    Endpoint("instances.list", "GET", "/instances/", "I", S, "instances", True),
    Endpoint("instances.create", "POST", "/instances/", "I"),
    Endpoint("instances.get", "GET", "/instances/{id}/", "I"),
    Endpoint("instances.delete", "DELETE", "/instances/{id}/", "I"),
    Endpoint("instances.start", "POST", "/instances/{id}/start/", "I"),
    Endpoint("instances.stop", "POST", "/instances/{id}/stop/", "I"),
    Endpoint("instances.reboot", "POST", "/instances/{id}/reboot/", "I"),
    Endpoint("instances.hibernate", "POST", "/instances/{id}/hibernate/", "I"),
    Endpoint("instances.restore", "POST", "/instances/{id}/restore/", "I"),
    Endpoint("instances.toggle_public_ip", "POST", "/instances/{id}/toggle-public-ip/", "I"),
    Endpoint("instances.add_security_rule", "POST", "/instances/{id}/security-rules/", "I"),
    Endpoint("instances.remove_security_rule", "DELETE", "/instances/{id}/security-rules/{rule_id}/", "I"),
    Endpoint("instances.firewalls", "GET", "/instances/{id}/firewalls/", "I", ONE, "firewalls"),
    Endpoint("instances.attach_volumes", "POST", "/instances/{id}/attach-volumes/", "I"),
    Endpoint("instances.detach_volumes", "POST", "/instances/{id}/detach-volumes/", "I"),
    Endpoint("instances.snapshot_eligible", "GET", "/instances/snapshot-eligible/", "I", ONE, "instances"),
    Endpoint("instances.billing", "GET", "/instances/billing/", "I", B, "records"),
    Endpoint("instances.hibernated", "GET", "/instances/hibernated/", "I"),
    # --- volumes
    Endpoint("volumes.list", "GET", "/volumes/", "I", S, "volumes", True),
    Endpoint("volumes.create", "POST", "/volumes/", "I"),
    Endpoint("volumes.get", "GET", "/volumes/{id}/", "I"),
    Endpoint("volumes.delete", "DELETE", "/volumes/{id}/", "I"),
    Endpoint("volumes.resize", "POST", "/volumes/{id}/resize/", "I"),
    Endpoint("volumes.clone", "POST", "/volumes/{id}/clone/", "I"),
    Endpoint("volumes.types", "GET", "/volumes/types/", "I", ONE, "volume_types"),
    Endpoint("volumes.billing", "GET", "/volumes/billing/", "I", B, "records"),
    # --- firewalls
    Endpoint("firewalls.list", "GET", "/firewalls/", "I", S, "firewalls", True),
    Endpoint("firewalls.create", "POST", "/firewalls/", "I"),
    Endpoint("firewalls.get", "GET", "/firewalls/{id}/", "I"),
    Endpoint("firewalls.delete", "DELETE", "/firewalls/{id}/", "I"),
    Endpoint("firewalls.add_rule", "POST", "/firewalls/{id}/rules/", "I"),
    Endpoint("firewalls.remove_rule", "DELETE", "/firewalls/{id}/rules/{rule_id}/", "I"),
    Endpoint("firewalls.attach", "POST", "/firewalls/{id}/attach/", "I"),
    Endpoint("firewalls.protocols", "GET", "/firewalls/protocols/", "I", ONE, "protocols"),
    Endpoint("firewalls.available_instances", "GET", "/firewalls/{id}/available-instances/", "I", ONE, "instances"),
    # --- ssh keys
    Endpoint("ssh_keys.list", "GET", "/ssh-keys/", "I", S, "ssh_keys"),
    Endpoint("ssh_keys.create", "POST", "/ssh-keys/", "I"),
    Endpoint("ssh_keys.get", "GET", "/ssh-keys/{id}/", "I"),
    Endpoint("ssh_keys.delete", "DELETE", "/ssh-keys/{id}/", "I"),
    # --- startup scripts
    Endpoint("scripts.list", "GET", "/scripts/", "I", S, "scripts"),
    Endpoint("scripts.create", "POST", "/scripts/", "I"),
    Endpoint("scripts.get", "GET", "/scripts/{id}/", "I"),
    Endpoint("scripts.update", "PUT", "/scripts/{id}/", "I"),
    Endpoint("scripts.delete", "DELETE", "/scripts/{id}/", "I"),
    Endpoint("scripts.bulk_delete", "POST", "/scripts/bulk-delete/", "I"),
    # --- snapshots
    Endpoint("snapshots.list", "GET", "/snapshots/", "D", SN, "snapshots"),
    Endpoint("snapshots.create", "POST", "/snapshots/", "I"),
    Endpoint("snapshots.get", "GET", "/snapshots/{id}/", "I"),
    Endpoint("snapshots.delete", "DELETE", "/snapshots/{id}/", "I"),
    Endpoint("snapshots.restore", "POST", "/snapshots/{id}/restore/", "D"),
    Endpoint("snapshots.billing", "GET", "/snapshots/billing/", "I", B, "records"),
    Endpoint("snapshots.image", "GET", "/snapshots/{id}/image/", "I"),
    Endpoint("snapshots.images", "POST", "/snapshots/images/", "I"),  # read-only POST
    # --- custom images
    Endpoint("images.list", "GET", "/custom-images/", "D", S, "images"),
    Endpoint("images.create", "POST", "/custom-images/", "I"),
    Endpoint("images.get", "GET", "/custom-images/{id}/", "I"),
    Endpoint("images.delete", "DELETE", "/custom-images/{id}/", "I"),
    # --- catalogue and account
    Endpoint("regions.list", "GET", "/regions/", "I", ONE, "regions"),
    Endpoint("gpu_specs.list", "GET", "/gpu-specs/", "I", ONE, "gpu_specs"),
    Endpoint("gpu_stock.list", "GET", "/gpu-stocks/", "I", ONE, "stocks"),
    Endpoint("os_images.list", "GET", "/os-images/", "I", ONE, "images"),
    Endpoint("balance.get", "GET", "/balance/", "I"),
    Endpoint("pricing.get", "POST", "/pricing/", "D"),  # read-only POST
    Endpoint("pricing.query", "GET", "/pricing/", "D"),  # D: the GET is listed; its query parameters are I
    # --- AI Chat (D: the four endpoints and their schemas exist by name; paths and fields I)
    Endpoint("ai.models", "GET", "/ai/models/", "I", ONE, "models"),
    Endpoint("ai.chat", "POST", "/ai/chat/completions/", "I"),
    Endpoint("ai.usage_summary", "GET", "/ai/usage/summary/", "I"),
    Endpoint("ai.usage_history", "GET", "/ai/usage/history/", "I", S, "transactions"),
)
# fmt: on

ENDPOINTS: Final[dict[str, Endpoint]] = {e.name: e for e in _ROWS}

# --- transport defaults
DEFAULT_BASE_URL: Final = "https://barrack.ai/api"  # D
ENV_API_KEY: Final = "BARRACK_API_KEY"  # I
ENV_API_URL: Final = "BARRACK_API_URL"  # I
ENV_ALLOW_INSECURE_HTTP: Final = "BARRACK_ALLOW_INSECURE_HTTP"  # client setting: the key to a non-local http:// URL
ENV_MAX_RESPONSE_BYTES: Final = "BARRACK_MAX_RESPONSE_BYTES"  # client setting: cap of one response body
DEFAULT_AUTH_HEADER: Final = "Authorization"  # I: the header is not documented
DEFAULT_AUTH_SCHEME: Final = "Bearer"  # I; "" sends the bare key (e.g. header "X-API-Key")
REQUEST_ID_HEADER: Final = "X-Request-Id"  # I
RETRY_AFTER_HEADER: Final = "Retry-After"  # I: honoured when present
DATE_HEADER: Final = "Date"  # I: the server's clock (RFC 9110); reconciliation compares server times only

# --- envelope keys (D)
ENV_SUCCESS: Final = "success"
ENV_DATA: Final = "data"
ENV_MESSAGE: Final = "message"
ENV_ERROR_CODE: Final = "error_code"
ENV_ERRORS: Final = "errors"
ENV_REQUEST_ID: Final = "request_id"
ENV_TIMESTAMP: Final = "timestamp"
ENV_TIER: Final = "tier"
ENV_META: Final = frozenset({ENV_SUCCESS, ENV_DATA, ENV_MESSAGE, ENV_REQUEST_ID, ENV_TIMESTAMP})
"""Envelope keys that describe the response, not the payload (everything else beside `data` belongs to it)."""
PAGINATION_KEYS: Final = ("pagination", "Pagination")  # I: the `Pagination` schema exists by name
BILLING_SUMMARY_KEY: Final = "summary"  # D (billing response shape)

# --- public IP (D: restore example `"ip_status": "assigned"`; I: "unassigned"). "Has a public IP" is decided
# from a non-empty `ip_address`; `ip_status` is compared case-insensitively.
IP_ADDRESS: Final = "ip_address"
IP_STATUS: Final = "ip_status"
IP_ASSIGNED: Final = "assigned"  # D
IP_UNASSIGNED: Final = "unassigned"  # I

# --- status words
ERROR_STATUSES: Final = frozenset({"ERROR", "error"})  # terminal failure for every resource
