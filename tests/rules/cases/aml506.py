"""Cases of AML506: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import (
    DIAGNOSTIC_SETTINGS,
    ai_account,
    case,
    diagnostic_setting,
    expect,
    gap,
    listed,
    resource_id,
)

RULE = "AML506"
LAW = resource_id("Microsoft.OperationalInsights/workspaces", "law")

CASES = [
    case(
        "no setting, or one that sends only metrics, fails",
        [
            none := ai_account("ais-none", {}),
            metrics := ai_account("oai-metrics", {}, kind="OpenAI"),
            diagnostic_setting(
                "metrics",
                {
                    "workspaceId": LAW,
                    "metrics": [{"category": "AllMetrics", "enabled": True}],
                    "logs": [],
                },
                target=metrics,
            ),
        ],
        listed=[listed(none, DIAGNOSTIC_SETTINGS), listed(metrics, DIAGNOSTIC_SETTINGS)],
        expect=[expect(none, "fail", severity="medium"), expect(metrics, "fail")],
    ),
    case(
        "a setting sending logs passes",
        [
            logged := ai_account("ais-logged", {}),
            diagnostic_setting(
                "audit",
                {"workspaceId": LAW, "logs": [{"categoryGroup": "audit", "enabled": True}]},
                target=logged,
            ),
        ],
        listed=[listed(logged, DIAGNOSTIC_SETTINGS)],
        expect=[expect(logged, "pass")],
    ),
    case(
        "unreadable or never-collected settings are not assessed",
        [locked := ai_account("ais-locked", {}), unknown := ai_account("ais-unknown", {})],
        gaps=[gap(locked, DIAGNOSTIC_SETTINGS)],
        expect=[expect(locked, "not_assessed"), expect(unknown, "not_assessed")],
    ),
]
