"""One sub-client per resource, plus the read-only catalogue and account ones.

Names are imported lazily (PEP 562), like :mod:`shared_client.models`: a sub-client module (and the models it
uses) is loaded when first asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared_client._lazy import lazy_exports

if TYPE_CHECKING:
    from shared_client.resources.ai import AIClient as AIClient
    from shared_client.resources.base import (
        ResourceClient as ResourceClient,
    )
    from shared_client.resources.base import (
        SubClient as SubClient,
    )
    from shared_client.resources.base import (
        reconciled_post as reconciled_post,
    )
    from shared_client.resources.catalogue import (
        BalanceClient as BalanceClient,
    )
    from shared_client.resources.catalogue import (
        BillingClient as BillingClient,
    )
    from shared_client.resources.catalogue import (
        GpuSpecsClient as GpuSpecsClient,
    )
    from shared_client.resources.catalogue import (
        GpuStockClient as GpuStockClient,
    )
    from shared_client.resources.catalogue import (
        OsImagesClient as OsImagesClient,
    )
    from shared_client.resources.catalogue import (
        PricingClient as PricingClient,
    )
    from shared_client.resources.catalogue import (
        RegionsClient as RegionsClient,
    )
    from shared_client.resources.firewalls import FirewallsClient as FirewallsClient
    from shared_client.resources.images import ImagesClient as ImagesClient
    from shared_client.resources.instances import InstancesClient as InstancesClient
    from shared_client.resources.scripts import ScriptsClient as ScriptsClient
    from shared_client.resources.snapshots import SnapshotsClient as SnapshotsClient
    from shared_client.resources.ssh_keys import SshKeysClient as SshKeysClient
    from shared_client.resources.volumes import VolumesClient as VolumesClient


__getattr__, __dir__, _names = lazy_exports(__name__, __file__, globals())
__all__ = _names
