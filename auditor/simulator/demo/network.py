"""Network exposure rules (AML2xx): resources that fail and pass them.

AML201 workspace reachable from the public internet:
  fail  prod workspace mlw-contoso-prod (base; publicNetworkAccess Enabled)
  fail  dev/mlw-contoso-dev-vnet (Disabled, but allowPublicAccessWhenBehindVnet true)
  pass  hub-contoso-prod (base; Disabled)
  pass  dev/mlw-contoso-dev-private (Disabled, not re-opened)
AML202 workspace without an approved private endpoint:
  fail  mlw-contoso-prod (base; none)
  pass  dev/mlw-contoso-dev-private (pe-mlw-dev-private, Approved)
AML203 workspace outbound not limited to approved destinations:
  fail  mlw-contoso-prod (base; no managed network)
  fail  dev/mlw-contoso-dev-vnet (AllowInternetOutbound: low)
  pass  dev/mlw-contoso-dev-private (AllowOnlyApprovedOutbound)
AML204 online endpoint public:
  fail  prod workspace / onlineEndpoints/ep-key-auth (identity.py; publicNetworkAccess Enabled)
  pass  dev/mlw-contoso-dev-private / onlineEndpoints/ep-private (Disabled)
AML205 managed deployment with public egress:
  fail  prod workspace / onlineEndpoints/ep-key-auth/deployments/blue (Enabled)
  pass  dev/mlw-contoso-dev-private / onlineEndpoints/ep-private/deployments/green (Disabled)
AML206 compute nodes with public IPs:
  fail  prod workspace / computes/ci-ssh-open (enableNodePublicIp true)
  fail  prod workspace / computes/cluster-defaults (absent on AmlCompute: default true)
  pass  prod workspace / computes/cluster-vnet (false, in a subnet)
AML207 compute SSH open to the internet:
  fail  prod workspace / computes/ci-ssh-open (sshPublicAccess Enabled)
  fail  prod workspace / computes/cluster-defaults (remoteLoginPortPublicAccess absent, no subnet)
  pass  prod workspace / computes/cluster-vnet (NotSpecified, in a subnet)
AML208 compute outside any network:
  fail  prod workspace / computes/ci-ssh-open (no subnet, no managed network)
  pass  prod workspace / computes/cluster-vnet (subnet)
  pass  dev/mlw-contoso-dev-private / computes/cluster-managed (its workspace's managed network)
AML209 ML registry public:
  fail  prod/mlr-contoso-shared (publicNetworkAccess Enabled)
  pass  prod/mlr-contoso-private (Disabled)
AML210 key vault open to every network:
  fail  kv-contoso-ml-prod (base; Enabled, no firewall)
  pass  kv-contoso-cmk (base; Disabled)
  pass  dev/kv-contoso-dev-secure (Disabled, firewall Deny)
AML211 key vault without an approved private endpoint:
  fail  kv-contoso-ml-prod (base; none)
  pass  dev/kv-contoso-dev-secure (pe-kv-dev-secure, Approved)
AML212 AI account open to every network:
  fail  ais-contoso-prod (base; Enabled, firewall Allow)
  pass  oai-contoso-entra (identity.py; Disabled, firewall Deny)
"""

from __future__ import annotations

from typing import Any

from auditor.inventory.resource_types import (
    PRIVATE_ENDPOINTS,
    VAULT_PRIVATE_ENDPOINT_CONNECTIONS,
    VIRTUAL_NETWORKS,
    WORKSPACE_PRIVATE_ENDPOINT_CONNECTIONS,
)
from auditor.simulator import shapes
from auditor.simulator.demo import identity
from auditor.simulator.demo.base import DemoContext


def _approved_connection(owner_id: str, endpoint_id: str, child_type: str) -> dict[str, Any]:
    """A private endpoint connection as ARM lists it inside the owner's properties."""
    name = endpoint_id.rsplit("/", 1)[1]
    return {
        "id": f"{owner_id}/privateEndpointConnections/{name}",
        "name": name,
        "type": child_type,
        "properties": {
            "privateEndpoint": {"id": endpoint_id},
            "privateLinkServiceConnectionState": {
                "status": "Approved",
                "description": "Auto-Approved",
                "actionsRequired": "None",
            },
            "provisioningState": "Succeeded",
        },
    }


