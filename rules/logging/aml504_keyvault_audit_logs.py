"""AML504: a key vault should log every access to its keys and secrets (AuditEvent)."""

from __future__ import annotations

from auditor.rulekit import (
    VAULTS,
    DiagnosticLogsCheck,
    LogSelector,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    snippet,
    vault_users,
)

META = RuleMeta(
    id="AML504",
    title="Key vault does not log access to its keys and secrets",
    severity=Severity.MEDIUM,
    resource_types=(VAULTS,),
    category="logging",
    rationale=(
        "The AuditEvent log records every read of a secret and every use of a key, with the "
        "caller's identity and IP address. A workspace's vault holds its connection secrets and "
        "its customer-managed key: without AuditEvent, nobody can tell who read them, or whether "
        "a stolen identity did."
    ),
    remediation=Remediation(
        description=(
            "Add a diagnostic setting on the vault that sends the audit category group (or "
            "AuditEvent) to your Log Analytics workspace."
        ),
        az=(
            "az monitor diagnostic-settings create --name audit-to-law "
            "--resource <vault-resource-id> --workspace <log-analytics-workspace-id> "
            '--logs \'[{"categoryGroup": "audit", "enabled": true}]\''
        ),
        bicep=snippet(
            """
            resource audit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
              scope: vault
              name: 'audit-to-law'
              properties: {
                workspaceId: logAnalytics.id
                logs: [ { categoryGroup: 'audit', enabled: true } ]
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/key-vault/general/logging",
            "https://learn.microsoft.com/azure/key-vault/general/monitor-key-vault",
        ),
        policy=("cf820ca0-f99e-4f3e-84fb-66e913812d21",),
        mcsb=("LT-3", "DP-8"),
        defender=("Resource logs in Key Vault should be enabled",),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    DiagnosticLogsCheck(
        subject="Key vault '{name}'",
        selector=LogSelector(
            "its AuditEvent log", categories=("AuditEvent",), groups=("audit", "allLogs")
        ),
        context=vault_users,
    ),
)
