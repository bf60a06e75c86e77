"""Model deployments and content filters of AI accounts, AI Search services, and Defender for
Cloud plans, shaped like the REST spec examples (Cognitive Services 2024-10-01, Search
2025-05-01, Security 2024-01-01 ListPricings_example.json)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.inventory.resource_types import (
    AI_DEPLOYMENTS,
    RAI_POLICIES,
    SEARCH_SERVICES,
    SECURITY_PRICINGS,
)
from auditor.simulator.shapes.common import (
    CREATED,
    arm_resource,
    child_id,
    resource_id,
    system_data,
)


def ai_deployment(
    account_id: str,
    name: str,
    *,
    model: str = "gpt-4o",
    rai_policy: str | None = "Microsoft.DefaultV2",
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """Microsoft.CognitiveServices/accounts/deployments (2024-10-01 GET shape)."""
    props: dict[str, Any] = {
        "model": {"format": "OpenAI", "name": model, "version": "2024-08-06"},
        "versionUpgradeOption": "OnceNewDefaultVersionAvailable",
        "provisioningState": "Succeeded",
    }
    if rai_policy is not None:
        props["raiPolicyName"] = rai_policy
    return arm_resource(
        child_id(account_id, "deployments", name),
        AI_DEPLOYMENTS,
        props,
        properties,
        top,
        sku={"name": "Standard", "capacity": 10},
        systemData=system_data(),
    )


def content_filters(*, blocking: bool = True, enabled: bool = True) -> list[dict[str, Any]]:
    """The four harm categories for prompts and completions, at the medium threshold."""
    return [
        {
            "name": category,
            "severityThreshold": "Medium",
            "blocking": blocking,
            "enabled": enabled,
            "source": source,
        }
        for category in ("Hate", "Sexual", "Selfharm", "Violence")
        for source in ("Prompt", "Completion")
    ]


def rai_policy(
    account_id: str,
    name: str,
    *,
    filters: list[dict[str, Any]] | None = None,
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """Microsoft.CognitiveServices/accounts/raiPolicies (2024-10-01 GET shape)."""
    props: dict[str, Any] = {
        "mode": "Default",
        "basePolicyName": "Microsoft.DefaultV2",
        "contentFilters": content_filters() if filters is None else filters,
        "type": "UserManaged",
    }
    return arm_resource(
        child_id(account_id, "raiPolicies", name),
        RAI_POLICIES,
        props,
        properties,
        top,
        systemData=system_data(),
    )


def search_service(
    subscription_id: str,
    group: str,
    name: str,
    *,
    location: str = "westeurope",
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """Microsoft.Search/searchServices (2025-05-01 GET shape): keys accepted and public access
    open, as a service is created by default."""
    rid = resource_id(subscription_id, group, SEARCH_SERVICES, name)
    props: dict[str, Any] = {
        "replicaCount": 1,
        "partitionCount": 1,
        "status": "running",
        "statusDetails": "",
        "provisioningState": "succeeded",
        "hostingMode": "default",
        "publicNetworkAccess": "enabled",
        "networkRuleSet": {"ipRules": [], "bypass": "None"},
        "encryptionWithCmk": {
            "enforcement": "Unspecified",
            "encryptionComplianceStatus": "Compliant",
        },
        "disableLocalAuth": False,
        "authOptions": {"apiKeyOnly": {}},
        "privateEndpointConnections": [],
        "sharedPrivateLinkResources": [],
        "semanticSearch": "disabled",
        "endpoint": f"https://{name}.search.windows.net",
    }
    return arm_resource(
        rid,
        SEARCH_SERVICES,
        props,
        properties,
        top,
        sku={"name": "standard"},
        location=location,
        tags={},
        systemData=system_data(),
    )


def pricing(subscription_id: str, plan: str, tier: str, **top: Any) -> dict[str, Any]:
    """Microsoft.Security/pricings/{plan} at a subscription (2024-01-01 list item shape)."""
    props: dict[str, Any] = {
        "pricingTier": tier,
        "freeTrialRemainingTime": "PT0S",
        "enforce": "False",
        "resourcesCoverageStatus": "FullyCovered" if tier == "Standard" else "NotCovered",
    }
    if tier == "Standard":
        props["enablementTime"] = CREATED
    return arm_resource(
        f"/subscriptions/{subscription_id}/providers/{SECURITY_PRICINGS}/{plan}",
        SECURITY_PRICINGS,
        props,
        None,
        top,
    )
