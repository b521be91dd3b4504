"""Read models (tolerant) and request models (strict, validated before any request).

Names are imported lazily (PEP 562): ``from shared_client.models import Volume`` builds only the models of
``shared_client.models.volume``, so a front-end pays for the models it uses, not for all of them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shared_client.models.ai import (
        AIModel,
        AITransaction,
        ChatChoice,
        ChatCompletionsRequest,
        ChatCompletionsResponse,
        ChatMessage,
        ChatMessageSpec,
        ChatUsage,
        ModelsResponse,
        ModelUsage,
        UsageHistoryResponse,
        UsageSummaryResponse,
    )
    from shared_client.models.base import ReadModel, RequestModel
    from shared_client.models.billing import (
        BillingPage,
        BillingSummary,
        VolumeBillingSummary,
    )
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
    from shared_client.models.firewall import (
        Firewall,
        FirewallAttachment,
        FirewallCreate,
        FirewallEnvironment,
        FirewallRef,
    )
    from shared_client.models.hibernation import (
        GetHibernatedVMsResponse,
        HibernationBillingMetrics,
        RecentHibernation,
    )
    from shared_client.models.image import CustomImage, CustomImageCreate
    from shared_client.models.instance import (
        Instance,
        InstanceBilling,
        InstanceCreate,
        Ref,
        Specs,
        VolumeAttachment,
    )
    from shared_client.models.rule import Rule, RuleSpec
    from shared_client.models.script import Script, ScriptCreate, ScriptUpdate
    from shared_client.models.settings import ClientSettings
    from shared_client.models.snapshot import (
        Snapshot,
        SnapshotCreate,
        SnapshotImageRelationship,
        SnapshotImagesRequest,
        SnapshotImagesResponse,
        SnapshotRestore,
    )
    from shared_client.models.ssh_key import SshKey, SshKeyCreate
    from shared_client.models.volume import Volume, VolumeCreate, VolumeType

_MODULE_OF = {
    "AIModel": "ai",
    "AITransaction": "ai",
    "ChatChoice": "ai",
    "ChatCompletionsRequest": "ai",
    "ChatCompletionsResponse": "ai",
    "ChatMessage": "ai",
    "ChatMessageSpec": "ai",
    "ChatUsage": "ai",
    "ModelUsage": "ai",
    "ModelsResponse": "ai",
    "UsageHistoryResponse": "ai",
    "UsageSummaryResponse": "ai",
    "BillingPage": "billing",
    "BillingSummary": "billing",
    "VolumeBillingSummary": "billing",
    "GetHibernatedVMsResponse": "hibernation",
    "HibernationBillingMetrics": "hibernation",
    "RecentHibernation": "hibernation",
    "FirewallEnvironment": "firewall",
    "SnapshotImageRelationship": "snapshot",
    "SnapshotImagesRequest": "snapshot",
    "SnapshotImagesResponse": "snapshot",
    "ReadModel": "base",
    "RequestModel": "base",
    "Balance": "catalogue",
    "BillingRecord": "catalogue",
    "Estimate": "catalogue",
    "GpuSpec": "catalogue",
    "GpuStock": "catalogue",
    "OsImage": "catalogue",
    "Price": "catalogue",
    "Pricing": "catalogue",
    "PricingQuery": "catalogue",
    "Region": "catalogue",
    "Firewall": "firewall",
    "FirewallAttachment": "firewall",
    "FirewallCreate": "firewall",
    "FirewallRef": "firewall",
    "CustomImage": "image",
    "CustomImageCreate": "image",
    "Instance": "instance",
    "InstanceBilling": "instance",
    "InstanceCreate": "instance",
    "Ref": "instance",
    "Specs": "instance",
    "VolumeAttachment": "instance",
    "Rule": "rule",
    "RuleSpec": "rule",
    "Script": "script",
    "ScriptCreate": "script",
    "ScriptUpdate": "script",
    "ClientSettings": "settings",
    "Snapshot": "snapshot",
    "SnapshotCreate": "snapshot",
    "SnapshotRestore": "snapshot",
    "SshKey": "ssh_key",
    "SshKeyCreate": "ssh_key",
    "Volume": "volume",
    "VolumeCreate": "volume",
    "VolumeType": "volume",
}

__all__ = [
    "AIModel",
    "AITransaction",
    "Balance",
    "BillingPage",
    "BillingRecord",
    "BillingSummary",
    "ChatChoice",
    "ChatCompletionsRequest",
    "ChatCompletionsResponse",
    "ChatMessage",
    "ChatMessageSpec",
    "ChatUsage",
    "ClientSettings",
    "CustomImage",
    "CustomImageCreate",
    "Estimate",
    "Firewall",
    "FirewallAttachment",
    "FirewallCreate",
    "FirewallEnvironment",
    "FirewallRef",
    "GetHibernatedVMsResponse",
    "GpuSpec",
    "GpuStock",
    "HibernationBillingMetrics",
    "Instance",
    "InstanceBilling",
    "InstanceCreate",
    "ModelUsage",
    "ModelsResponse",
    "OsImage",
    "Price",
    "Pricing",
    "PricingQuery",
    "ReadModel",
    "RecentHibernation",
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
    "SnapshotImageRelationship",
    "SnapshotImagesRequest",
    "SnapshotImagesResponse",
    "SnapshotRestore",
    "Specs",
    "SshKey",
    "SshKeyCreate",
    "UsageHistoryResponse",
    "UsageSummaryResponse",
    "Volume",
    "VolumeAttachment",
    "VolumeBillingSummary",
    "VolumeCreate",
    "VolumeType",
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
