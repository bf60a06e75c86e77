"""AML211: key vaults should be reached through an approved private endpoint."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.inventory.inventory import LookupState
from auditor.rulekit.keyvault import vault_context
from auditor.rulekit.relations import private_endpoints
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
    id="AML211",
    title="Key vault has no approved private endpoint",
    severity=Severity.LOW,
    resource_types=("Microsoft.KeyVault/vaults",),
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
        bicep=(
            "resource pe 'Microsoft.Network/privateEndpoints@2023-11-01' = {\n"
            "  name: '${vaultName}-pe'\n"
            "  location: location\n"
            "  properties: {\n"
            "    subnet: { id: subnetId }\n"
            "    privateLinkServiceConnections: [\n"
            "      {\n"
            "        name: '${vaultName}-pe'\n"
            "        properties: { privateLinkServiceId: vault.id, groupIds: [ 'vault' ] }\n"
            "      }\n"
            "    ]\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=("https://learn.microsoft.com/azure/key-vault/general/private-link-service",),
        policy=("a6abeaec-4d90-4a02-805f-6b26c4d3fbe9",),
        mcsb=("DP-8", "NS-2"),
    ),
)

CHILD_TYPE = "Microsoft.KeyVault/vaults/privateEndpointConnections"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    endpoints = private_endpoints(resource, ctx, CHILD_TYPE)
    proof = evidence(
        endpoints.source, endpoints.describe(), "at least one connection with status Approved"
    )
    name = f"Key vault '{resource.name}'"
    if endpoints.state is not LookupState.FOUND:
        yield not_assessed(
            f"Could not read the private endpoints of {name}: {endpoints.reason}", proof
        )
    elif endpoints.approved:
        yield passed(
            f"{name} has an approved private endpoint",
            proof,
            context=vault_context(resource.id, ctx),
        )
    else:
        yield fail(
            f"{name} has no approved private endpoint connection",
            proof,
            context=vault_context(resource.id, ctx),
        )


RULE = Rule(META, check)
