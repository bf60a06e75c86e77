"""AML505: keys-read calls on key-auth endpoints by callers outside the allow-list."""

from tests.rules.shapes import (
    ACTIVITY_LOG_EVENTS,
    activity_event,
    activity_log,
    case,
    expect,
    gap,
    online_endpoint,
    serverless_endpoint,
    subscription_scope,
)

RULE = "AML505"
NOW = "2026-12-01T00:00:00+00:00"
PIPELINE = "88888888-8888-8888-8888-888888888888"

CASES = [
    case(
        "reads without an allow-list are reported at info severity",
        [
            ep := online_endpoint("on-read", {"authMode": "Key"}),
            activity_log(),
            activity_event(
                "r1", ep, "listKeys/action", "2026-11-02T10:00:00Z", caller="bob@contoso.com"
            ),
        ],
        now=NOW,
        expect=[
            expect(
                ep,
                "fail",
                severity="info",
                message=(
                    "The keys of endpoint 'on-read' were read 1 time(s) in the 90 days the "
                    "Activity Log covers, by bob@contoso.com"
                ),
            )
        ],
    ),
    case(
        "with an allow-list, a read by someone else fails at medium",
        [
            ep := serverless_endpoint("sl-read", {"authMode": "Key"}),
            activity_log(),
            activity_event(
                "r1",
                ep,
                "listKeys/action",
                "2026-11-02T10:00:00Z",
                caller_object_id=PIPELINE,
                caller="pipeline-app",
            ),
            activity_event(
                "r2", ep, "listKeys/action", "2026-11-03T10:00:00Z", caller="mallory@contoso.com"
            ),
        ],
        settings={"allowed_callers": [PIPELINE.upper()]},
        now=NOW,
        expect=[expect(ep, "fail", severity="medium")],
    ),
    case(
        "reads only by allowed callers pass",
        [
            ep := online_endpoint("on-allowed", {"authMode": "Key"}),
            activity_log(),
            activity_event(
                "r1", ep, "token/action", "2026-11-02T10:00:00Z", caller="Pipeline@Contoso.com"
            ),
        ],
        settings={"allowed_callers": ["pipeline@contoso.com"]},
        now=NOW,
        expect=[expect(ep, "pass")],
    ),
    case(
        "no reads in the window pass; a regeneration is not a read",
        [
            ep := online_endpoint("on-quiet", {"authMode": "Key"}),
            activity_log(),
            activity_event("e1", ep, "regenerateKeys/action", "2026-11-02T10:00:00Z"),
        ],
        now=NOW,
        expect=[expect(ep, "pass")],
    ),
    case(
        "the Activity Log could not be read: not assessed",
        [ep := online_endpoint("on-gap", {"authMode": "Key"})],
        gaps=[gap(subscription_scope(), ACTIVITY_LOG_EVENTS)],
        now=NOW,
        expect=[expect(ep, "not_assessed")],
    ),
    case(
        "an Entra ID endpoint has no keys to read: no result",
        [online_endpoint("on-aad", {"authMode": "AADToken"}), activity_log()],
        now=NOW,
        expect=[],
    ),
]
