"""Read models (tolerant) and request models (strict, validated before any request)."""

from shared_client.models.base import ReadModel, RequestModel
from shared_client.models.catalogue import (
    Balance,
    BillingRecord,
    Estimate,
    GpuSpec,
    GpuStock,
    OsImage,
    Price,
    Pricing,
    PricingQuery,
    Region,
)
from shared_client.models.firewall import Firewall, FirewallAttachment, FirewallCreate, FirewallRef
from shared_client.models.image import CustomImage, CustomImageCreate
from shared_client.models.instance import Instance, InstanceBilling, InstanceCreate, Ref, Specs, VolumeAttachment
from shared_client.models.rule import Rule, RuleSpec
from shared_client.models.script import Script, ScriptCreate, ScriptUpdate
from shared_client.models.settings import ClientSettings
from shared_client.models.snapshot import Snapshot, SnapshotCreate, SnapshotRestore
from shared_client.models.ssh_key import SshKey, SshKeyCreate
from shared_client.models.volume import Volume, VolumeCreate, VolumeType

__all__ = [
    "Balance",
    "BillingRecord",
    "ClientSettings",
    "CustomImage",
    "CustomImageCreate",
    "Estimate",
    "Firewall",
    "FirewallAttachment",
    "FirewallCreate",
    "FirewallRef",
    "GpuSpec",
    "GpuStock",
    "Instance",
    "InstanceBilling",
    "InstanceCreate",
    "OsImage",
    "Price",
    "Pricing",
    "PricingQuery",
    "ReadModel",
    "Ref",
    "Region",
    "RequestModel",
    "Rule",
    "RuleSpec",
    "Script",
    "ScriptCreate",
    "ScriptUpdate",
    "Snapshot",
    "SnapshotCreate",
    "SnapshotRestore",
    "Specs",
    "SshKey",
    "SshKeyCreate",
    "Volume",
    "VolumeAttachment",
    "VolumeCreate",
    "VolumeType",
]
