"""AML501: a workspace should send its resource logs somewhere they are kept."""

from __future__ import annotations

from auditor.rulekit import (
    WORKSPACES,
    DiagnosticLogsCheck,
    LogSelector,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    snippet,
)

META = RuleMeta(
    id="AML501",
    title="Workspace sends no resource logs to a destination",
    severity=Severity.MEDIUM,
    resource_types=(WORKSPACES,),
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
        bicep=snippet(
            """
            resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
              scope: workspace
              name: 'send-to-law'
              properties: {
                workspaceId: logAnalytics.id
                logs: [ { categoryGroup: 'allLogs', enabled: true } ]
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/monitor-azure-machine-learning",
            "https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings",
        ),
        policy=("afe0c3be-ba3b-4544-ba52-0c99672a8ad6",),
        mcsb=("LT-3",),
        defender=("Resource logs in Azure Machine Learning Workspaces should be enabled",),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    DiagnosticLogsCheck(
        subject="Workspace '{name}'",
        # Any enabled log category or group counts, as in policy afe0c3be.
        selector=LogSelector("its resource logs", any_category=True),
    ),
)
