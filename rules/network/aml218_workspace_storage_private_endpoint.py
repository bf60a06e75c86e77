"""AML218: the storage account a workspace uses should have an approved private endpoint."""

from __future__ import annotations

from auditor.rulekit import (
    STORAGE_ACCOUNTS,
    STORAGE_PRIVATE_ENDPOINT_CONNECTIONS,
    WORKSPACES,
    PrivateEndpointCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    WorkspaceDependency,
    snippet,
)

META = RuleMeta(
    id="AML218",
    title="Workspace storage account has no approved private endpoint",
    severity=Severity.LOW,
    resource_types=(STORAGE_ACCOUNTS, WORKSPACES),
    category="network",
    rationale=(
        "Without an approved private endpoint connection, the workspace and its computes reach "
        "its storage over the public endpoint, so the account's public network access cannot "
        "be turned off without breaking jobs, notebooks and deployments. A private endpoint "
        "keeps code, data and models on your network and lets public access be disabled."
    ),
    remediation=Remediation(
        description=(
            "Create private endpoints for the account's blob and file services (group ids "
            "'blob' and 'file') in the workspace's network or as managed network outbound "
            "rules, link the privatelink DNS zones, and approve the connections."
        ),
        az=(
            "az network private-endpoint create --name <pe-name> --resource-group <rg> "
            "--vnet-name <vnet> --subnet <subnet> --private-connection-resource-id <storage-id> "
            "--group-id blob --connection-name <storage>-blob-pe"
        ),
        bicep=snippet(
            """
            resource pe 'Microsoft.Network/privateEndpoints@2023-11-01' = {
              name: '${storageName}-blob-pe'
              location: location
              properties: {
                subnet: { id: subnetId }
                privateLinkServiceConnections: [
                  {
                    name: '${storageName}-blob-pe'
                    properties: { privateLinkServiceId: storage.id, groupIds: [ 'blob' ] }
                  }
                ]
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/storage/common/storage-private-endpoints",
            "https://learn.microsoft.com/azure/machine-learning/how-to-secure-workspace-vnet",
        ),
        mcsb=("NS-2",),
        defender=("Storage accounts should use private link",),
    ),
)


RULE = Rule(
    META,
    WorkspaceDependency(
        resource_type=STORAGE_ACCOUNTS,
        path="properties.storageAccount",
        noun="storage account",
        judgement=PrivateEndpointCheck(
            subject="Storage account '{name}'", child_type=STORAGE_PRIVATE_ENDPOINT_CONNECTIONS
        ),
    ),
)
