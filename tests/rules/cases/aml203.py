"""Cases of AML203: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import (
    WORKSPACES,
    case,
    expect,
    gap,
    hub,
    project,
    subscription_scope,
    workspace,
)

RULE = "AML203"

CASES = [
    case(
        "no managed network fails at medium: absent (default Disabled) or Disabled",
        [
            ws_absent := workspace("ws-absent"),
            ws_disabled := workspace(
                "ws-disabled", {"managedNetwork": {"isolationMode": "Disabled"}}
            ),
            features := workspace("features", kind="FeatureStore"),
        ],
        expect=[
            expect(
                ws_absent,
                "fail",
                severity="medium",
                observed={"properties.managedNetwork.isolationMode": "absent (default: Disabled)"},
            ),
            expect(ws_disabled, "fail", severity="medium"),
            expect(features, "fail"),
        ],
    ),
    case(
        "internet outbound fails at low severity, any case",
        [
            ws_internet := workspace(
                "ws-internet",
                {
                    "managedNetwork": {
                        "isolationMode": "allowinternetoutbound",
                        "status": {"status": "Active"},
                    }
                },
            )
        ],
        expect=[expect(ws_internet, "fail", severity="low")],
    ),
    case(
        "approved outbound only passes; projects give no result",
        [
            ws_approved := workspace(
                "ws-approved", {"managedNetwork": {"isolationMode": "AllowOnlyApprovedOutbound"}}
            ),
            hub_approved := hub(
                "hub-approved", {"managedNetwork": {"isolationMode": "AllowOnlyApprovedOutbound"}}
            ),
            project("proj", hub=hub_approved),
        ],
        expect=[expect(ws_approved, "pass"), expect(hub_approved, "pass")],
    ),
    case(
        "an unknown mode is not assessed",
        [ws_odd := workspace("ws-odd", {"managedNetwork": {"isolationMode": "Sometimes"}})],
        expect=[expect(ws_odd, "not_assessed")],
    ),
    case(
        "unreadable workspaces are not assessed",
        [],
        gaps=[
            gap(
                subscription_scope(),
                WORKSPACES,
                status=503,
                code="ServiceUnavailable",
                message="try later",
            )
        ],
        expect=[expect(subscription_scope(), "not_assessed")],
    ),
]
