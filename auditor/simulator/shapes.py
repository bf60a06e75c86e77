"""ARM JSON for each resource type the simulator serves, shaped like the real API's responses
(`/work/shared/armspecs`, api-versions ML 2025-09-01+, Key Vault 2026-05-15) with well-formed ids.

Every builder takes `properties=` (merged into `properties`; a value of None removes that key, so
a test can model "absent, the service default applies") and `**top` (merged at the top level, the
same way: `tags=`, `identity=None`, `kind=`, `sku=` ...).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

ML = "Microsoft.MachineLearningServices"
WORKSPACES = f"{ML}/workspaces"
REGISTRIES = f"{ML}/registries"
ONLINE_ENDPOINTS = f"{WORKSPACES}/onlineEndpoints"
ONLINE_DEPLOYMENTS = f"{ONLINE_ENDPOINTS}/deployments"
BATCH_ENDPOINTS = f"{WORKSPACES}/batchEndpoints"
BATCH_DEPLOYMENTS = f"{BATCH_ENDPOINTS}/deployments"
SERVERLESS_ENDPOINTS = f"{WORKSPACES}/serverlessEndpoints"
COMPUTES = f"{WORKSPACES}/computes"
CONNECTIONS = f"{WORKSPACES}/connections"
VAULTS = "Microsoft.KeyVault/vaults"
KEYS = f"{VAULTS}/keys"
SECRETS = f"{VAULTS}/secrets"
STORAGE_ACCOUNTS = "Microsoft.Storage/storageAccounts"
CONTAINER_REGISTRIES = "Microsoft.ContainerRegistry/registries"
COGNITIVE_ACCOUNTS = "Microsoft.CognitiveServices/accounts"
APP_INSIGHTS = "Microsoft.Insights/components"
LOG_ANALYTICS = "Microsoft.OperationalInsights/workspaces"
DIAGNOSTIC_SETTINGS = "Microsoft.Insights/diagnosticSettings"

TENANT_ID = "72f988bf-0000-4000-8000-00000000a11d"
PRINCIPAL_ID = "5b0c1f0e-7d4a-4c39-9f0e-2a6f3c7d9e11"
CREATED = "2025-03-04T09:15:27.1234567Z"
MODIFIED = "2025-06-18T14:02:51.7654321Z"
EPOCH_CREATED = 1741079727  # 2025-03-04T09:15:27Z
EPOCH_UPDATED = 1750255371  # 2025-06-18T14:02:51Z


def group_id(subscription_id: str, group: str) -> str:
    return f"/subscriptions/{subscription_id}/resourceGroups/{group}"


def resource_id(subscription_id: str, group: str, rtype: str, name: str) -> str:
    return f"{group_id(subscription_id, group)}/providers/{rtype}/{name}"


def child_id(parent_id: str, segment: str, name: str) -> str:
    return f"{parent_id}/{segment}/{name}"


def _merge(document: dict[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    for key, value in changes.items():
        if value is None:
            document.pop(key, None)
        else:
            document[key] = value
    return document


def _resource(
    rid: str,
    rtype: str,
    properties: dict[str, Any],
    overrides: Mapping[str, Any] | None,
    top: Mapping[str, Any],
    **base: Any,
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": rid,
        "name": rid.rsplit("/", 1)[1],
        "type": rtype,
        **base,
        "properties": _merge(properties, overrides or {}),
    }
    return _merge(document, top)


def system_data() -> dict[str, str]:
    return {
        "createdAt": CREATED,
        "createdBy": "platform-team@contoso.com",
        "createdByType": "User",
        "lastModifiedAt": MODIFIED,
        "lastModifiedBy": "platform-team@contoso.com",
        "lastModifiedByType": "User",
    }


def system_identity() -> dict[str, str]:
    return {"type": "SystemAssigned", "principalId": PRINCIPAL_ID, "tenantId": TENANT_ID}


# ------------------------------------------------------------------------------ ML workspaces


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
        "workspaceId": _guid_from(rid),
        "discoveryUrl": f"https://{location}.api.azureml.ms/discovery",
        "mlFlowTrackingUri": f"azureml://{location}.api.azureml.ms/mlflow/v1.0{rid}",
        "hbiWorkspace": False,
        "allowPublicAccessWhenBehindVnet": False,
        "publicNetworkAccess": "Enabled",
        "v1LegacyMode": False,
        "privateLinkCount": 0,
        "privateEndpointConnections": [],
        "sharedPrivateLinkResources": [],
        "serviceProvisionedResourceGroup": f"{name}_{_guid_from(rid)[:16]}",
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
    return _resource(
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
    managed_group = f"azureml-rg-{name}_{_guid_from(rid)[:8]}"
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
    return _resource(
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


def online_endpoint(
    workspace_id: str,
    name: str,
    *,
    auth_mode: str = "Key",
    location: str = "westeurope",
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """OnlineEndpoint/get.json; `publicNetworkAccess` absent means the default, Enabled."""
    rid = child_id(workspace_id, "onlineEndpoints", name)
    props: dict[str, Any] = {
        "description": f"online endpoint {name}",
        "authMode": auth_mode,
        "properties": {"azureml.onlineendpointid": rid.lower()},
        "provisioningState": "Succeeded",
        "scoringUri": f"https://{name}.{location}.inference.ml.azure.com/score",
        "swaggerUri": f"https://{name}.{location}.inference.ml.azure.com/swagger.json",
        "traffic": {"blue": 100},
        "publicNetworkAccess": "Enabled",
    }
    return _resource(
        rid,
        ONLINE_ENDPOINTS,
        props,
        properties,
        top,
        location=location,
        kind="Managed",
        identity=system_identity(),
        tags={},
        systemData=system_data(),
    )


def online_deployment(
    endpoint_id: str,
    name: str,
    *,
    location: str = "westeurope",
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """OnlineDeployment/ManagedOnlineDeployment/get.json."""
    rid = child_id(endpoint_id, "deployments", name)
    workspace = endpoint_id.rsplit("/onlineEndpoints/", 1)[0]
    props: dict[str, Any] = {
        "description": f"deployment {name}",
        "endpointComputeType": "Managed",
        "model": f"{workspace}/models/fraud-model/versions/3",
        "environmentId": f"{workspace}/environments/sklearn-env/versions/1",
        "codeConfiguration": {
            "codeId": f"{workspace}/codes/score-code/versions/1",
            "scoringScript": "score.py",
        },
        "instanceType": "Standard_DS3_v2",
        "scaleSettings": {"scaleType": "Default"},
        "requestSettings": {
            "maxQueueWait": "PT0.5S",
            "requestTimeout": "PT5S",
            "maxConcurrentRequestsPerInstance": 1,
        },
        "appInsightsEnabled": False,
        "egressPublicNetworkAccess": "Enabled",
        "livenessProbe": {
            "failureThreshold": 30,
            "successThreshold": 1,
            "timeout": "PT2S",
            "period": "PT10S",
            "initialDelay": "PT10S",
        },
        "readinessProbe": {
            "failureThreshold": 30,
            "successThreshold": 1,
            "timeout": "PT2S",
            "period": "PT10S",
            "initialDelay": "PT10S",
        },
        "environmentVariables": {},
        "properties": {},
        "provisioningState": "Succeeded",
    }
    return _resource(
        rid,
        ONLINE_DEPLOYMENTS,
        props,
        properties,
        top,
        location=location,
        kind="Managed",
        sku={"name": "Default", "capacity": 1},
        tags={},
        systemData=system_data(),
    )


def batch_endpoint(
    workspace_id: str,
    name: str,
    *,
    auth_mode: str = "AADToken",
    location: str = "westeurope",
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """BatchEndpoint/list.json item."""
    rid = child_id(workspace_id, "batchEndpoints", name)
    props: dict[str, Any] = {
        "description": f"batch endpoint {name}",
        "authMode": auth_mode,
        "defaults": {"deploymentName": "default"},
        "properties": {},
        "scoringUri": f"https://{name}.{location}.inference.ml.azure.com/jobs",
        "swaggerUri": f"https://{name}.{location}.inference.ml.azure.com/swagger.json",
        "provisioningState": "Succeeded",
    }
    return _resource(
        rid,
        BATCH_ENDPOINTS,
        props,
        properties,
        top,
        location=location,
        kind="",
        identity=system_identity(),
        tags={},
        systemData=system_data(),
    )


def batch_deployment(
    endpoint_id: str,
    name: str,
    *,
    location: str = "westeurope",
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    rid = child_id(endpoint_id, "deployments", name)
    workspace = endpoint_id.rsplit("/batchEndpoints/", 1)[0]
    props: dict[str, Any] = {
        "description": f"batch deployment {name}",
        "compute": f"{workspace}/computes/cpu-cluster",
        "model": {"referenceType": "Id", "assetId": f"{workspace}/models/scorer/versions/1"},
        "environmentId": f"{workspace}/environments/batch-env/versions/1",
        "codeConfiguration": {
            "codeId": f"{workspace}/codes/batch-code/versions/1",
            "scoringScript": "batch.py",
        },
        "maxConcurrencyPerInstance": 1,
        "miniBatchSize": 10,
        "outputAction": "AppendRow",
        "outputFileName": "predictions.csv",
        "retrySettings": {"maxRetries": 3, "timeout": "PT30S"},
        "loggingLevel": "Info",
        "errorThreshold": -1,
        "resources": {"instanceCount": 1, "properties": {}},
        "properties": {},
        "provisioningState": "Succeeded",
    }
    return _resource(
        rid,
        BATCH_DEPLOYMENTS,
        props,
        properties,
        top,
        location=location,
        kind="",
        tags={},
        systemData=system_data(),
    )


def serverless_endpoint(
    workspace_id: str,
    name: str,
    *,
    auth_mode: str = "Key",
    location: str = "westeurope",
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """ServerlessEndpoint/get.json."""
    rid = child_id(workspace_id, "serverlessEndpoints", name)
    props: dict[str, Any] = {
        "authMode": auth_mode,
        "contentSafety": {"contentSafetyStatus": "Enabled"},
        "endpointState": "Online",
        "inferenceEndpoint": {
            "uri": f"https://{name}.{location}.models.ai.azure.com",
            "headers": {},
        },
        "marketplaceSubscriptionId": f"{workspace_id}/marketplaceSubscriptions/{name}",
        "modelSettings": {"modelId": "azureml://registries/azureml-meta/models/Llama-3-8B/"},
        "provisioningState": "Succeeded",
    }
    return _resource(
        rid,
        SERVERLESS_ENDPOINTS,
        props,
        properties,
        top,
        location=location,
        kind="",
        sku={"name": "Consumption", "tier": "Standard"},
        tags={},
        systemData=system_data(),
    )


def compute_instance(
    workspace_id: str,
    name: str,
    *,
    location: str = "westeurope",
    compute_properties: Mapping[str, Any] | None = None,
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """Compute/get/ComputeInstance.json; `compute_properties` changes `properties.properties`."""
    rid = child_id(workspace_id, "computes", name)
    inner: dict[str, Any] = {
        "vmSize": "STANDARD_DS3_V2",
        "applicationSharingPolicy": "Personal",
        "computeInstanceAuthorizationType": "personal",
        "sshSettings": {"sshPublicAccess": "Disabled", "adminUserName": "azureuser", "sshPort": 4},
        "connectivityEndpoints": {"publicIpAddress": "20.61.14.3", "privateIpAddress": "10.0.0.4"},
        "enableNodePublicIp": True,
        "enableSSO": True,
        "idleTimeBeforeShutdown": "PT60M",
        "personalComputeInstanceSettings": {
            "assignedUser": {"objectId": PRINCIPAL_ID, "tenantId": TENANT_ID}
        },
        "osImageMetadata": {
            "currentImageVersion": "25.05.12",
            "latestImageVersion": "25.05.12",
            "isLatestOsImageVersion": True,
        },
        "state": "Running",
        "errors": None,
    }
    props: dict[str, Any] = {
        "computeType": "ComputeInstance",
        "computeLocation": location,
        "description": f"compute instance {name}",
        "createdOn": CREATED,
        "modifiedOn": MODIFIED,
        "provisioningState": "Succeeded",
        "disableLocalAuth": True,
        "isAttachedCompute": False,
        "properties": _merge(inner, compute_properties or {}),
    }
    return _resource(
        rid,
        COMPUTES,
        props,
        properties,
        top,
        location=location,
        identity=system_identity(),
        tags={},
        systemData=system_data(),
    )


def aml_compute(
    workspace_id: str,
    name: str,
    *,
    location: str = "westeurope",
    compute_properties: Mapping[str, Any] | None = None,
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """Compute/get/AmlCompute.json (a cluster)."""
    rid = child_id(workspace_id, "computes", name)
    inner: dict[str, Any] = {
        "vmSize": "STANDARD_DS3_V2",
        "vmPriority": "Dedicated",
        "osType": "Linux",
        "virtualMachineImage": None,
        "isolatedNetwork": False,
        "scaleSettings": {
            "maxNodeCount": 4,
            "minNodeCount": 0,
            "nodeIdleTimeBeforeScaleDown": "PT2M",
        },
        "remoteLoginPortPublicAccess": "Disabled",
        "enableNodePublicIp": True,
        "allocationState": "Steady",
        "allocationStateTransitionTime": MODIFIED,
        "errors": None,
        "currentNodeCount": 0,
        "targetNodeCount": 0,
        "nodeStateCounts": {
            "preparingNodeCount": 0,
            "runningNodeCount": 0,
            "idleNodeCount": 0,
            "unusableNodeCount": 0,
            "leavingNodeCount": 0,
            "preemptedNodeCount": 0,
        },
    }
    props: dict[str, Any] = {
        "computeType": "AmlCompute",
        "computeLocation": location,
        "description": f"compute cluster {name}",
        "createdOn": CREATED,
        "modifiedOn": MODIFIED,
        "provisioningState": "Succeeded",
        "disableLocalAuth": True,
        "isAttachedCompute": False,
        "properties": _merge(inner, compute_properties or {}),
    }
    return _resource(
        rid,
        COMPUTES,
        props,
        properties,
        top,
        location=location,
        identity=system_identity(),
        tags={},
        systemData=system_data(),
    )


def connection(
    workspace_id: str,
    name: str,
    *,
    category: str = "AzureBlob",
    auth_type: str = "AAD",
    target: str = "https://contosodata.blob.core.windows.net/",
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """WorkspaceConnection/get.json: metadata only, credentials are never returned by a GET."""
    rid = child_id(workspace_id, "connections", name)
    props: dict[str, Any] = {
        "authType": auth_type,
        "category": category,
        "target": target,
        "isSharedToAll": False,
        "sharedUserList": [],
        "metadata": {},
        "createdByWorkspaceArmId": workspace_id,
        "group": "Azure",
        "expiryTime": None,
    }
    props.pop("expiryTime")
    return _resource(rid, CONNECTIONS, props, properties, top, systemData=system_data())


# ------------------------------------------------------------------------------ Key Vault


def vault(
    subscription_id: str,
    group: str,
    name: str,
    *,
    location: str = "westeurope",
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """getVault.json. `enablePurgeProtection` is absent unless set (ARM omits it when off)."""
    rid = resource_id(subscription_id, group, VAULTS, name)
    props: dict[str, Any] = {
        "sku": {"family": "A", "name": "standard"},
        "tenantId": TENANT_ID,
        "accessPolicies": [],
        "enabledForDeployment": False,
        "enabledForDiskEncryption": False,
        "enabledForTemplateDeployment": False,
        "enableSoftDelete": True,
        "softDeleteRetentionInDays": 90,
        "enableRbacAuthorization": True,
        "vaultUri": f"https://{name}.vault.azure.net/",
        "provisioningState": "Succeeded",
        "publicNetworkAccess": "Enabled",
    }
    return _resource(
        rid,
        VAULTS,
        props,
        properties,
        top,
        location=location,
        tags={},
        systemData=system_data(),
    )


def key(
    vault_id: str,
    name: str,
    *,
    location: str = "westeurope",
    expires: int | None = None,
    rotation_policy: Mapping[str, Any] | None = None,
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """getKey.json. `rotationPolicy` is there only when the key has one (ARM omits it if empty)."""
    rid = child_id(vault_id, "keys", name)
    vault_name = vault_id.rsplit("/", 1)[1]
    attributes: dict[str, Any] = {
        "enabled": True,
        "created": EPOCH_CREATED,
        "updated": EPOCH_UPDATED,
        "recoveryLevel": "Recoverable+Purgeable",
        "exportable": False,
    }
    if expires is not None:
        attributes["exp"] = expires
    props: dict[str, Any] = {
        "attributes": attributes,
        "kty": "RSA",
        "keyOps": ["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"],
        "keySize": 2048,
        "keyUri": f"https://{vault_name}.vault.azure.net/keys/{name}",
        "keyUriWithVersion": f"https://{vault_name}.vault.azure.net/keys/{name}/"
        f"{_guid_from(rid).replace('-', '')}",
    }
    if rotation_policy is not None:
        props["rotationPolicy"] = dict(rotation_policy)
    return _resource(rid, KEYS, props, properties, top, location=location, tags={})


def rotation_policy(rotate_after: str = "P90D", expiry: str = "P1Y") -> dict[str, Any]:
    return {
        "attributes": {"created": EPOCH_CREATED, "updated": EPOCH_UPDATED, "expiryTime": expiry},
        "lifetimeActions": [
            {"trigger": {"timeAfterCreate": rotate_after}, "action": {"type": "rotate"}},
            {"trigger": {"timeBeforeExpiry": "P30D"}, "action": {"type": "notify"}},
        ],
    }


def secret(
    vault_id: str,
    name: str,
    *,
    location: str = "westeurope",
    expires: int | None = None,
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """listSecrets.json item: attributes and URIs, never the value."""
    rid = child_id(vault_id, "secrets", name)
    vault_name = vault_id.rsplit("/", 1)[1]
    attributes: dict[str, Any] = {
        "enabled": True,
        "created": EPOCH_CREATED,
        "updated": EPOCH_UPDATED,
    }
    if expires is not None:
        attributes["exp"] = expires
    props: dict[str, Any] = {
        "attributes": attributes,
        "secretUri": f"https://{vault_name}.vault.azure.net/secrets/{name}",
        "secretUriWithVersion": f"https://{vault_name}.vault.azure.net/secrets/{name}/"
        f"{_guid_from(rid).replace('-', '')}",
    }
    return _resource(rid, SECRETS, props, properties, top, location=location, tags={})


# ------------------------------------------------------------------------------ dependencies


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
    return _resource(
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
    return _resource(
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
        "internalId": _guid_from(rid).replace("-", ""),
        "dateCreated": CREATED,
        "customSubDomainName": name,
        "provisioningState": "Succeeded",
        "networkAcls": {"defaultAction": "Allow", "virtualNetworkRules": [], "ipRules": []},
        "privateEndpointConnections": [],
        "publicNetworkAccess": "Enabled",
        "disableLocalAuth": False,
        "restrictOutboundNetworkAccess": False,
    }
    return _resource(
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


def _guid_from(text: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, text.lower()))
