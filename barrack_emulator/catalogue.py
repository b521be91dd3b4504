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
    "H100-PCIe-NVLink-80GB": {
        "tier": LEGACY,
        "max_count": 8,
        "price_usd": 2.29,
        "vram_gb": 80,
        "vcpus": 28,
        "ram_gb": 180,
        "storage_gb": 100,
    },
    "RTX-A6000": {
        "tier": LEGACY,
        "max_count": 4,
        "price_usd": 0.69,
        "vram_gb": 48,
        "vcpus": 8,
        "ram_gb": 58,
        "storage_gb": 100,
    },
    "H100-SXM5-80GB": {
        "tier": ADVANCED,
        "max_count": 8,
        "price_usd": 2.49,
        "vram_gb": 80,
        "vcpus": 24,
        "ram_gb": 240,
        "storage_gb": 200,
    },
    "B300-262GB": {
        "tier": ADVANCED,
        "max_count": 8,
        "price_usd": 5.79,
        "vram_gb": 262,
        "vcpus": 32,
        "ram_gb": 360,
        "storage_gb": 400,
    },
}

GPU_COUNTS: tuple[int, ...] = (1, 2, 4, 8)

# Machines free per configuration at start (assumption).
INITIAL_STOCK: dict[int, int] = {1: 20, 2: 10, 4: 6, 8: 3}

# Currency conversion from USD where no price is documented (assumption).
CURRENCIES: dict[str, float] = {"USD": 1.0, "EUR": 0.92, "INR": 83.0}
ACCOUNT_CURRENCY = "USD"
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
    "llama-3.1-8b-instruct": {
        "name": "Llama 3.1 8B Instruct",
        "context_length": 131_072,
        "price_per_1k_tokens": 0.0002,
    },
    "llama-3.3-70b-instruct": {
        "name": "Llama 3.3 70B Instruct",
        "context_length": 131_072,
        "price_per_1k_tokens": 0.0009,
    },
    "qwen2.5-coder-32b-instruct": {
        "name": "Qwen2.5 Coder 32B Instruct",
        "context_length": 32_768,
        "price_per_1k_tokens": 0.0006,
    },
}
AI_DEFAULT_MAX_TOKENS = 256
RECENT_HIBERNATIONS = 10  # entries in GET /instances/hibernated/ (I)
MAX_BODY_BYTES = 1024 * 1024  # request bodies above this get 413 (I)

PAGE_SIZE_DEFAULT = 20
PAGE_SIZE_MAX = 100
