"""One sub-client per resource, plus the read-only catalogue and account ones.

Names are imported lazily (PEP 562), like :mod:`shared_client.models`: a sub-client module (and the models it
uses) is loaded when first asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared_client._lazy import lazy_exports

if TYPE_CHECKING:
    from shared_client.resources.ai import AIClient
    from shared_client.resources.base import (
        ResourceClient,
        SubClient,
        reconciled_post,
    )
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


__getattr__, __dir__, _names = lazy_exports(__name__, __file__, globals())
__all__ = _names
