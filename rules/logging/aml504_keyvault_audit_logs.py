"""AML504: a key vault should log every access to its keys and secrets (AuditEvent)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from auditor.rulekit.diagnostics import LogSelector, judge
from auditor.rulekit.keyvault import vault_context
from auditor.rulekit.rule import (
    Outcome,
    References,
    Remediation,
    Resource,
    Rule,
    RuleContext,
    RuleMeta,
    Severity,
    Status,
)

META = RuleMeta(
    id="AML504",
    title="Key vault does not log access to its keys and secrets",
    severity=Severity.MEDIUM,
    resource_types=("Microsoft.KeyVault/vaults",),
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
        bicep=(
            "resource audit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {\n"
            "  scope: vault\n"
            "  name: 'audit-to-law'\n"
            "  properties: {\n"
            "    workspaceId: logAnalytics.id\n"
            "    logs: [ { categoryGroup: 'audit', enabled: true } ]\n"
            "  }\n"
            "}"
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/key-vault/general/logging",
            "https://learn.microsoft.com/azure/key-vault/general/monitor-key-vault",
        ),
        policy=("cf820ca0-f99e-4f3e-84fb-66e913812d21",),
        mcsb=("LT-3", "DP-8"),
    ),
)

SELECTOR = LogSelector(
    "its AuditEvent log", categories=("AuditEvent",), groups=("audit", "allLogs")
)


def check(resource: Resource, ctx: RuleContext) -> Iterator[Outcome]:
    outcome = judge(resource, ctx, SELECTOR, f"Key vault '{resource.name}'")
    if outcome.status is not Status.NOT_ASSESSED:
        outcome = replace(outcome, context=vault_context(resource.id, ctx))
    yield outcome


RULE = Rule(META, check)
