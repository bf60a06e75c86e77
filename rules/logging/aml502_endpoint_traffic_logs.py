"""AML502: an online endpoint should log its traffic, so key use and abuse can be seen."""

from __future__ import annotations

from auditor.rulekit import (
    ONLINE_ENDPOINTS,
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
    id="AML502",
    title="Online endpoint does not log its traffic",
    severity=Severity.MEDIUM,
    resource_types=(ONLINE_ENDPOINTS,),
    category="logging",
    rationale=(
        "The AmlOnlineEndpointTrafficLog category records every scoring request: caller IP, "
        "authentication method, response code and latency. Without it, a leaked endpoint key or "
        "token can be used - for data extraction or to run up cost - with no record of when, "
        "from where or how often."
    ),
    remediation=Remediation(
        description=(
            "Add a diagnostic setting on the endpoint that sends AmlOnlineEndpointTrafficLog (or "
            "the allLogs group) to your Log Analytics workspace."
        ),
        az=(
            "az monitor diagnostic-settings create --name traffic-to-law "
            "--resource <endpoint-resource-id> --workspace <log-analytics-workspace-id> "
            '--logs \'[{"category": "AmlOnlineEndpointTrafficLog", "enabled": true}]\''
        ),
        bicep=snippet(
            """
            resource traffic 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
              scope: endpoint
              name: 'traffic-to-law'
              properties: {
                workspaceId: logAnalytics.id
                logs: [ { category: 'AmlOnlineEndpointTrafficLog', enabled: true } ]
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-monitor-online-endpoints",
            "https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings",
        ),
        mcsb=("LT-3",),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    DiagnosticLogsCheck(
        subject="Online endpoint '{name}'",
        selector=LogSelector(
            "its traffic log (AmlOnlineEndpointTrafficLog)",
            categories=("AmlOnlineEndpointTrafficLog",),
            groups=("allLogs",),
        ),
    ),
)
