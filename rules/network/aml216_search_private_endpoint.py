"""AML216: an AI Search service a workspace connects to should be reached through an approved
private endpoint."""

from __future__ import annotations

from auditor.rulekit import (
    CONNECTIONS,
    SEARCH_PRIVATE_ENDPOINT_CONNECTIONS,
    SEARCH_SERVICES,
    PrivateEndpointCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    SearchServices,
    Severity,
    snippet,
)

META = RuleMeta(
    id="AML216",
    title="AI Search service has no approved private endpoint",
    severity=Severity.LOW,
    resource_types=(SEARCH_SERVICES, CONNECTIONS),
    category="network",
    rationale=(
        "The indexes a retrieval-augmented model grounds on hold the organisation's documents. "
        "Without an approved private endpoint connection, the workspace and the AI account "
        "reach the service over its public endpoint, so public network access cannot be turned "
        "off without breaking them. A private endpoint keeps queries and indexed content on "
        "your network."
    ),
    remediation=Remediation(
        description=(
            "Create a private endpoint for the service (group id 'searchService') in the "
            "workspace's virtual network or as a managed network outbound rule, link the "
            "privatelink.search.windows.net DNS zone, and approve the connection."
        ),
        az=(
            "az network private-endpoint create --name <pe-name> --resource-group <rg> "
            "--vnet-name <vnet> --subnet <subnet> --private-connection-resource-id <search-id> "
            "--group-id searchService --connection-name <search>-pe"
        ),
        bicep=snippet(
            """
            resource pe 'Microsoft.Network/privateEndpoints@2023-11-01' = {
              name: '${searchName}-pe'
              location: location
              properties: {
                subnet: { id: subnetId }
                privateLinkServiceConnections: [
                  {
                    name: '${searchName}-pe'
                    properties: { privateLinkServiceId: search.id, groupIds: [ 'searchService' ] }
                  }
                ]
              }
            }
            """
        ),
    ),
    references=References(
        docs=("https://learn.microsoft.com/azure/search/service-create-private-endpoint",),
        # "Azure AI Services resources should use Azure Private Link" covers
        # Microsoft.Search/searchServices too: no privateEndpointConnections[*] Approved.
        policy=("d6759c02-b87f-42b7-892e-71b3f471d782",),
        mcsb=("NS-2",),
        defender=("Azure AI Services resources should use Azure Private Link",),
    ),
)


RULE = Rule(
    META,
    SearchServices(
        PrivateEndpointCheck(
            subject="Search service '{name}'", child_type=SEARCH_PRIVATE_ENDPOINT_CONNECTIONS
        )
    ),
)
