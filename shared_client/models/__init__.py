"""Read models (tolerant) and request models (strict, validated before any request).

Names are imported lazily (PEP 562): ``from shared_client.models import Volume`` builds only the models of
``shared_client.models.volume``, so a front-end pays for the models it uses, not for all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared_client._lazy import lazy_exports

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
    from shared_client.models.base import ReadModel, RequestModel, ResourceModel
    from shared_client.models.billing import BillingPage, BillingSummary, VolumeBillingSummary
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
    from shared_client.models.hibernation import GetHibernatedVMsResponse, HibernationBillingMetrics, RecentHibernation
    from shared_client.models.image import CustomImage, CustomImageCreate
    from shared_client.models.instance import Instance, InstanceBilling, InstanceCreate, Ref, Specs, VolumeAttachment
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


__getattr__, __dir__, _names = lazy_exports(__name__, __file__, globals())
__all__ = _names
