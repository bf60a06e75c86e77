"""Azure ML online, batch and serverless endpoints and their deployments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.inventory.resource_types import (
    BATCH_DEPLOYMENTS,
    BATCH_ENDPOINTS,
    ONLINE_DEPLOYMENTS,
    ONLINE_ENDPOINTS,
    SERVERLESS_ENDPOINTS,
)
from auditor.simulator.shapes.common import arm_resource, child_id, system_data, system_identity


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
    return arm_resource(
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
    return arm_resource(
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
    return arm_resource(
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
    return arm_resource(
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
    return arm_resource(
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
