"""AML204: online endpoints should not be reachable from the public internet."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.inventory.arm import equals_ci
from auditor.rulekit.rule import (
    MISSING,
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
    id="AML204",
    title="Online endpoint accepts scoring traffic from the public internet",
    severity=Severity.MEDIUM,
    resource_types=("Microsoft.MachineLearningServices/workspaces/onlineEndpoints",),
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
        bicep=(
            "resource endpoint 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01' = {\n"
            "  parent: workspace\n"
            "  name: endpointName\n"
            "  location: location\n"
            "  identity: { type: 'SystemAssigned' }\n"
            "  properties: {\n"
            "    authMode: 'AADToken'\n"
            "    publicNetworkAccess: 'Disabled'\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/concept-secure-online-endpoint",
            "https://learn.microsoft.com/azure/machine-learning/how-to-secure-online-endpoint",
        ),
        mcsb=("NS-2",),
    ),
)

PATH = "properties.publicNetworkAccess"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    value = resource.get(PATH)
    proof = evidence(PATH, value, "Disabled", default="Enabled")
    if value is MISSING or value is None or equals_ci(value, "Enabled"):
        yield fail(f"Endpoint '{resource.name}' accepts traffic from the public internet", proof)
    elif equals_ci(value, "Disabled"):
        yield passed(f"Endpoint '{resource.name}' accepts only private traffic", proof)
    else:
        yield not_assessed(f"publicNetworkAccess {value!r} is not a known value", proof)


RULE = Rule(META, check)
