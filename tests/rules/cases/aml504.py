"""Cases of AML504: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import (
    DIAGNOSTIC_SETTINGS,
    VAULTS,
    case,
    diagnostic_setting,
    expect,
    gap,
    listed,
    resource_group_scope,
    resource_id,
    storage_account,
    vault,
    workspace,
)

RULE = "AML504"

CASES = [
    case(
        "no setting, AuditEvent disabled, or audit logs with no destination fail",
        [
            kv_none := vault("kv-none"),
            kv_disabled := vault("kv-disabled"),
            diagnostic_setting(
                "m",
                {
                    "workspaceId": resource_id(
                        "Microsoft.OperationalInsights/workspaces", "law", resource_group="logs"
                    ),
                    "logs": [{"category": "AuditEvent", "enabled": False}],
                },
                target=kv_disabled,
            ),
            kv_nodest := vault("kv-nodest"),
            diagnostic_setting(
                "m",
                {"workspaceId": None, "logs": [{"categoryGroup": "audit", "enabled": True}]},
                target=kv_nodest,
            ),
            kv_other := vault("kv-other"),
            diagnostic_setting(
                "m",
                {
                    "workspaceId": resource_id(
                        "Microsoft.OperationalInsights/workspaces", "law", resource_group="logs"
                    ),
                    "logs": [{"category": "AzurePolicyEvaluationDetails", "enabled": True}],
                },
                target=kv_other,
            ),
        ],
        listed=[listed(kv_none, DIAGNOSTIC_SETTINGS)],
        expect=[
            expect(kv_none, "fail", severity="medium"),
            expect(kv_disabled, "fail"),
            expect(kv_nodest, "fail"),
            expect(kv_other, "fail"),
        ],
    ),
    case(
        "AuditEvent, audit or allLogs to a destination passes",
        [
            kv_ae := vault("kv-ae"),
            diagnostic_setting(
                "m",
                {
                    "workspaceId": resource_id(
                        "Microsoft.OperationalInsights/workspaces", "law", resource_group="logs"
                    ),
                    "logs": [{"category": "AuditEvent", "enabled": True}],
                },
                target=kv_ae,
            ),
            kv_audit := vault("kv-audit"),
            diagnostic_setting(
                "m",
                {
                    "storageAccountId": storage_account("logs", resource_group="logs")["id"],
                    "logs": [{"categoryGroup": "audit", "enabled": True}],
                },
                target=kv_audit,
            ),
            kv_all := vault("kv-all"),
            diagnostic_setting(
                "m",
                {
                    "marketplacePartnerId": resource_id(
                        "Microsoft.Datadog/monitors", "dd", resource_group="logs"
                    ),
                    "logs": [{"categoryGroup": "allLogs", "enabled": True}],
                },
                target=kv_all,
            ),
        ],
        expect=[expect(kv_ae, "pass"), expect(kv_audit, "pass"), expect(kv_all, "pass")],
    ),
    case(
        "a shared vault's result names the workspaces that use it",
        [kv_shared := vault("kv-shared"), ws_a := workspace("ws-a", {"keyVault": kv_shared["id"]})],
        listed=[listed(kv_shared, DIAGNOSTIC_SETTINGS)],
        expect=[
            expect(
                kv_shared,
                "fail",
                context=[f"used by workspace ws-a ({ws_a['id']}) as its key vault"],
            )
        ],
    ),
    case(
        "unreadable or never-collected settings, or unreadable vaults, are not assessed",
        [kv_locked := vault("kv-locked"), kv_unknown := vault("kv-unknown")],
        gaps=[gap(kv_locked, DIAGNOSTIC_SETTINGS), gap(resource_group_scope("other"), VAULTS)],
        expect=[
            expect(kv_locked, "not_assessed"),
            expect(kv_unknown, "not_assessed"),
            expect(resource_group_scope("other"), "not_assessed"),
        ],
    ),
]
