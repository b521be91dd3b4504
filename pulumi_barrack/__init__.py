"""Pulumi dynamic resources for the Barrack GPU cloud (``import pulumi_barrack as barrack``).

Credentials come from stack config ``barrack:apiKey`` (secret) and ``barrack:apiUrl``, falling back to the
``BARRACK_API_KEY`` / ``BARRACK_API_URL`` environment variables. See docs/pulumi.md.
"""

from pulumi_barrack._provider import BarrackProviderError
from pulumi_barrack._resource import RuleArgs, TimeoutsArgs
from pulumi_barrack._version import SCHEMA_VERSION, __version__
from pulumi_barrack.attachments import (
    FirewallAttachment,
    FirewallAttachmentArgs,
    FirewallAttachmentProvider,
    VolumeAttachment,
    VolumeAttachmentArgs,
    VolumeAttachmentProvider,
)
from pulumi_barrack.firewall import Firewall, FirewallArgs, FirewallProvider
from pulumi_barrack.functions import (
    get_balance,
    get_gpu_stock,
    get_hourly_cost,
    get_os_images,
    get_pricing,
    get_regions,
)
from pulumi_barrack.instance import Instance, InstanceArgs, InstanceProvider
from pulumi_barrack.security_rule import InstanceSecurityRule, InstanceSecurityRuleArgs, InstanceSecurityRuleProvider
from pulumi_barrack.snapshot import (
    CustomImage,
    CustomImageArgs,
    CustomImageProvider,
    Snapshot,
    SnapshotArgs,
    SnapshotProvider,
)
from pulumi_barrack.ssh_key import SshKey, SshKeyArgs, SshKeyProvider
from pulumi_barrack.startup_script import StartupScript, StartupScriptArgs, StartupScriptProvider
from pulumi_barrack.volume import Volume, VolumeArgs, VolumeProvider

__all__ = [
    "SCHEMA_VERSION",
    "BarrackProviderError",
    "CustomImage",
    "CustomImageArgs",
    "CustomImageProvider",
    "Firewall",
    "FirewallArgs",
    "FirewallAttachment",
    "FirewallAttachmentArgs",
    "FirewallAttachmentProvider",
    "FirewallProvider",
    "Instance",
    "InstanceArgs",
    "InstanceProvider",
    "InstanceSecurityRule",
    "InstanceSecurityRuleArgs",
    "InstanceSecurityRuleProvider",
    "RuleArgs",
    "Snapshot",
    "SnapshotArgs",
    "SnapshotProvider",
    "SshKey",
    "SshKeyArgs",
    "SshKeyProvider",
    "StartupScript",
    "StartupScriptArgs",
    "StartupScriptProvider",
    "TimeoutsArgs",
    "Volume",
    "VolumeArgs",
    "VolumeAttachment",
    "VolumeAttachmentArgs",
    "VolumeAttachmentProvider",
    "VolumeProvider",
    "__version__",
    "get_balance",
    "get_gpu_stock",
    "get_hourly_cost",
    "get_os_images",
    "get_pricing",
    "get_regions",
]

PROVIDERS = (
    InstanceProvider,
    VolumeProvider,
    VolumeAttachmentProvider,
    FirewallProvider,
    FirewallAttachmentProvider,
    SshKeyProvider,
    StartupScriptProvider,
    SnapshotProvider,
    CustomImageProvider,
    InstanceSecurityRuleProvider,
)
"""Every provider class (tests iterate over it)."""
