"""The static vocabulary of the API the client validates against (regions, tiers, GPU models, volume types, rule words,
limits, statuses; D = documented, I = inferred; see the contract page). Not to be confused with the catalogue
*endpoints* (`resources/catalogue.py`: regions, GPU stock, pricing read from the API)."""

from __future__ import annotations

from typing import Final, NamedTuple

LEGACY: Final = "legacy"
ADVANCED: Final = "advanced"
TIERS: Final = frozenset({LEGACY, ADVANCED})

# region -> tier (D)
REGIONS: Final[dict[str, str]] = {
    "CANADA-1": LEGACY,
    "FINLAND-1": ADVANCED,
    "FINLAND-2": ADVANCED,
    "FINLAND-3": ADVANCED,
    "ICELAND-1": ADVANCED,
}


class GpuModel(NamedTuple):
    tier: str
    max_count: int


# GPU model -> tier and max count (D, pricing page)
GPU_MODELS: Final[dict[str, GpuModel]] = {
    "H100-PCIe-NVLink-80GB": GpuModel(LEGACY, 8),
    "RTX-A6000": GpuModel(LEGACY, 4),
    "H100-SXM5-80GB": GpuModel(ADVANCED, 8),
    "B300-262GB": GpuModel(ADVANCED, 8),
}
GPU_COUNTS: Final = (1, 2, 4, 8)  # I


class VolumeTypeSpec(NamedTuple):
    tier: str
    min_gb: int
    max_gb: int


# Volume type -> tier and size bounds in GB (D, newer docs)
VOLUME_TYPES: Final[dict[str, VolumeTypeSpec]] = {
    "SSD": VolumeTypeSpec(LEGACY, 100, 102_400),
    "NVMe": VolumeTypeSpec(ADVANCED, 100, 10_000),
    "HDD": VolumeTypeSpec(ADVANCED, 100, 16_000),
}

CURRENCIES: Final = frozenset({"USD", "EUR", "INR"})  # D
MIN_BALANCE: Final[dict[str, float]] = {"USD": 1.0, "EUR": 1.0, "INR": 100.0}  # D (minimum balance to create)
RESOURCE_TYPES: Final = frozenset({"gpu", "volume", "snapshot"})  # I (pricing body)

# Firewall / security rule vocabulary (I, Hyperstack / Neutron)
DIRECTIONS: Final = frozenset({"ingress", "egress"})
ETHERTYPES: Final = frozenset({"IPv4", "IPv6"})
PROTOCOLS: Final = frozenset(
    {"any", "ah", "dccp", "egp", "esp", "gre", "icmp", "igmp", "ipip", "ipv6-encap", "ipv6-frag", "ipv6-icmp",
     "ipv6-nonxt", "ipv6-opts", "ipv6-route", "ospf", "pgm", "rsvp", "sctp", "tcp", "udp", "udplite", "vrrp"}
)
# Rule defaults (documented once, in shared_client.rules): a rule may give only its protocol.
DEFAULT_DIRECTION: Final = "ingress"
DEFAULT_ETHERTYPE: Final = "IPv4"
ANY_PREFIX: Final[dict[str, str]] = {"IPv4": "0.0.0.0/0", "IPv6": "::/0"}
PORTLESS_PROTOCOLS: Final = frozenset({"icmp", "ipv6-icmp"})  # ports make no sense for these
PORT_MIN: Final = 1
PORT_MAX: Final = 65535

SSH_KEY_TYPES: Final = frozenset(
    {"ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"}
)  # D (UI docs)

BOOT_SOURCES: Final = frozenset({"os_image", "volume", "custom_image"})  # I
MAX_CLOUD_INIT_BYTES: Final = 16 * 1024  # D
MAX_SCRIPT_BYTES: Final = 64 * 1024  # I (startup script content)
MAX_DESCRIPTION: Final = 255  # D (firewall); applied to every description (I)
MAX_VOLUMES_PER_INSTANCE: Final = 10  # I
MAX_FIREWALLS: Final = 25  # D
MAX_SSH_KEYS_PER_REGION: Final = 25  # D

# Terminal and transitional statuses per resource (D words, I transitions)
INSTANCE_STABLE: Final = frozenset({"ACTIVE", "SHUTOFF", "HIBERNATED", "ERROR"})
INSTANCE_TRANSITIONAL: Final = frozenset(
    {"CREATING", "BUILD", "STOPPING", "STARTING", "REBOOTING", "HIBERNATING", "RESTORING", "DELETING"}
)


def region_tier(region: str | None) -> str | None:
    """The tier of a region, or None when unknown."""
    return REGIONS.get(region) if region else None
