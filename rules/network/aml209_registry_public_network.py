"""AML209: Azure Machine Learning registries should not be reachable from the public internet."""

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
    id="AML209",
    title="ML registry is reachable from the public internet",
    severity=Severity.MEDIUM,
    resource_types=("Microsoft.MachineLearningServices/registries",),
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
        bicep=(
            "resource registry 'Microsoft.MachineLearningServices/registries@2024-10-01' = {\n"
            "  name: registryName\n"
            "  location: location\n"
            "  properties: {\n"
            "    publicNetworkAccess: 'Disabled'\n"
            "    regionDetails: [ { location: location } ]\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-registry-network-isolation",
        ),
        mcsb=("NS-2",),
    ),
)

PATH = "properties.publicNetworkAccess"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    value = resource.get(PATH)
    proof = evidence(PATH, value, "Disabled", default="Enabled")
    if value is MISSING or value is None or equals_ci(value, "Enabled"):
        yield fail(f"Registry '{resource.name}' is reachable from the public internet", proof)
    elif equals_ci(value, "Disabled"):
        yield passed(f"Registry '{resource.name}' is reachable only privately", proof)
    else:
        yield not_assessed(f"publicNetworkAccess {value!r} is not a known value", proof)


RULE = Rule(META, check)
