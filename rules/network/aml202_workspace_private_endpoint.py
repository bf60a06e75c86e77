"""AML202: a workspace should be reached through an approved private endpoint."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.inventory.arm import equals_ci
from auditor.inventory.inventory import LookupState
from auditor.rulekit.relations import PrivateEndpoints, hub_of, private_endpoints
from auditor.rulekit.rule import (
    Outcome,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
    evidence,
    fail,
    not_assessed,
    passed,
)

META = RuleMeta(
    id="AML202",
    title="Workspace has no approved private endpoint",
    severity=Severity.MEDIUM,
    resource_types=("Microsoft.MachineLearningServices/workspaces",),
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
        bicep=(
            "resource pe 'Microsoft.Network/privateEndpoints@2023-11-01' = {\n"
            "  name: '${workspaceName}-pe'\n"
            "  location: location\n"
            "  properties: {\n"
            "    subnet: { id: subnetId }\n"
            "    privateLinkServiceConnections: [\n"
            "      {\n"
            "        name: '${workspaceName}-pe'\n"
            "        properties: { privateLinkServiceId: workspace.id, groupIds: [ 'amlworkspace' ] }\n"
            "      }\n"
            "    ]\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=("https://learn.microsoft.com/azure/machine-learning/how-to-configure-private-link",),
        policy=("45e05259-1eb5-4f70-9574-baf73e9d219b",),
        mcsb=("NS-2",),
    ),
)

CHILD_TYPE = "Microsoft.MachineLearningServices/workspaces/privateEndpointConnections"
EXPECTED = "at least one connection with status Approved"


def _judge(endpoints: PrivateEndpoints, subject: str, prefix: str) -> Outcome:
    proof = evidence(prefix + endpoints.source, endpoints.describe(), EXPECTED)
    if endpoints.state is not LookupState.FOUND:
        return not_assessed(
            f"Could not read the private endpoints of {subject}: {endpoints.reason}", proof
        )
    if endpoints.approved:
        return passed(f"{subject} has an approved private endpoint", proof)
    return fail(f"{subject} has no approved private endpoint connection", proof)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    if not equals_ci(resource.kind, "Project"):
        subject = f"Workspace '{resource.name}'"
        yield _judge(private_endpoints(resource, ctx, CHILD_TYPE), subject, "")
        return
    hub_id, lookup = hub_of(resource, ctx)
    if lookup.state is LookupState.FOUND and lookup.resource is not None:
        hub = lookup.resource
        subject = f"Project '{resource.name}' (through its hub '{hub.name}')"
        yield _judge(private_endpoints(hub, ctx, CHILD_TYPE), subject, f"hub {hub.id}: ")
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
