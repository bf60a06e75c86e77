"""Cases of AML502: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import (
    DIAGNOSTIC_SETTINGS,
    case,
    diagnostic_setting,
    expect,
    gap,
    listed,
    online_endpoint,
    resource_id,
)

RULE = "AML502"

CASES = [
    case(
        "no setting, or one without the traffic log, fails",
        [
            ep_none := online_endpoint("ep-none", {"authMode": "AADToken"}),
            ep_console := online_endpoint("ep-console", {"authMode": "AADToken"}),
            diagnostic_setting(
                "console",
                {
                    "workspaceId": resource_id(
                        "Microsoft.OperationalInsights/workspaces", "law", resource_group="logs"
                    ),
                    "logs": [
                        {"category": "AmlOnlineEndpointConsoleLog", "enabled": True},
                        {"category": "AmlOnlineEndpointTrafficLog", "enabled": False},
                    ],
                },
                target=ep_console,
            ),
        ],
        listed=[listed(ep_none, DIAGNOSTIC_SETTINGS)],
        expect=[expect(ep_none, "fail", severity="medium"), expect(ep_console, "fail")],
    ),
    case(
        "the traffic log or allLogs to a destination passes",
        [
            ep_traffic := online_endpoint("ep-traffic", {"authMode": "AADToken"}),
            diagnostic_setting(
                "t",
                {
                    "eventHubAuthorizationRuleId": resource_id(
                        "Microsoft.EventHub/namespaces/authorizationRules",
                        "ns",
                        "send",
                        resource_group="logs",
                    ),
                    "logs": [{"category": "amlonlineendpointtrafficlog", "enabled": True}],
                },
                target=ep_traffic,
            ),
            ep_all := online_endpoint("ep-all", {"authMode": "AADToken"}),
            diagnostic_setting(
                "a",
                {
                    "workspaceId": resource_id(
                        "Microsoft.OperationalInsights/workspaces", "law", resource_group="logs"
                    ),
                    "logs": [{"categoryGroup": "AllLogs", "enabled": True}],
                },
                target=ep_all,
            ),
        ],
        expect=[expect(ep_traffic, "pass"), expect(ep_all, "pass")],
    ),
    case(
        "unreadable or never-collected settings are not assessed",
        [
            ep_locked := online_endpoint("ep-locked", {"authMode": "AADToken"}),
            ep_unknown := online_endpoint("ep-unknown", {"authMode": "AADToken"}),
        ],
        gaps=[gap(ep_locked, DIAGNOSTIC_SETTINGS)],
        expect=[expect(ep_locked, "not_assessed"), expect(ep_unknown, "not_assessed")],
    ),
]
