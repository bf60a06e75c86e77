"""AML213: AI Services and Azure OpenAI accounts should be reached through an approved private
endpoint."""

from __future__ import annotations

from auditor.rulekit import (
    AI_PRIVATE_ENDPOINT_CONNECTIONS,
    COGNITIVE_ACCOUNTS,
    CONNECTIONS,
    AiAccounts,
    PrivateEndpointCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    snippet,
)

META = RuleMeta(
    id="AML213",
    title="AI Services account has no approved private endpoint",
    severity=Severity.MEDIUM,
    resource_types=(COGNITIVE_ACCOUNTS, CONNECTIONS),
    category="network",
    rationale=(
        "Without an approved private endpoint connection, workspaces, prompt flows and agents "
        "reach the account's models over its public endpoint, so its public network access "
        "cannot be turned off without breaking them, and prompts and completions leave your "
        "network. A private endpoint (in your virtual network or as a managed network outbound "
        "rule) keeps that traffic private. Accounts of other kinds are judged when a workspace "
        "connection targets them."
    ),
    remediation=Remediation(
        description=(
            "Create a private endpoint for the account (group id 'account') in the workspace's "
            "virtual network or as a managed network outbound rule, link the "
            "privatelink.cognitiveservices.azure.com and privatelink.openai.azure.com DNS zones, "
            "and approve the connection."
        ),
        az=(
            "az network private-endpoint create --name <pe-name> --resource-group <rg> "
            "--vnet-name <vnet> --subnet <subnet> --private-connection-resource-id <account-id> "
            "--group-id account --connection-name <account>-pe"
        ),
        bicep=snippet(
            """
            resource pe 'Microsoft.Network/privateEndpoints@2023-11-01' = {
              name: '${accountName}-pe'
              location: location
              properties: {
                subnet: { id: subnetId }
                privateLinkServiceConnections: [
                  {
                    name: '${accountName}-pe'
                    properties: { privateLinkServiceId: account.id, groupIds: [ 'account' ] }
                  }
                ]
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/ai-services/cognitive-services-virtual-networks",
            "https://learn.microsoft.com/azure/ai-foundry/how-to/configure-private-link",
        ),
        # "Azure AI Services resources should use Azure Private Link": an account with no
        # privateEndpointConnections[*] whose status is Approved.
        policy=("d6759c02-b87f-42b7-892e-71b3f471d782",),
        mcsb=("NS-2",),
        defender=("Azure AI Services resources should use Azure Private Link",),
    ),
)


RULE = Rule(
    META,
    AiAccounts(
        PrivateEndpointCheck(subject="Account '{name}'", child_type=AI_PRIVATE_ENDPOINT_CONNECTIONS)
    ),
)
