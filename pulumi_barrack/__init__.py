"""Pulumi dynamic resources for the Barrack GPU cloud (``import pulumi_barrack as barrack``).

Connection settings come from stack config ``barrack:apiKey`` (secret), ``barrack:apiUrl``, ``barrack:authHeader``
and ``barrack:authScheme``, falling back to the shared client's ``BARRACK_*`` environment variables. See
docs/pulumi.md.
"""

# ruff: noqa: I001  (isort would split the `X as X` re-exports into one import each)
from pulumi_barrack import _parallelism  # in the dynamic-provider process: more than 4 calls at once
from pulumi_barrack._provider import BarrackProviderError as BarrackProviderError
from pulumi_barrack._resource import (
    BarrackResource as BarrackResource,
    RuleArgs as RuleArgs,
    TimeoutsArgs as TimeoutsArgs,
)
from pulumi_barrack._version import SCHEMA_VERSION as SCHEMA_VERSION, __version__ as __version__
from pulumi_barrack.attachments import (
    FirewallAttachment as FirewallAttachment,
    FirewallAttachmentArgs as FirewallAttachmentArgs,
    FirewallAttachmentProvider as FirewallAttachmentProvider,
    VolumeAttachment as VolumeAttachment,
    VolumeAttachmentArgs as VolumeAttachmentArgs,
    VolumeAttachmentProvider as VolumeAttachmentProvider,
)
from pulumi_barrack.firewall import (
    Firewall as Firewall,
    FirewallArgs as FirewallArgs,
    FirewallProvider as FirewallProvider,
)
from pulumi_barrack.functions import (
    get_ai_models as get_ai_models,
    get_ai_models_output as get_ai_models_output,
    get_ai_usage as get_ai_usage,
    get_ai_usage_output as get_ai_usage_output,
    get_balance as get_balance,
    get_balance_output as get_balance_output,
    get_billing as get_billing,
    get_billing_output as get_billing_output,
    get_custom_image as get_custom_image,
    get_custom_image_output as get_custom_image_output,
    get_firewall as get_firewall,
    get_firewall_output as get_firewall_output,
    get_firewall_protocols as get_firewall_protocols,
    get_firewall_protocols_output as get_firewall_protocols_output,
    get_gpu_specs as get_gpu_specs,
    get_gpu_specs_output as get_gpu_specs_output,
    get_gpu_stock as get_gpu_stock,
    get_gpu_stock_output as get_gpu_stock_output,
    get_hibernated as get_hibernated,
    get_hibernated_output as get_hibernated_output,
    get_hourly_cost as get_hourly_cost,
    get_hourly_cost_output as get_hourly_cost_output,
    get_instance as get_instance,
    get_instance_output as get_instance_output,
    get_os_images as get_os_images,
    get_os_images_output as get_os_images_output,
    get_pricing as get_pricing,
    get_pricing_output as get_pricing_output,
    get_regions as get_regions,
    get_regions_output as get_regions_output,
    get_snapshot as get_snapshot,
    get_snapshot_output as get_snapshot_output,
    get_ssh_key as get_ssh_key,
    get_ssh_key_output as get_ssh_key_output,
    get_startup_script as get_startup_script,
    get_startup_script_output as get_startup_script_output,
    get_volume as get_volume,
    get_volume_output as get_volume_output,
    get_volume_types as get_volume_types,
    get_volume_types_output as get_volume_types_output,
)
from pulumi_barrack.instance import (
    Instance as Instance,
    InstanceArgs as InstanceArgs,
    InstanceBilling as InstanceBilling,
    InstanceProvider as InstanceProvider,
    InstanceSpecs as InstanceSpecs,
    InstanceVolumeAttachment as InstanceVolumeAttachment,
    ObjectRef as ObjectRef,
)
from pulumi_barrack.security_rule import (
    InstanceSecurityRule as InstanceSecurityRule,
    InstanceSecurityRuleArgs as InstanceSecurityRuleArgs,
    InstanceSecurityRuleProvider as InstanceSecurityRuleProvider,
)
from pulumi_barrack.snapshot import (
    CustomImage as CustomImage,
    CustomImageArgs as CustomImageArgs,
    CustomImageProvider as CustomImageProvider,
    Snapshot as Snapshot,
    SnapshotArgs as SnapshotArgs,
    SnapshotProvider as SnapshotProvider,
)
from pulumi_barrack.ssh_key import SshKey as SshKey, SshKeyArgs as SshKeyArgs, SshKeyProvider as SshKeyProvider
from pulumi_barrack.startup_script import (
    StartupScript as StartupScript,
    StartupScriptArgs as StartupScriptArgs,
    StartupScriptProvider as StartupScriptProvider,
)
from pulumi_barrack.volume import Volume as Volume, VolumeArgs as VolumeArgs, VolumeProvider as VolumeProvider

PROVIDERS = tuple(
    v.provider_class
    for v in list(globals().values())
    if isinstance(v, type) and issubclass(v, BarrackResource) and v is not BarrackResource
)
"""Every provider class (tests iterate over it)."""

# every name imported above (the `X as X` aliases are what re-export them to type checkers)
__all__: list[str] = sorted(
    [k for k, v in globals().items() if k[0] != "_" and k != "PROVIDERS" and not isinstance(v, type(_parallelism))]
    + ["__version__"]
)
