"""Azure ML workspaces (every kind) and registries, and a workspace's customer-managed key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.inventory.resource_types import (
    CONTAINER_REGISTRIES,
    REGISTRIES,
    STORAGE_ACCOUNTS,
    VAULTS,
    WORKSPACES,
)
from auditor.simulator.shapes.common import (
    arm_resource,
    group_id,
    guid_from,
    resource_id,
    system_data,
    system_identity,
)


def workspace(
    subscription_id: str,
    group: str,
    name: str,
    *,
    kind: str = "Default",
    location: str = "westeurope",
    storage_account: str | None = None,
    key_vault: str | None = None,
    container_registry: str | None = None,
    application_insights: str | None = None,
    hub: str | None = None,
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """A workspace of `kind` Default, Hub, Project or FeatureStore (Workspace/get.json)."""
    rid = resource_id(subscription_id, group, WORKSPACES, name)
    props: dict[str, Any] = {
        "friendlyName": name,
        "description": f"{kind} workspace {name}",
        "provisioningState": "Succeeded",
        "workspaceId": guid_from(rid),
        "discoveryUrl": f"https://{location}.api.azureml.ms/discovery",
        "mlFlowTrackingUri": f"azureml://{location}.api.azureml.ms/mlflow/v1.0{rid}",
        "hbiWorkspace": False,
        "allowPublicAccessWhenBehindVnet": False,
        "publicNetworkAccess": "Enabled",
        "v1LegacyMode": False,
        "privateLinkCount": 0,
        "privateEndpointConnections": [],
        "sharedPrivateLinkResources": [],
        "serviceProvisionedResourceGroup": f"{name}_{guid_from(rid)[:16]}",
        "encryption": {"status": "Disabled", "keyVaultProperties": {"keyVaultArmId": ""}},
    }
    if kind != "Project":  # a project uses its hub's dependent resources
        props["storageAccount"] = storage_account or resource_id(
            subscription_id, group, STORAGE_ACCOUNTS, f"st{name.replace('-', '')}"[:24]
        )
        props["keyVault"] = key_vault or resource_id(subscription_id, group, VAULTS, f"kv-{name}")
        if container_registry:
            props["containerRegistry"] = container_registry
        if application_insights:
            props["applicationInsights"] = application_insights
    if kind in ("Hub", "Project"):
        props["managedNetwork"] = {
            "isolationMode": "Disabled",
            "status": {"status": "Inactive", "sparkReady": False},
            "outboundRules": {},
        }
    if hub is not None:
        props["hubResourceId"] = hub
    return arm_resource(
        rid,
        WORKSPACES,
        props,
        properties,
        top,
        location=location,
        kind=kind,
        identity=system_identity(),
        sku={"name": "Basic", "tier": "Basic"},
        tags={},
        systemData=system_data(),
    )


def cmk_encryption(vault_id: str, key_uri_with_version: str) -> dict[str, Any]:
    """`properties.encryption` of a workspace encrypted with a customer-managed key."""
    return {
        "status": "Enabled",
        "keyVaultProperties": {
            "keyVaultArmId": vault_id,
            "keyIdentifier": key_uri_with_version,
            "identityClientId": "",
        },
    }


def registry(
    subscription_id: str,
    group: str,
    name: str,
    *,
    location: str = "westeurope",
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """An ML registry (Registries/listBySubscription.json)."""
    rid = resource_id(subscription_id, group, REGISTRIES, name)
    managed_group = f"azureml-rg-{name}_{guid_from(rid)[:8]}"
    props: dict[str, Any] = {
        "discoveryUrl": f"https://{location}.api.azureml.ms/registrymanagement/v1.0/registries/"
        f"{name}/discovery",
        "intellectualPropertyPublisher": "contoso",
        "managedResourceGroup": {"resourceId": group_id(subscription_id, managed_group)},
        "mlFlowRegistryUri": f"azureml://{location}.api.azureml.ms/mlflow/v1.0{rid}",
        "publicNetworkAccess": "Enabled",
        "regionDetails": [
            {
                "location": location,
                "storageAccountDetails": [],
                "acrDetails": [
                    {
                        "systemCreatedAcrAccount": {
                            "acrAccountName": f"{name.replace('-', '')}acr",
                            "acrAccountSku": "Premium",
                            "armResourceId": {
                                "resourceId": resource_id(
                                    subscription_id,
                                    managed_group,
                                    CONTAINER_REGISTRIES,
                                    f"{name.replace('-', '')}acr",
                                )
                            },
                        }
                    }
                ],
            }
        ],
        "registryPrivateEndpointConnections": [],
    }
    return arm_resource(
        rid,
        REGISTRIES,
        props,
        properties,
        top,
        location=location,
        kind="",
        identity=system_identity(),
        sku={"name": "P3", "tier": "Basic"},
        tags={},
        systemData=system_data(),
    )
