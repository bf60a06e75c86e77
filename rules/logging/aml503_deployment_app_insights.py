"""AML503: a managed online deployment should send telemetry to Application Insights."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.inventory.arm import equals_ci, is_true
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
    id="AML503",
    title="Managed online deployment does not send telemetry to Application Insights",
    severity=Severity.LOW,
    resource_types=("Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments",),
    category="logging",
    rationale=(
        "Application Insights collects the scoring container's requests, exceptions and logs. "
        "Without it, failures and abuse of the model - unusual inputs, error spikes, "
        "exceptions that leak data - go unrecorded once the container restarts."
    ),
    remediation=Remediation(
        description="Enable Application Insights on the deployment (app_insights_enabled).",
        az=(
            "az ml online-deployment update --name <deployment> --endpoint-name <endpoint> "
            "--resource-group <rg> --workspace-name <workspace> --set app_insights_enabled=true"
        ),
        bicep=(
            "resource deployment 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments@2024-10-01' = {\n"
            "  parent: endpoint\n"
            "  name: deploymentName\n"
            "  location: location\n"
            "  sku: { name: 'Default', capacity: 1 }\n"
            "  properties: {\n"
            "    endpointComputeType: 'Managed'\n"
            "    appInsightsEnabled: true\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-monitor-online-endpoints",
        ),
        mcsb=("LT-3",),
    ),
)

COMPUTE_TYPE = "properties.endpointComputeType"
PATH = "properties.appInsightsEnabled"


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    compute_type = resource.get(COMPUTE_TYPE)
    subject = f"Deployment '{resource.name}'"
    if compute_type is MISSING or compute_type is None:
        yield not_assessed(
            f"{subject} has no endpointComputeType, so whether it is managed is unknown",
            evidence(COMPUTE_TYPE, compute_type, "Managed"),
        )
        return
    if not equals_ci(compute_type, "Managed"):
        return  # Kubernetes deployments are monitored through their cluster
    value = resource.get(PATH)
    proof = evidence(PATH, value, "true", default="false")
    if is_true(value):
        yield passed(f"{subject} sends telemetry to Application Insights", proof)
    else:
        yield fail(f"{subject} does not send telemetry to Application Insights", proof)


RULE = Rule(META, check)
