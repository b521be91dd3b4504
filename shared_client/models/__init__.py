"""Read models (tolerant) and request models (strict, validated before any request).

Names are imported lazily (PEP 562): ``from shared_client.models import Volume`` builds only the models of
``shared_client.models.volume``, so a front-end pays for the models it uses, not for all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared_client._lazy import lazy_exports

if TYPE_CHECKING:
    from shared_client.models.ai import (
        AIModel as AIModel,
    )
    from shared_client.models.ai import (
        AITransaction as AITransaction,
    )
    from shared_client.models.ai import (
        ChatChoice as ChatChoice,
    )
    from shared_client.models.ai import (
        ChatCompletionsRequest as ChatCompletionsRequest,
    )
    from shared_client.models.ai import (
        ChatCompletionsResponse as ChatCompletionsResponse,
    )
    from shared_client.models.ai import (
        ChatMessage as ChatMessage,
    )
    from shared_client.models.ai import (
        ChatMessageSpec as ChatMessageSpec,
    )
    from shared_client.models.ai import (
        ChatUsage as ChatUsage,
    )
    from shared_client.models.ai import (
        ModelsResponse as ModelsResponse,
    )
    from shared_client.models.ai import (
        ModelUsage as ModelUsage,
    )
    from shared_client.models.ai import (
        UsageHistoryResponse as UsageHistoryResponse,
    )
    from shared_client.models.ai import (
        UsageSummaryResponse as UsageSummaryResponse,
    )
    from shared_client.models.base import (
        ReadModel as ReadModel,
    )
    from shared_client.models.base import (
        RequestModel as RequestModel,
    )
    from shared_client.models.billing import (
        BillingPage as BillingPage,
    )
    from shared_client.models.billing import (
        BillingSummary as BillingSummary,
    )
    from shared_client.models.billing import (
        VolumeBillingSummary as VolumeBillingSummary,
    )
    from shared_client.models.catalogue import (
        Balance as Balance,
    )
    from shared_client.models.catalogue import (
        BillingRecord as BillingRecord,
    )
    from shared_client.models.catalogue import (
        Estimate as Estimate,
    )
    from shared_client.models.catalogue import (
        GpuSpec as GpuSpec,
    )
    from shared_client.models.catalogue import (
        GpuStock as GpuStock,
    )
    from shared_client.models.catalogue import (
        OsImage as OsImage,
    )
    from shared_client.models.catalogue import (
        Price as Price,
    )
    from shared_client.models.catalogue import (
        Pricing as Pricing,
    )
    from shared_client.models.catalogue import (
        PricingQuery as PricingQuery,
    )
    from shared_client.models.catalogue import (
        Region as Region,
    )
    from shared_client.models.firewall import (
        Firewall as Firewall,
    )
    from shared_client.models.firewall import (
        FirewallAttachment as FirewallAttachment,
    )
    from shared_client.models.firewall import (
        FirewallCreate as FirewallCreate,
    )
    from shared_client.models.firewall import (
        FirewallEnvironment as FirewallEnvironment,
    )
    from shared_client.models.firewall import (
        FirewallRef as FirewallRef,
    )
    from shared_client.models.hibernation import (
        GetHibernatedVMsResponse as GetHibernatedVMsResponse,
    )
    from shared_client.models.hibernation import (
        HibernationBillingMetrics as HibernationBillingMetrics,
    )
    from shared_client.models.hibernation import (
        RecentHibernation as RecentHibernation,
    )
    from shared_client.models.image import (
        CustomImage as CustomImage,
    )
    from shared_client.models.image import (
        CustomImageCreate as CustomImageCreate,
    )
    from shared_client.models.instance import (
        Instance as Instance,
    )
    from shared_client.models.instance import (
        InstanceBilling as InstanceBilling,
    )
    from shared_client.models.instance import (
        InstanceCreate as InstanceCreate,
    )
    from shared_client.models.instance import (
        Ref as Ref,
    )
    from shared_client.models.instance import (
        Specs as Specs,
    )
    from shared_client.models.instance import (
        VolumeAttachment as VolumeAttachment,
    )
    from shared_client.models.rule import (
        Rule as Rule,
    )
    from shared_client.models.rule import (
        RuleSpec as RuleSpec,
    )
    from shared_client.models.script import (
        Script as Script,
    )
    from shared_client.models.script import (
        ScriptCreate as ScriptCreate,
    )
    from shared_client.models.script import (
        ScriptUpdate as ScriptUpdate,
    )
    from shared_client.models.settings import ClientSettings as ClientSettings
    from shared_client.models.snapshot import (
        Snapshot as Snapshot,
    )
    from shared_client.models.snapshot import (
        SnapshotCreate as SnapshotCreate,
    )
    from shared_client.models.snapshot import (
        SnapshotImageRelationship as SnapshotImageRelationship,
    )
    from shared_client.models.snapshot import (
        SnapshotImagesRequest as SnapshotImagesRequest,
    )
    from shared_client.models.snapshot import (
        SnapshotImagesResponse as SnapshotImagesResponse,
    )
    from shared_client.models.snapshot import (
        SnapshotRestore as SnapshotRestore,
    )
    from shared_client.models.ssh_key import (
        SshKey as SshKey,
    )
    from shared_client.models.ssh_key import (
        SshKeyCreate as SshKeyCreate,
    )
    from shared_client.models.volume import (
        Volume as Volume,
    )
    from shared_client.models.volume import (
        VolumeCreate as VolumeCreate,
    )
    from shared_client.models.volume import (
        VolumeType as VolumeType,
    )


__getattr__, __dir__, _names = lazy_exports(__name__, __file__, globals())
__all__ = _names
