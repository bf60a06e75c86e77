"""AML507: a workspace serving online endpoints should have Application Insights."""

from __future__ import annotations

from auditor.rulekit import (
    MISSING,
    ONLINE_ENDPOINTS,
    WORKSPACES,
    LookupState,
    Outcomes,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
    arm,
    evidence,
    fail,
    not_assessed,
    passed,
    relations,
    snippet,
)

META = RuleMeta(
    id="AML507",
    title="Workspace with online endpoints has no Application Insights",
    severity=Severity.LOW,
    resource_types=(WORKSPACES,),
    category="logging",
    rationale=(
        "Online deployments send their request, latency and failure telemetry to the "
        "Application Insights resource of their workspace (a project uses its hub's). A "
        "workspace serving online endpoints without one has nowhere to send it: turning on a "
        "deployment's app_insights_enabled does nothing, and probing, abuse or a failing model "
        "behind a scoring endpoint goes unseen."
    ),
    remediation=Remediation(
        description=(
            "Create an Application Insights resource (workspace-based) and set it as the "
            "workspace's applicationInsights, then enable it on each online deployment."
        ),
        az=(
            "az resource update --ids <workspace-resource-id> "
            "--set properties.applicationInsights=<app-insights-resource-id>"
        ),
        bicep=snippet(
            """
            resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
              name: workspaceName
              location: location
              identity: { type: 'SystemAssigned' }
              properties: {
                applicationInsights: appInsights.id
                storageAccount: storage.id
                keyVault: vault.id
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-monitor-online-endpoints",
            "https://learn.microsoft.com/azure/templates/microsoft.machinelearningservices/workspaces",
        ),
        mcsb=("LT-3", "LT-4"),
    ),
)

PATH = "properties.applicationInsights"
EXPECTED = "an Application Insights resource id"


def check(resource: Resource, ctx: RuleContext) -> Outcomes:
    # One endpoint in the inventory shows it serves; "none" needs the collection listed.
    endpoints = ctx.children(resource.id, ONLINE_ENDPOINTS)
    subject = f"Workspace '{resource.name}'"
    if not endpoints:
        if ctx.listing(resource.id, ONLINE_ENDPOINTS).state is not LookupState.FOUND:
            yield not_assessed(
                f"Whether {subject} serves online endpoints is unknown: they were not read",
                evidence(PATH, resource.get(PATH), EXPECTED),
            )
        return  # nothing served here: no endpoint telemetry relies on it
    served = f"serves {len(endpoints)} online endpoint(s)"
    owner, where = resource, ""
    value = resource.get(PATH)
    if (value is MISSING or value is None) and relations.is_project(resource):
        hub_id, lookup = relations.hub_of(resource, ctx)
        if lookup.state is not LookupState.FOUND or lookup.resource is None:
            yield not_assessed(
                f"{subject} is a project whose hub could not be read: {lookup.reason}",
                evidence("properties.hubResourceId", hub_id or MISSING, "a readable hub"),
            )
            return
        owner, where = lookup.resource, f"hub {lookup.resource.name}: "
        value = owner.get(PATH)
    proof = evidence(where + PATH, value, EXPECTED)
    if value is MISSING or value is None or value == "":
        yield fail(f"{subject} {served} but has no Application Insights", proof)
    elif arm.is_arm_id(value):
        yield passed(f"{subject} {served} and sends telemetry to Application Insights", proof)
    else:
        yield not_assessed(f"applicationInsights {value!r} is not a resource id", proof)


RULE = Rule(META, check)
