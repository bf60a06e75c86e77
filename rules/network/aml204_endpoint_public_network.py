"""AML204: online endpoints should not be reachable from the public internet."""

from __future__ import annotations

from auditor.rulekit import (
    ONLINE_ENDPOINTS,
    PropertyCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    Status,
    snippet,
)

META = RuleMeta(
    id="AML204",
    title="Online endpoint accepts scoring traffic from the public internet",
    severity=Severity.MEDIUM,
    resource_types=(ONLINE_ENDPOINTS,),
    category="network",
    rationale=(
        "An online endpoint with public network access (the default) accepts scoring requests "
        "from anywhere on the internet: a leaked key or token is usable from any network, and the "
        "model is open to probing and extraction. With publicNetworkAccess Disabled, only clients "
        "that reach the workspace's private endpoint can score."
    ),
    remediation=Remediation(
        description=(
            "Give the workspace a private endpoint (AML202), then disable public network access on "
            "the endpoint so scoring requests arrive only through it."
        ),
        az=(
            "az ml online-endpoint update --name <endpoint> --resource-group <rg> "
            "--workspace-name <workspace> --set public_network_access=disabled"
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
            "https://learn.microsoft.com/azure/machine-learning/concept-secure-online-endpoint",
            "https://learn.microsoft.com/azure/machine-learning/how-to-secure-online-endpoint",
        ),
        mcsb=("NS-2",),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    PropertyCheck(
        path="properties.publicNetworkAccess",
        expected="Disabled",
        bad=("Enabled",),
        good=("Disabled",),
        default="Enabled",
        absent=Status.FAIL,
        failed="Endpoint '{name}' accepts traffic from the public internet",
        passed="Endpoint '{name}' accepts only private traffic",
        unknown="publicNetworkAccess {value!r} is not a known value",
    ),
)
