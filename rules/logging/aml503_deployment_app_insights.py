"""AML503: a managed online deployment should send telemetry to Application Insights."""

from __future__ import annotations

from auditor.rulekit import (
    ONLINE_DEPLOYMENTS,
    PropertyCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    Status,
    managed_deployments,
    snippet,
)

META = RuleMeta(
    id="AML503",
    title="Managed online deployment does not send telemetry to Application Insights",
    severity=Severity.LOW,
    resource_types=(ONLINE_DEPLOYMENTS,),
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
        bicep=snippet(
            """
            resource deployment 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments@2024-10-01' = {
              parent: endpoint
              name: deploymentName
              location: location
              sku: { name: 'Default', capacity: 1 }
              properties: {
                endpointComputeType: 'Managed'
                appInsightsEnabled: true
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-monitor-online-endpoints",
        ),
        mcsb=("LT-3",),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    managed_deployments(  # Kubernetes deployments are monitored through their cluster
        PropertyCheck(
            path="properties.appInsightsEnabled",
            expected="true",
            good=(True,),
            default="false",
            absent=Status.FAIL,
            otherwise=Status.FAIL,
            passed="Deployment '{name}' sends telemetry to Application Insights",
            failed="Deployment '{name}' does not send telemetry to Application Insights",
        ),
        unknown="Deployment '{name}' has no endpointComputeType, so whether it is managed is unknown",
    ),
)
