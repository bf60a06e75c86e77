"""AML220: the container registry a workspace uses should have an approved private endpoint."""

from __future__ import annotations

from auditor.rulekit import (
    CONTAINER_REGISTRIES,
    REGISTRY_PRIVATE_ENDPOINT_CONNECTIONS,
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
    id="AML220",
    title="Workspace container registry has no approved private endpoint",
    severity=Severity.LOW,
    resource_types=(CONTAINER_REGISTRIES, WORKSPACES),
    category="network",
    rationale=(
        "Without an approved private endpoint connection, computes and endpoints pull their "
        "images over the registry's public endpoint, so its public network access cannot be "
        "disabled without breaking image builds and deployments. A private endpoint (Premium "
        "SKU) keeps image traffic on your network and lets public access be turned off."
    ),
    remediation=Remediation(
        description=(
            "Create a private endpoint for the registry (group id 'registry') in the workspace's "
            "network or as a managed network outbound rule, link the privatelink.azurecr.io DNS "
            "zone, and approve the connection."
        ),
        az=(
            "az network private-endpoint create --name <pe-name> --resource-group <rg> "
            "--vnet-name <vnet> --subnet <subnet> --private-connection-resource-id <registry-id> "
            "--group-id registry --connection-name <registry>-pe"
        ),
        bicep=snippet(
            """
            resource pe 'Microsoft.Network/privateEndpoints@2023-11-01' = {
              name: '${registryName}-pe'
              location: location
              properties: {
                subnet: { id: subnetId }
                privateLinkServiceConnections: [
                  {
                    name: '${registryName}-pe'
                    properties: { privateLinkServiceId: registry.id, groupIds: [ 'registry' ] }
                  }
                ]
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/container-registry/container-registry-private-link",
        ),
        mcsb=("NS-2",),
        defender=("Container registries should use private link",),
    ),
)


RULE = Rule(
    META,
    WorkspaceDependency(
        resource_type=CONTAINER_REGISTRIES,
        path="properties.containerRegistry",
        noun="container registry",
        judgement=PrivateEndpointCheck(
            subject="Registry '{name}'", child_type=REGISTRY_PRIVATE_ENDPOINT_CONNECTIONS
        ),
    ),
)
