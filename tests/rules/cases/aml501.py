"""Cases of AML501: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import (
    DIAGNOSTIC_SETTINGS,
    case,
    diagnostic_setting,
    expect,
    gap,
    listed,
    resource_id,
    storage_account,
    workspace,
)

RULE = "AML501"

CASES = [
    case(
        "listed with no setting, or settings that keep no logs anywhere, fails",
        [
            ws_none := workspace("ws-none"),
            ws_nodest := workspace("ws-nodest"),
            diagnostic_setting(
                "no-dest",
                {"logs": [{"categoryGroup": "allLogs", "enabled": True}]},
                target=ws_nodest,
            ),
            ws_metrics := workspace("ws-metrics"),
            diagnostic_setting(
                "metrics",
                {
                    "workspaceId": resource_id(
                        "Microsoft.OperationalInsights/workspaces", "law", resource_group="logs"
                    ),
                    "logs": [],
                    "metrics": [{"category": "AllMetrics", "enabled": True}],
                },
                target=ws_metrics,
            ),
            ws_off := workspace("ws-off"),
            diagnostic_setting(
                "off",
                {
                    "workspaceId": resource_id(
                        "Microsoft.OperationalInsights/workspaces", "law", resource_group="logs"
                    ),
                    "logs": [{"category": "AmlComputeJobEvent", "enabled": False}],
                },
                target=ws_off,
            ),
        ],
        listed=[
            listed(ws_none, DIAGNOSTIC_SETTINGS),
            listed(ws_nodest, DIAGNOSTIC_SETTINGS),
            listed(ws_metrics, DIAGNOSTIC_SETTINGS),
            listed(ws_off, DIAGNOSTIC_SETTINGS),
        ],
        expect=[
            expect(ws_none, "fail", severity="medium"),
            expect(ws_nodest, "fail"),
            expect(ws_metrics, "fail"),
            expect(ws_off, "fail"),
        ],
    ),
    case(
        "any enabled log category or group sent to a destination passes",
        [
            ws_all := workspace("ws-all"),
            diagnostic_setting(
                "all",
                {
                    "workspaceId": resource_id(
                        "Microsoft.OperationalInsights/workspaces", "law", resource_group="logs"
                    ),
                    "logs": [{"categoryGroup": "allLogs", "enabled": True}],
                },
                target=ws_all,
            ),
            ws_one := workspace("ws-one"),
            diagnostic_setting(
                "one",
                {
                    "storageAccountId": storage_account("logs", resource_group="logs")["id"],
                    "logs": [{"category": "AmlComputeClusterEvent", "enabled": "true"}],
                },
                target=ws_one,
            ),
        ],
        expect=[expect(ws_all, "pass"), expect(ws_one, "pass")],
    ),
    case(
        "unreadable or never-collected settings are not assessed",
        [ws_locked := workspace("ws-locked"), ws_unknown := workspace("ws-unknown")],
        gaps=[gap(ws_locked, DIAGNOSTIC_SETTINGS)],
        expect=[expect(ws_locked, "not_assessed"), expect(ws_unknown, "not_assessed")],
    ),
    case(
        "a setting whose only destination is not a resource id (nor a template's resourceId()) is not assessed: where it sends the logs is unknown",
        [
            ws_named_dest := workspace("ws-named-dest"),
            diagnostic_setting(
                "by-name",
                {"workspaceId": "law", "logs": [{"categoryGroup": "allLogs", "enabled": True}]},
                target=ws_named_dest,
            ),
            ws_template_dest := workspace("ws-template-dest"),
            diagnostic_setting(
                "from-template",
                {
                    "workspaceId": "[resourceId('Microsoft.OperationalInsights/workspaces', parameters('law'))]",
                    "logs": [{"categoryGroup": "allLogs", "enabled": True}],
                },
                target=ws_template_dest,
            ),
        ],
        listed=[
            listed(ws_named_dest, DIAGNOSTIC_SETTINGS),
            listed(ws_template_dest, DIAGNOSTIC_SETTINGS),
        ],
        expect=[
            expect(ws_template_dest, "pass"),
            expect(
                ws_named_dest,
                "not_assessed",
                message="Workspace 'ws-named-dest' has diagnostic settings that capture its resource logs, but send them to destinations that are not resource ids, so whether they are kept is unknown (setting 'by-name': workspaceId 'law')",
            ),
        ],
    ),
]
