"""What ML workspaces depend on: storage accounts, container registries, AI (Cognitive
Services) accounts, and diagnostic settings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.inventory.resource_types import (
    COGNITIVE_ACCOUNTS,
    CONTAINER_REGISTRIES,
    STORAGE_ACCOUNTS,
)
from auditor.simulator.shapes.common import (
    CREATED,
    MODIFIED,
    arm_resource,
    guid_from,
    resource_id,
    system_data,
    system_identity,
)


def storage_account(
    subscription_id: str,
    group: str,
    name: str,
    *,
    location: str = "westeurope",
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """Microsoft.Storage/storageAccounts (2023-05-01 GET shape)."""
    rid = resource_id(subscription_id, group, STORAGE_ACCOUNTS, name)
    endpoints = {
        s: f"https://{name}.{s}.core.windows.net/" for s in ("blob", "queue", "table", "file")
    }
    endpoints["dfs"] = f"https://{name}.dfs.core.windows.net/"
    endpoints["web"] = f"https://{name}.z6.web.core.windows.net/"
    props: dict[str, Any] = {
        "keyCreationTime": {"key1": CREATED, "key2": CREATED},
        "allowCrossTenantReplication": False,
        "privateEndpointConnections": [],
        "minimumTlsVersion": "TLS1_2",
        "allowBlobPublicAccess": False,
        "allowSharedKeyAccess": True,
        "isHnsEnabled": False,
        "networkAcls": {
            "bypass": "AzureServices",
            "virtualNetworkRules": [],
            "ipRules": [],
            "defaultAction": "Allow",
        },
        "supportsHttpsTrafficOnly": True,
        "encryption": {
            "services": {
                "file": {"keyType": "Account", "enabled": True, "lastEnabledTime": CREATED},
                "blob": {"keyType": "Account", "enabled": True, "lastEnabledTime": CREATED},
            },
            "keySource": "Microsoft.Storage",
        },
        "accessTier": "Hot",
        "provisioningState": "Succeeded",
        "creationTime": CREATED,
        "primaryEndpoints": endpoints,
        "primaryLocation": location,
        "statusOfPrimary": "available",
        "publicNetworkAccess": "Enabled",
    }
    return arm_resource(
        rid,
        STORAGE_ACCOUNTS,
        props,
        properties,
        top,
        sku={"name": "Standard_LRS", "tier": "Standard"},
        kind="StorageV2",
        location=location,
        tags={},
    )


def container_registry(
    subscription_id: str,
    group: str,
    name: str,
    *,
    location: str = "westeurope",
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """Microsoft.ContainerRegistry/registries (2023-07-01 GET shape)."""
    rid = resource_id(subscription_id, group, CONTAINER_REGISTRIES, name)
    props: dict[str, Any] = {
        "loginServer": f"{name}.azurecr.io",
        "creationDate": CREATED,
        "provisioningState": "Succeeded",
        "adminUserEnabled": False,
        "policies": {
            "quarantinePolicy": {"status": "disabled"},
            "trustPolicy": {"type": "Notary", "status": "disabled"},
            "retentionPolicy": {"days": 7, "lastUpdatedTime": MODIFIED, "status": "disabled"},
            "exportPolicy": {"status": "enabled"},
        },
        "encryption": {"status": "disabled"},
        "dataEndpointEnabled": False,
        "dataEndpointHostNames": [],
        "privateEndpointConnections": [],
        "publicNetworkAccess": "Enabled",
        "networkRuleBypassOptions": "AzureServices",
        "zoneRedundancy": "Disabled",
        "anonymousPullEnabled": False,
    }
    return arm_resource(
        rid,
        CONTAINER_REGISTRIES,
        props,
        properties,
        top,
        sku={"name": "Premium", "tier": "Premium"},
        location=location,
        tags={},
        systemData=system_data(),
    )


def cognitive_account(
    subscription_id: str,
    group: str,
    name: str,
    *,
    kind: str = "AIServices",
    location: str = "westeurope",
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """Microsoft.CognitiveServices/accounts (2024-10-01 GET shape), an AI Services account."""
    rid = resource_id(subscription_id, group, COGNITIVE_ACCOUNTS, name)
    props: dict[str, Any] = {
        "endpoint": f"https://{name}.cognitiveservices.azure.com/",
        "internalId": guid_from(rid).replace("-", ""),
        "dateCreated": CREATED,
        "customSubDomainName": name,
        "provisioningState": "Succeeded",
        "networkAcls": {"defaultAction": "Allow", "virtualNetworkRules": [], "ipRules": []},
        "privateEndpointConnections": [],
        "publicNetworkAccess": "Enabled",
        "disableLocalAuth": False,
        "restrictOutboundNetworkAccess": False,
    }
    return arm_resource(
        rid,
        COGNITIVE_ACCOUNTS,
        props,
        properties,
        top,
        kind=kind,
        sku={"name": "S0"},
        location=location,
        identity=system_identity(),
        tags={},
        systemData=system_data(),
    )


def diagnostic_settings_properties(
    log_analytics_id: str, *, logs_enabled: bool = True
) -> dict[str, Any]:
    """`properties` of a diagnostic setting sending every log and metric to Log Analytics."""
    return {
        "storageAccountId": None,
        "serviceBusRuleId": None,
        "workspaceId": log_analytics_id,
        "eventHubAuthorizationRuleId": None,
        "eventHubName": None,
        "marketplacePartnerId": None,
        "logAnalyticsDestinationType": None,
        "logs": [
            {
                "category": None,
                "categoryGroup": "allLogs",
                "enabled": logs_enabled,
                "retentionPolicy": {"enabled": False, "days": 0},
            }
        ],
        "metrics": [
            {
                "category": "AllMetrics",
                "timeGrain": None,
                "enabled": True,
                "retentionPolicy": {"enabled": False, "days": 0},
            }
        ],
    }
