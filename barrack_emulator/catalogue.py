"""Static catalogue the emulator serves: regions, GPU models, prices, images, volume types, protocols.

Values marked (D) come from the contract page; everything else is an emulator assumption (docs/emulator.md).
"""

from __future__ import annotations

from typing import Any

LEGACY = "legacy"
ADVANCED = "advanced"

# region -> tier (D)
REGIONS: dict[str, str] = {
    "CANADA-1": LEGACY,
    "FINLAND-1": ADVANCED,
    "FINLAND-2": ADVANCED,
    "FINLAND-3": ADVANCED,
    "ICELAND-1": ADVANCED,
}

# gpu model -> spec. tier/max_count/price (D); vram, per-GPU vcpus/ram/storage (assumption).
GPU_MODELS: dict[str, dict[str, Any]] = {
    model: dict(zip(("tier", "max_count", "price_usd", "vram_gb", "vcpus", "ram_gb", "storage_gb"), spec, strict=True))
    for model, spec in {
        "H100-PCIe-NVLink-80GB": (LEGACY, 8, 2.29, 80, 28, 180, 100),
        "RTX-A6000": (LEGACY, 4, 0.69, 48, 8, 58, 100),
        "H100-SXM5-80GB": (ADVANCED, 8, 2.49, 80, 24, 240, 200),
        "B300-262GB": (ADVANCED, 8, 5.79, 262, 32, 360, 400),
    }.items()
}

GPU_COUNTS: tuple[int, ...] = (1, 2, 4, 8)

# Machines free per configuration at start (assumption).
INITIAL_STOCK: dict[int, int] = {1: 20, 2: 10, 4: 6, 8: 3}

# Currency conversion from USD where no price is documented (assumption).
CURRENCIES: dict[str, float] = {"USD": 1.0, "EUR": 0.92, "INR": 83.0}
# Minimum account balance to create a volume, per currency (D: 1.00 USD/EUR, 100 INR).
MIN_BALANCE_VOLUME: dict[str, float] = {"USD": 1.0, "EUR": 1.0, "INR": 100.0}
HOURS_PER_MONTH = 730  # hourly = monthly / 730 (I)
DEFAULT_BALANCE = 1000.0
HIBERNATED_RATE = 0.01  # per hour (D)

# Volume types: tier and size bounds (D); price per GB-month (D: SSD 0.10 USD / 0.10 EUR / 10 INR, NVMe 0.30 USD,
# HDD 0.08 USD; the EUR/INR prices of NVMe and HDD are not documented and are converted from USD, I).
VOLUME_TYPES: dict[str, dict[str, Any]] = {
    "SSD": {
        "tier": LEGACY,
        "min_gb": 100,
        "max_gb": 102_400,
        "price_gb_month": {"USD": 0.10, "EUR": 0.10, "INR": 10.0},
    },
    "NVMe": {"tier": ADVANCED, "min_gb": 100, "max_gb": 10_000, "price_gb_month": {"USD": 0.30}},
    "HDD": {"tier": ADVANCED, "min_gb": 100, "max_gb": 16_000, "price_gb_month": {"USD": 0.08}},
}

# Snapshot storage per GB-hour in USD (assumption); snapshots exist on the legacy tier only.
SNAPSHOT_PRICE_GB_HOUR: dict[str, float] = {LEGACY: 0.00007}

OS_IMAGES: list[dict[str, Any]] = [
    {"name": "Ubuntu Server 22.04 LTS R535 CUDA 12.2", "os": "Ubuntu", "version": "22.04"},
    {"name": "Ubuntu Server 24.04 LTS R550 CUDA 12.4", "os": "Ubuntu", "version": "24.04"},
    {"name": "Ubuntu Server 20.04 LTS", "os": "Ubuntu", "version": "20.04"},
    {"name": "Debian 12", "os": "Debian", "version": "12"},
    {"name": "Rocky Linux 9", "os": "Rocky Linux", "version": "9"},
]
OS_IMAGE_NAMES: frozenset[str] = frozenset(i["name"] for i in OS_IMAGES)

# Neutron protocol names (Hyperstack "Get supported protocols").
PROTOCOLS: tuple[str, ...] = (
    "any",
    "ah",
    "dccp",
    "egp",
    "esp",
    "gre",
    "icmp",
    "igmp",
    "ipip",
    "ipv6-encap",
    "ipv6-frag",
    "ipv6-icmp",
    "ipv6-nonxt",
    "ipv6-opts",
    "ipv6-route",
    "ospf",
    "pgm",
    "rsvp",
    "sctp",
    "tcp",
    "udp",
    "udplite",
    "vrrp",
)
PORTLESS_PROTOCOLS: frozenset[str] = frozenset({"icmp", "ipv6-icmp"})

SSH_KEY_TYPES: frozenset[str] = frozenset(
    {"ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"}
)

# Quotas.
MAX_FIREWALLS = 25
MAX_SSH_KEYS = 25
MAX_VOLUMES_PER_INSTANCE = 10
MAX_CLOUD_INIT_BYTES = 16 * 1024
MAX_SCRIPT_BYTES = 64 * 1024
MAX_DESCRIPTION = 255

# Base durations of each transitional step, in seconds, multiplied by delay_scale (assumption).
DURATIONS: dict[str, float] = {
    "instance.CREATING": 10.0,
    "instance.BUILD": 20.0,
    "instance.STOPPING": 10.0,
    "instance.STARTING": 15.0,
    "instance.REBOOTING": 20.0,
    "instance.HIBERNATING": 20.0,
    "instance.RESTORING": 25.0,
    "instance.DELETING": 10.0,
    "volume.creating": 10.0,
    "volume.clone": 20.0,
    "firewall.CREATING": 5.0,
    "rule.pending": 5.0,
    "attachment.ATTACHING": 10.0,
    "snapshot.CREATING": 60.0,
    "image.creating": 120.0,
}

# AI Chat models (I: ids, context lengths and prices per 1,000 tokens in USD are the emulator's own).
AI_MODELS: dict[str, dict[str, Any]] = {
    model: dict(zip(("name", "context_length", "price_per_1k_tokens"), spec, strict=True))
    for model, spec in {
        "llama-3.1-8b-instruct": ("Llama 3.1 8B Instruct", 131_072, 0.0002),
        "llama-3.3-70b-instruct": ("Llama 3.3 70B Instruct", 131_072, 0.0009),
        "qwen2.5-coder-32b-instruct": ("Qwen2.5 Coder 32B Instruct", 32_768, 0.0006),
    }.items()
}
AI_DEFAULT_MAX_TOKENS = 256
RECENT_HIBERNATIONS = 10  # entries in GET /instances/hibernated/ (I)
MAX_BODY_BYTES = 1024 * 1024  # request bodies above this get 413 (I)

PAGE_SIZE_DEFAULT = 20
PAGE_SIZE_MAX = 100
