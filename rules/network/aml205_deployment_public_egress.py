"""AML205: managed online deployments should not send traffic to the public internet."""

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
    id="AML205",
    title="Managed online deployment has public egress",
    severity=Severity.MEDIUM,
    resource_types=("Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments",),
    category="network",
    rationale=(
        "A managed online deployment with egress public network access (the default) lets the "
        "scoring container reach any internet destination: a compromised model or dependency can "
        "exfiltrate requests and secrets, and the deployment pulls its model, image and data over "
        "public paths. With egress disabled it reaches the workspace, registry and storage only "
        "through private endpoints."
    ),
    remediation=Remediation(
        description=(
            "Recreate the deployment with egress public network access disabled (it cannot be "
            "changed in place), or move the workspace to a managed virtual network (AML203)."
        ),
        az=(
            "az ml online-deployment create --file deployment.yml --resource-group <rg> "
            "--workspace-name <workspace> --set egress_public_network_access=disabled"
        ),
        bicep=(
            "resource deployment 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments@2024-10-01' = {\n"
            "  parent: endpoint\n"
            "  name: deploymentName\n"
            "  location: location\n"
            "  sku: { name: 'Default', capacity: 1 }\n"
            "  properties: {\n"
            "    endpointComputeType: 'Managed'\n"
            "    model: modelId\n"
            "    instanceType: 'Standard_DS3_v2'\n"
            "    egressPublicNetworkAccess: 'Disabled'\n"
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

PATH = "properties.egressPublicNetworkAccess"
COMPUTE_TYPE = "properties.endpointComputeType"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    compute_type = resource.get(COMPUTE_TYPE)
    if compute_type is MISSING or compute_type is None:
        yield not_assessed(
            "endpointComputeType is not present, so it is unknown whether the deployment is managed",
            evidence(COMPUTE_TYPE, compute_type, "Managed"),
        )
        return
    if not equals_ci(compute_type, "Managed"):
        return  # Kubernetes deployments' egress is the cluster's network policy
    value = resource.get(PATH)
    proof = evidence(PATH, value, "Disabled", default="Enabled")
    if value is MISSING or value is None or equals_ci(value, "Enabled"):
        yield fail(f"Deployment '{resource.name}' can reach the public internet", proof)
    elif equals_ci(value, "Disabled"):
        yield passed(f"Deployment '{resource.name}' has no public egress", proof)
    else:
        yield not_assessed(f"egressPublicNetworkAccess {value!r} is not a known value", proof)


RULE = Rule(META, check)
