"""AML501: a workspace should send its resource logs somewhere they are kept."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.rulekit.diagnostics import LogSelector, judge
from auditor.rulekit.rule import (
    Outcome,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
)

META = RuleMeta(
    id="AML501",
    title="Workspace sends no resource logs to a destination",
    severity=Severity.MEDIUM,
    resource_types=("Microsoft.MachineLearningServices/workspaces",),
    category="logging",
    rationale=(
        "A workspace's resource logs record who ran which job, created or deleted computes, read "
        "data and deployed models. Azure keeps none of them unless a diagnostic setting sends "
        "them to a Log Analytics workspace, a storage account or an event hub: without one, an "
        "investigation of a compromised workspace has nothing to work with."
    ),
    remediation=Remediation(
        description=(
            "Add a diagnostic setting that sends the allLogs category group (or at least the "
            "audit group) to your Log Analytics workspace."
        ),
        az=(
            "az monitor diagnostic-settings create --name send-to-law "
            "--resource <workspace-resource-id> --workspace <log-analytics-workspace-id> "
            '--logs \'[{"categoryGroup": "allLogs", "enabled": true}]\''
        ),
        bicep=(
            "resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {\n"
            "  scope: workspace\n"
            "  name: 'send-to-law'\n"
            "  properties: {\n"
            "    workspaceId: logAnalytics.id\n"
            "    logs: [ { categoryGroup: 'allLogs', enabled: true } ]\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/monitor-azure-machine-learning",
            "https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings",
        ),
        policy=("afe0c3be-ba3b-4544-ba52-0c99672a8ad6",),
        mcsb=("LT-3",),
    ),
)

# Any enabled log category or group counts, as in policy afe0c3be.
SELECTOR = LogSelector("its resource logs", any_category=True)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    yield judge(resource, ctx, SELECTOR, f"Workspace '{resource.name}'")


RULE = Rule(META, check)
