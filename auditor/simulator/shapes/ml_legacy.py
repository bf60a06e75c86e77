"""Azure ML resources the v2 rules did not read before: datastores, legacy (v1) web services and
attached Kubernetes computes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.inventory.resource_types import COMPUTES, DATASTORES, WEB_SERVICES
from auditor.simulator.shapes.common import (
    CREATED,
    MODIFIED,
    PRINCIPAL_ID,
    TENANT_ID,
    arm_resource,
    child_id,
    merge,
    system_data,
)


def datastore(
    workspace_id: str,
    name: str,
    *,
    credentials_type: str = "None",
    account_name: str = "stcontosomlprod",
    container_name: str = "raw",
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """Datastore/list.json (stable 2024-10-01 on): a blob datastore; a GET returns the
    credential's type and `secrets.secretsType`, never the secret itself."""
    rid = child_id(workspace_id, "datastores", name)
    credentials: dict[str, Any] = {"credentialsType": credentials_type}
    if credentials_type != "None":
        credentials["secrets"] = {"secretsType": credentials_type}
    if credentials_type == "ServicePrincipal":
        credentials.update(
            {
                "authorityUrl": "https://login.microsoftonline.com",
                "resourceUrl": "https://storage.azure.com/",
                "tenantId": TENANT_ID,
                "clientId": PRINCIPAL_ID,
            }
        )
    props: dict[str, Any] = {
        "description": f"datastore {name}",
        "tags": {},
        "isDefault": False,
        "properties": None,
        "credentials": credentials,
        "datastoreType": "AzureBlob",
        "accountName": account_name,
        "containerName": container_name,
        "endpoint": "core.windows.net",
        "protocol": "https",
    }
    return arm_resource(rid, DATASTORES, props, properties, top, systemData=system_data())


def web_service(
    workspace_id: str,
    name: str,
    *,
    compute_type: str = "AKS",
    auth_enabled: bool = False,
    token_auth_enabled: bool = True,
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """MachineLearningService/listByWorkspace.json (stable 2021-07-01): an AKS service (with
    `aadAuthEnabled`, its token authentication) or an ACI one (key authentication only, a public
    IP and FQDN)."""
    rid = child_id(workspace_id, "services", name)
    props: dict[str, Any] = {
        "computeType": compute_type,
        "containerResourceRequirements": {"cpu": 0.1, "memoryInGB": 0.5, "gpu": None},
        "appInsightsEnabled": True,
        "dataCollection": {"eventHubEnabled": False, "storageEnabled": False},
        "authEnabled": auth_enabled,
        "description": None,
        "kvTags": {},
        "properties": {"hasInferenceSchema": "False", "hasHttps": "False"},
        "state": "Healthy",
    }
    if compute_type == "AKS":
        props.update(
            {
                "aadAuthEnabled": token_auth_enabled,
                "computeName": "aks-contoso-v1",
                "namespace": "azureml-workspace",
                "numReplicas": 1,
                "scoringUri": f"http://10.0.1.5:80/api/v1/service/{name}/score",
            }
        )
    else:
        fqdn = f"{name}.westeurope.azurecontainer.io"
        props.update(
            {
                "location": "westeurope",
                "sslEnabled": False,
                "sslCertificate": "",
                "sslKey": "",
                "cname": None,
                "publicIp": "20.61.14.9",
                "publicFqdn": fqdn,
                "scoringUri": f"http://{fqdn}/score",
            }
        )
    return arm_resource(rid, WEB_SERVICES, props, properties, top, systemData=system_data())


def kubernetes_compute(
    workspace_id: str,
    name: str,
    *,
    cluster_id: str,
    location: str = "westeurope",
    properties: Mapping[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """Compute/get/KubernetesCompute.json: an attached Arc or AKS cluster (the relay and Service
    Bus connection strings are never returned)."""
    rid = child_id(workspace_id, "computes", name)
    inner: dict[str, Any] = {
        "namespace": "default",
        "defaultInstanceType": "defaultInstanceType",
        "instanceTypes": {
            "defaultInstanceType": {
                "nodeSelector": None,
                "resources": {
                    "requests": {"cpu": "1", "memory": "4Gi"},
                    "limits": {"cpu": "1", "memory": "4Gi"},
                },
            }
        },
        "extensionInstanceReleaseTrain": "stable",
        "extensionPrincipalId": PRINCIPAL_ID,
        "vcName": "",
    }
    props: dict[str, Any] = {
        "computeType": "Kubernetes",
        "computeLocation": location,
        "description": f"attached Kubernetes cluster {name}",
        "resourceId": cluster_id,
        "createdOn": CREATED,
        "modifiedOn": MODIFIED,
        "provisioningState": "Succeeded",
        "isAttachedCompute": True,
        "disableLocalAuth": True,
        "properties": merge(inner, {}),
    }
    return arm_resource(
        rid, COMPUTES, props, properties, top, location=location, systemData=system_data()
    )
