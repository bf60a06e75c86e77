"""AML209: Azure Machine Learning registries should not be reachable from the public internet."""

from __future__ import annotations

from auditor.rulekit import (
    REGISTRIES,
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
    id="AML209",
    title="ML registry is reachable from the public internet",
    severity=Severity.MEDIUM,
    resource_types=(REGISTRIES,),
    category="network",
    rationale=(
        "A registry shares models, components and environments with every workspace that "
        "consumes it; with public network access (the default) anyone with a credential can "
        "read or publish assets from any network, and a tampered model or environment flows "
        "into every consumer. With public access disabled it is reached through private "
        "endpoints only."
    ),
    remediation=Remediation(
        description=(
            "Create a private endpoint for the registry (group id 'amlregistry') and its DNS "
            "zones, make consuming workspaces reach it through their networks, then disable "
            "public network access."
        ),
        az=(
            "az resource update --ids <registry-resource-id> "
            "--set properties.publicNetworkAccess=Disabled"
        ),
        bicep=snippet(
            """
            resource registry 'Microsoft.MachineLearningServices/registries@2024-10-01' = {
              name: registryName
              location: location
              properties: {
                publicNetworkAccess: 'Disabled'
                regionDetails: [ { location: location } ]
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-registry-network-isolation",
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
        failed="Registry '{name}' is reachable from the public internet",
        passed="Registry '{name}' is reachable only privately",
        unknown="publicNetworkAccess {value!r} is not a known value",
    ),
)
