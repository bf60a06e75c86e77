"""AML202: a workspace should be reached through an approved private endpoint."""

from __future__ import annotations

from auditor.rulekit import (
    WORKSPACE_PRIVATE_ENDPOINT_CONNECTIONS,
    WORKSPACES,
    LookupState,
    Outcomes,
    PrivateEndpointCheck,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
    evidence,
    not_assessed,
    private_endpoint_outcome,
    relations,
    snippet,
)

META = RuleMeta(
    id="AML202",
    title="Workspace has no approved private endpoint",
    severity=Severity.MEDIUM,
    resource_types=(WORKSPACES,),
    category="network",
    rationale=(
        "Without an approved private endpoint connection, clients can reach the workspace's APIs, "
        "studio and notebooks only over its public endpoint, so public network access cannot be "
        "turned off without cutting everyone off. A private endpoint keeps that traffic on your "
        "network. Projects are reached through their hub's private endpoint."
    ),
    remediation=Remediation(
        description=(
            "Create a private endpoint for the workspace (group id 'amlworkspace') in a subnet "
            "your users reach, link the privatelink.api.azureml.ms and privatelink.notebooks.azure.net "
            "private DNS zones, approve the connection, then disable public network access (AML201)."
        ),
        az=(
            "az network private-endpoint create --name <pe-name> --resource-group <rg> "
            "--vnet-name <vnet> --subnet <subnet> --private-connection-resource-id <workspace-id> "
            "--group-id amlworkspace --connection-name <workspace>-pe"
        ),
        bicep=snippet(
            """
            resource pe 'Microsoft.Network/privateEndpoints@2023-11-01' = {
              name: '${workspaceName}-pe'
              location: location
              properties: {
                subnet: { id: subnetId }
                privateLinkServiceConnections: [
                  {
                    name: '${workspaceName}-pe'
                    properties: { privateLinkServiceId: workspace.id, groupIds: [ 'amlworkspace' ] }
                  }
                ]
              }
            }
            """
        ),
    ),
    references=References(
        docs=("https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link",),
        policy=("45e05259-1eb5-4f70-9574-baf73e9d219b",),
        mcsb=("NS-2",),
        defender=("Azure Machine Learning workspaces should use private link",),
    ),
)


WORKSPACE = PrivateEndpointCheck(
    subject="Workspace '{name}'", child_type=WORKSPACE_PRIVATE_ENDPOINT_CONNECTIONS
)


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    unclear = relations.unclear_kind(resource)
    if unclear is not None:
        yield not_assessed(
            unclear, evidence("kind", resource.get("kind"), "a known workspace kind")
        )
        return
    if not relations.is_project(resource):
        yield from WORKSPACE(resource, ctx)
        return
    hub_id, lookup = relations.hub_of(resource, ctx)
    if lookup.state is LookupState.FOUND and lookup.resource is not None:
        hub = lookup.resource
        yield private_endpoint_outcome(
            relations.private_endpoints(hub, ctx, WORKSPACE_PRIVATE_ENDPOINT_CONNECTIONS),
            f"Project '{resource.name}' (through its hub '{hub.name}')",
            where=f"hub {hub.id}: ",
        )
    else:
        yield not_assessed(
            f"Project '{resource.name}' is reached through its hub, but "
            + (lookup.reason if hub_id else "it names no hub"),
            evidence(
                "properties.hubResourceId",
                hub_id or resource.get("properties.hubResourceId"),
                "a hub in the inventory",
            ),
        )


RULE = Rule(META, check)