def resources(ctx: DemoContext) -> list[dict[str, Any]]:
    dependencies = {"storage_account": ctx.dev_storage, "key_vault": ctx.dev_vault}
    prod_vnet = shapes.resource_id(ctx.prod, ctx.prod_group, VIRTUAL_NETWORKS, "vnet-contoso-ml")
    dev_vnet = shapes.resource_id(ctx.dev, ctx.dev_group, VIRTUAL_NETWORKS, "vnet-contoso-dev")
    training_subnet = f"{prod_vnet}/subnets/snet-training"

    secure_vault_id = shapes.resource_id(
        ctx.dev, ctx.dev_group, shapes.VAULTS, "kv-contoso-dev-secure"
    )
    secure_vault = shapes.vault(
        ctx.dev,
        ctx.dev_group,
        "kv-contoso-dev-secure",
        properties={
            "enablePurgeProtection": True,
            "publicNetworkAccess": "Disabled",
            "networkAcls": {"defaultAction": "Deny", "bypass": "AzureServices"},
            "privateEndpointConnections": [
                _approved_connection(
                    secure_vault_id,
                    shapes.resource_id(
                        ctx.dev, ctx.dev_group, PRIVATE_ENDPOINTS, "pe-kv-dev-secure"
                    ),
                    VAULT_PRIVATE_ENDPOINT_CONNECTIONS,
                )
            ],
        },
    )

    private_id = shapes.resource_id(
        ctx.dev, ctx.dev_group, shapes.WORKSPACES, "mlw-contoso-dev-private"
    )
    ml_identity = identity.ml_identity_id(ctx)
    private_workspace = shapes.workspace(
        ctx.dev,
        ctx.dev_group,
        "mlw-contoso-dev-private",
        storage_account=identity.secure_storage_id(ctx),
        key_vault=secure_vault_id,
        properties={
            "publicNetworkAccess": "Disabled",
            "systemDatastoresAuthMode": "Identity",
            "primaryUserAssignedIdentity": ml_identity,
            "managedNetwork": {
                "isolationMode": "AllowOnlyApprovedOutbound",
                "status": {"status": "Active", "sparkReady": False},
                "outboundRules": {},
            },
            "privateEndpointConnections": [
                _approved_connection(
                    private_id,
                    f"{dev_vnet.rsplit('/providers/', 1)[0]}/providers/{PRIVATE_ENDPOINTS}/"
                    "pe-mlw-dev-private",
                    WORKSPACE_PRIVATE_ENDPOINT_CONNECTIONS,
                )
            ],
        },
        identity={
            "type": "SystemAssigned,UserAssigned",
            "principalId": shapes.PRINCIPAL_ID,
            "tenantId": shapes.TENANT_ID,
            "userAssignedIdentities": {
                ml_identity: {
                    "principalId": shapes.PRINCIPAL_ID,
                    "clientId": "6a1f0c2e-58b4-4f0e-9d3c-1b2a3c4d5e6f",
                }
            },
        },
    )
    private_endpoint = shapes.online_endpoint(
        private_id,
        "ep-private",
        auth_mode="AADToken",
        properties={"publicNetworkAccess": "Disabled"},
    )
    return [
        shapes.workspace(
            ctx.dev,
            ctx.dev_group,
            "mlw-contoso-dev-vnet",
            container_registry=identity.dev_registry_id(ctx),
            properties={
                "publicNetworkAccess": "Disabled",
                "allowPublicAccessWhenBehindVnet": True,
                "managedNetwork": {
                    "isolationMode": "AllowInternetOutbound",
                    "status": {"status": "Active", "sparkReady": False},
                    "outboundRules": {},
                },
            },
            **dependencies,
        ),
        secure_vault,
        private_workspace,
        private_endpoint,
        shapes.online_deployment(
            private_endpoint["id"],
            "green",
            properties={"egressPublicNetworkAccess": "Disabled"},
        ),
        shapes.aml_compute(
            private_id, "cluster-managed", compute_properties={"enableNodePublicIp": False}
        ),
        shapes.compute_instance(
            ctx.workspace,
            "ci-ssh-open",
            compute_properties={
                "sshSettings": {
                    "sshPublicAccess": "Enabled",
                    "adminUserName": "azureuser",
                    "sshPort": 50000,
                }
            },
        ),
        # ARM leaves out what was never set: both settings take their (open) defaults.
        shapes.aml_compute(
            ctx.workspace,
            "cluster-defaults",
            compute_properties={"enableNodePublicIp": None, "remoteLoginPortPublicAccess": None},
        ),
        shapes.aml_compute(
            ctx.workspace,
            "cluster-vnet",
            compute_properties={
                "enableNodePublicIp": False,
                "remoteLoginPortPublicAccess": "NotSpecified",
                "subnet": {"id": training_subnet},
            },
        ),
        shapes.registry(ctx.prod, ctx.shared_group, "mlr-contoso-shared"),
        shapes.registry(
            ctx.prod,
            ctx.shared_group,
            "mlr-contoso-private",
            properties={"publicNetworkAccess": "Disabled"},
        ),
    ]
