"""AML211: key vaults should be reached through an approved private endpoint."""

from __future__ import annotations

from auditor.rulekit import (
    VAULT_PRIVATE_ENDPOINT_CONNECTIONS,
    VAULTS,
    PrivateEndpointCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    snippet,
    vault_users,
)

META = RuleMeta(
    id="AML211",
    title="Key vault has no approved private endpoint",
    severity=Severity.LOW,
    resource_types=(VAULTS,),
    category="network",
    rationale=(
        "Without an approved private endpoint connection, workspaces and computes reach the vault "
        "over its public endpoint, so its public network access cannot be disabled without "
        "breaking them. A private endpoint keeps secret and key traffic on your network and lets "
        "public access be turned off."
    ),
    remediation=Remediation(
        description=(
            "Create a private endpoint for the vault (group id 'vault') in the workspace's virtual "
            "network or as a managed network outbound rule, link the privatelink.vaultcore.azure.net "
            "DNS zone, and approve the connection."
        ),
        az=(
            "az network private-endpoint create --name <pe-name> --resource-group <rg> "
            "--vnet-name <vnet> --subnet <subnet> --private-connection-resource-id <vault-id> "
            "--group-id vault --connection-name <vault>-pe"
        ),
        bicep=snippet(
            """
            resource pe 'Microsoft.Network/privateEndpoints@2023-11-01' = {
              name: '${vaultName}-pe'
              location: location
              properties: {
                subnet: { id: subnetId }
                privateLinkServiceConnections: [
                  {
                    name: '${vaultName}-pe'
                    properties: { privateLinkServiceId: vault.id, groupIds: [ 'vault' ] }
                  }
                ]
              }
            }
            """
        ),
    ),
    references=References(
        docs=("https://learn.microsoft.com/azure/key-vault/general/private-link-service",),
        policy=("a6abeaec-4d90-4a02-805f-6b26c4d3fbe9",),
        mcsb=("DP-8", "NS-2"),
        defender=("Azure Key Vaults should use private link",),
    ),
)


RULE = Rule(
    META,
    PrivateEndpointCheck(
        subject="Key vault '{name}'",
        child_type=VAULT_PRIVATE_ENDPOINT_CONNECTIONS,
        context=vault_users,
    ),
)
