"""One sub-client per resource, plus the read-only catalogue and account ones."""

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

__all__ = [
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
