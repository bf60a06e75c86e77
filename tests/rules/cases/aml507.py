"""Cases of AML507: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import (
    ONLINE_ENDPOINTS,
    case,
    expect,
    gap,
    hub,
    listed,
    online_endpoint,
    project,
    resource_id,
    workspace,
)

RULE = "AML507"
APPI = resource_id("Microsoft.Insights/components", "appi")

CASES = [
    case(
        "a workspace serving endpoints without Application Insights fails; one serving none gives nothing",
        [
            bare := workspace("ws-bare", {}),
            online_endpoint("ep", {"authMode": "AADToken"}, workspace=bare),
            quiet := workspace("ws-quiet", {}),
        ],
        listed=[listed(bare, ONLINE_ENDPOINTS), listed(quiet, ONLINE_ENDPOINTS)],
        expect=[
            expect(
                bare,
                "fail",
                severity="low",
                observed={"properties.applicationInsights": "absent"},
            )
        ],
    ),
    case(
        "its own Application Insights, or a project's hub's, passes",
        [
            own := workspace("ws-own", {"applicationInsights": APPI}),
            online_endpoint("ep", {}, workspace=own),
            h := hub("hub", {"applicationInsights": APPI}),
            proj := project("proj", {}, hub=h),
            online_endpoint("ep", {}, workspace=proj),
        ],
        listed=[
            listed(own, ONLINE_ENDPOINTS),
            listed(proj, ONLINE_ENDPOINTS),
            listed(h, ONLINE_ENDPOINTS),
        ],
        expect=[
            expect(own, "pass"),
            expect(proj, "pass", observed={"hub hub: properties.applicationInsights": APPI}),
        ],
    ),
    case(
        "unreadable endpoints, an unreadable hub, or a value that is no id are not assessed",
        [
            locked := workspace("ws-locked", {}),
            proj := project(
                "proj-orphan",
                {},
                hub="/subscriptions/x/resourceGroups/y/providers/Microsoft.MachineLearningServices/workspaces/gone",
            ),
            online_endpoint("ep", {}, workspace=proj),
            junk := workspace("ws-junk", {"applicationInsights": "appi"}),
            online_endpoint("ep", {}, workspace=junk),
        ],
        gaps=[gap(locked, ONLINE_ENDPOINTS)],
        listed=[listed(proj, ONLINE_ENDPOINTS), listed(junk, ONLINE_ENDPOINTS)],
        expect=[
            expect(locked, "not_assessed"),
            expect(proj, "not_assessed"),
            expect(junk, "not_assessed"),
        ],
    ),
]
