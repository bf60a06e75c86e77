"""AMLP01: from the internet to the model through a key, and on to what the endpoint's identity
holds."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from auditor.evaluate.paths.kit import Chain, Finding, privileged_reach
from auditor.inventory.resource_types import ONLINE_ENDPOINTS
from auditor.rulekit.checks import snippet
from auditor.rulekit.meta import References, Remediation, RuleMeta, Severity
from auditor.rulekit.rule import RuleContext

META = RuleMeta(
    id="AMLP01",
    title="Internet to model via a key: a public key-auth endpoint whose identity holds broad "
    "roles",
    severity=Severity.CRITICAL,
    resource_types=(ONLINE_ENDPOINTS,),
    category="attack-path",
    rationale=(
        "An online endpoint reachable from the internet (AML204) that accepts keys "
        "(AML101/AML103), whose keys many principals or a directly assigned user can read, or "
        "that were not rotated (AML117/AML114), lets whoever holds a leaked key call the model "
        "from anywhere; the deployment's code runs as the endpoint's managed identity, so roles "
        "that identity holds on the subscription, the workspace's key vault or its storage "
        "account are one scoring request away. Each link alone is a moderate finding; together "
        "they are a path from the internet to the workspace's secrets."
    ),
    remediation=Remediation(
        description=(
            "Break any link: disable public network access on the endpoint, switch it to "
            "Microsoft Entra token auth (aad_token), rotate its keys and narrow who can list "
            "them, or remove the broad roles from the endpoint's identity."
        ),
        az=(
            "az ml online-endpoint update --name <endpoint> --resource-group <rg> "
            "--workspace-name <ws> --set public_network_access=disabled auth_mode=aad_token"
        ),
        bicep=snippet(
            """
            resource endpoint 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01' = {
              parent: workspace
              name: endpointName
              location: location
              identity: { type: 'SystemAssigned' }
              properties: {
                authMode: 'AADToken'
                publicNetworkAccess: 'Disabled'
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/concept-endpoints-online-auth",
            "https://learn.microsoft.com/azure/machine-learning/how-to-secure-online-endpoint",
            "https://learn.microsoft.com/azure/machine-learning/how-to-access-resources-from-endpoints-managed-identities",
        ),
        mcsb=("IM-1", "NS-2", "PA-7"),
    ),
)


def find(ctx: RuleContext) -> Iterator[Chain]:
    for endpoint in ctx.of_type(ONLINE_ENDPOINTS):
        yield Chain(
            endpoint,
            (
                Finding("reachable from the internet", ("AML204",), (endpoint,)),
                Finding("accepts keys", ("AML101", "AML103"), (endpoint,)),
                Finding("keys widely readable or not rotated", ("AML117", "AML114"), (endpoint,)),
                # who the identity reaches is read only for an endpoint that is open
                partial(privileged_reach, "its identity holds broad roles", endpoint, ctx),
            ),
        )
