"""AML506: AI Services and Azure OpenAI accounts should send their logs somewhere."""

from __future__ import annotations

from auditor.rulekit import (
    COGNITIVE_ACCOUNTS,
    CONNECTIONS,
    AiAccounts,
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
    id="AML506",
    title="AI Services account sends no logs",
    severity=Severity.MEDIUM,
    resource_types=(COGNITIVE_ACCOUNTS, CONNECTIONS),
    category="logging",
    rationale=(
        "An AI Services or Azure OpenAI account keeps no record of who called its models, with "
        "which key or identity, from where, unless a diagnostic setting sends its Audit and "
        "RequestResponse logs to a destination. Without them a leaked key's use, prompt "
        "injection probing or a cost spike cannot be investigated after the fact."
    ),
    remediation=Remediation(
        description=(
            "Add a diagnostic setting on the account that sends the audit category group (or "
            "allLogs) to your Log Analytics workspace."
        ),
        az=(
            "az monitor diagnostic-settings create --name logs-to-law "
            "--resource <account-resource-id> --workspace <log-analytics-workspace-id> "
            '--logs \'[{"categoryGroup": "allLogs", "enabled": true}]\''
        ),
        bicep=snippet(
            """
            resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
              scope: account
              name: 'logs-to-law'
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
            "https://learn.microsoft.com/azure/ai-services/diagnostic-logging",
            "https://learn.microsoft.com/azure/ai-services/openai/how-to/monitor-openai",
        ),
        # "Diagnostic logs in Azure AI services resources should be enabled": a diagnostic
        # setting with any logs.
        policy=("1b4d1c4e-934c-4703-944c-27c82c06bebb",),
        mcsb=("LT-3",),
        defender=("Diagnostic logs in Azure AI services resources should be enabled",),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    AiAccounts(
        DiagnosticLogsCheck(
            subject="Account '{name}'",
            selector=LogSelector("its logs", any_category=True),
        )
    ),
)
