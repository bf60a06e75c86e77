"""Azure ML compute (instances and clusters) and workspace connections."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor.inventory.resource_types import COMPUTES, CONNECTIONS
from auditor.simulator.shapes.common import (
    CREATED,
    MODIFIED,
    PRINCIPAL_ID,
    TENANT_ID,
    arm_resource,
    child_id,
    merge,
    system_data,
    system_identity,
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
        "properties": merge(inner, compute_properties or {}),
    }
    return arm_resource(
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
        "properties": merge(inner, compute_properties or {}),
    }
    return arm_resource(
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
    return arm_resource(rid, CONNECTIONS, props, properties, top, systemData=system_data())
