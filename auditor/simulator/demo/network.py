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
    AI_PRIVATE_ENDPOINT_CONNECTIONS,
    COGNITIVE_ACCOUNTS,
    CONTAINER_REGISTRIES,
    PRIVATE_ENDPOINTS,
    REGISTRY_PRIVATE_ENDPOINT_CONNECTIONS,
    SEARCH_PRIVATE_ENDPOINT_CONNECTIONS,
    SEARCH_SERVICES,
    STORAGE_ACCOUNTS,
    STORAGE_PRIVATE_ENDPOINT_CONNECTIONS,
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
        *defender_gap_resources(ctx),
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


# --- Defender gaps: AI accounts, AI Search, the workspace's storage and registry ----------------
# AML119 AI account without a managed identity (identity rule; resources here):
#   fail  ais-contoso-noid (identity removed)        pass  ais-contoso-prod (base; SystemAssigned)
# AML120 / AML215 / AML216 AI Search behind a connection (keys / public / private endpoint):
#   fail  srch-contoso-prod (defaults)               pass  srch-contoso-private
# AML213 / AML214 AI account private endpoint / outbound restriction:
#   fail  ais-contoso-prod (base; none, unrestricted) pass  oai-contoso-private
# AML217 / AML218 workspace storage open / no private endpoint:
#   fail  stcontosomlprod (base; Allow, none)        pass  dev/stcontosodeviso (Deny, Approved)
# AML219 / AML220 workspace registry open / no private endpoint:
#   fail  crcontosomlprod (base; Enabled, none)      pass  dev/crcontosodeviso (Disabled, Approved)
PRIVATE_OPENAI = "oai-contoso-private"
ISOLATED_WORKSPACE = "mlw-contoso-dev-isolated"


def defender_gap_resources(ctx: DemoContext) -> list[dict[str, Any]]:
    def endpoint(subscription: str, group: str, name: str) -> str:
        return shapes.resource_id(subscription, group, PRIVATE_ENDPOINTS, name)

    search_private_id = shapes.resource_id(
        ctx.prod, ctx.shared_group, SEARCH_SERVICES, "srch-contoso-private"
    )
    openai_id = shapes.resource_id(ctx.prod, ctx.shared_group, COGNITIVE_ACCOUNTS, PRIVATE_OPENAI)
    storage_id = shapes.resource_id(ctx.dev, ctx.dev_group, STORAGE_ACCOUNTS, "stcontosodeviso")
    registry_id = shapes.resource_id(
        ctx.dev, ctx.dev_group, CONTAINER_REGISTRIES, "crcontosodeviso"
    )
    appi = shapes.resource_id(ctx.dev, ctx.dev_group, shapes.APP_INSIGHTS, "appi-contoso-dev")
    isolated = shapes.workspace(
        ctx.dev,
        ctx.dev_group,
        ISOLATED_WORKSPACE,
        storage_account=storage_id,
        key_vault=ctx.dev_vault,
        container_registry=registry_id,
        application_insights=appi,
        properties={"publicNetworkAccess": "Disabled"},
    )
    isolated_endpoint = shapes.online_endpoint(
        isolated["id"],
        "ep-isolated",
        auth_mode="AADToken",
        properties={"publicNetworkAccess": "Disabled"},
    )
    return [
        shapes.cognitive_account(ctx.prod, ctx.shared_group, "ais-contoso-noid", identity=None),
        shapes.cognitive_account(
            ctx.prod,
            ctx.shared_group,
            PRIVATE_OPENAI,
            kind="OpenAI",
            properties={
                "endpoint": f"https://{PRIVATE_OPENAI}.openai.azure.com/",
                "disableLocalAuth": True,
                "publicNetworkAccess": "Disabled",
                "networkAcls": {"defaultAction": "Deny", "virtualNetworkRules": [], "ipRules": []},
                "restrictOutboundNetworkAccess": True,
                "allowedFqdnList": ["stcontosodeviso.blob.core.windows.net"],
                "privateEndpointConnections": [
                    _approved_connection(
                        openai_id,
                        endpoint(ctx.prod, ctx.shared_group, "pe-oai-private"),
                        AI_PRIVATE_ENDPOINT_CONNECTIONS,
                    )
                ],
            },
        ),
        {
            "id": f"{openai_id}/providers/{shapes.DIAGNOSTIC_SETTINGS}/to-law",
            "type": shapes.DIAGNOSTIC_SETTINGS,
            "name": "to-law",
            "properties": shapes.diagnostic_settings_properties(ctx.log_analytics),
        },
        shapes.search_service(ctx.prod, ctx.shared_group, "srch-contoso-prod"),
        shapes.search_service(
            ctx.prod,
            ctx.shared_group,
            "srch-contoso-private",
            properties={
                "disableLocalAuth": True,
                "authOptions": None,
                "publicNetworkAccess": "disabled",
                "privateEndpointConnections": [
                    _approved_connection(
                        search_private_id,
                        endpoint(ctx.prod, ctx.shared_group, "pe-srch-private"),
                        SEARCH_PRIVATE_ENDPOINT_CONNECTIONS,
                    )
                ],
            },
        ),
        shapes.connection(
            ctx.workspace,
            "search-prod",
            category="CognitiveSearch",
            target="https://srch-contoso-prod.search.windows.net",
        ),
        shapes.connection(
            ctx.workspace,
            "search-private",
            category="CognitiveSearch",
            target="https://srch-contoso-private.search.windows.net",
            properties={"metadata": {"ResourceId": search_private_id}},
        ),
        shapes.connection(
            ctx.workspace,
            "oai-private",
            category="AzureOpenAI",
            target=f"https://{PRIVATE_OPENAI}.openai.azure.com/",
            properties={"metadata": {"ApiType": "Azure", "ResourceId": openai_id}},
        ),
        shapes.storage_account(
            ctx.dev,
            ctx.dev_group,
            "stcontosodeviso",
            properties={
                "allowSharedKeyAccess": False,
                "publicNetworkAccess": "Disabled",
                "networkAcls": {
                    "bypass": "AzureServices",
                    "virtualNetworkRules": [],
                    "ipRules": [],
                    "defaultAction": "Deny",
                },
                "privateEndpointConnections": [
                    _approved_connection(
                        storage_id,
                        endpoint(ctx.dev, ctx.dev_group, "pe-st-iso-blob"),
                        STORAGE_PRIVATE_ENDPOINT_CONNECTIONS,
                    )
                ],
            },
        ),
        shapes.container_registry(
            ctx.dev,
            ctx.dev_group,
            "crcontosodeviso",
            properties={
                "publicNetworkAccess": "Disabled",
                "networkRuleSet": {"defaultAction": "Deny", "ipRules": []},
                "privateEndpointConnections": [
                    _approved_connection(
                        registry_id,
                        endpoint(ctx.dev, ctx.dev_group, "pe-cr-iso"),
                        REGISTRY_PRIVATE_ENDPOINT_CONNECTIONS,
                    )
                ],
            },
        ),
        isolated,
        isolated_endpoint,
    ]
