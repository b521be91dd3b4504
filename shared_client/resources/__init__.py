"""One sub-client per resource, plus the read-only catalogue and account ones.

Names are imported lazily (PEP 562), like :mod:`shared_client.models`: a sub-client module (and the models it
uses) is loaded when first asked for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shared_client.resources.ai import AIClient
    from shared_client.resources.base import ResourceClient, SubClient, reconciled_post
    from shared_client.resources.catalogue import (
        BalanceClient,
        BillingClient,
        GpuSpecsClient,
        GpuStockClient,
        OsImagesClient,
        PricingClient,
        RegionsClient,
    )
    from shared_client.resources.firewalls import FirewallsClient
    from shared_client.resources.images import ImagesClient
    from shared_client.resources.instances import InstancesClient
    from shared_client.resources.scripts import ScriptsClient
    from shared_client.resources.snapshots import SnapshotsClient
    from shared_client.resources.ssh_keys import SshKeysClient
    from shared_client.resources.volumes import VolumesClient

_MODULE_OF = {
    "AIClient": "ai",
    "ResourceClient": "base",
    "SubClient": "base",
    "reconciled_post": "base",
    "BalanceClient": "catalogue",
    "BillingClient": "catalogue",
    "GpuSpecsClient": "catalogue",
    "GpuStockClient": "catalogue",
    "OsImagesClient": "catalogue",
    "PricingClient": "catalogue",
    "RegionsClient": "catalogue",
    "FirewallsClient": "firewalls",
    "ImagesClient": "images",
    "InstancesClient": "instances",
    "ScriptsClient": "scripts",
    "SnapshotsClient": "snapshots",
    "SshKeysClient": "ssh_keys",
    "VolumesClient": "volumes",
}

__all__ = [
    "AIClient",
    "BalanceClient",
    "BillingClient",
    "FirewallsClient",
    "GpuSpecsClient",
    "GpuStockClient",
    "ImagesClient",
    "InstancesClient",
    "OsImagesClient",
    "PricingClient",
    "RegionsClient",
    "ResourceClient",
    "ScriptsClient",
    "SnapshotsClient",
    "SshKeysClient",
    "SubClient",
    "VolumesClient",
    "reconciled_post",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
