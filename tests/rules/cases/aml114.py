"""AML114: endpoint keys regenerated within max_age_days (from the Activity Log)."""

from tests.rules.shapes import (
    ACTIVITY_LOG_EVENTS,
    activity_event,
    activity_log,
    case,
    created,
    expect,
    gap,
    online_endpoint,
    serverless_endpoint,
    subscription_scope,
)

RULE = "AML114"
NOW = "2026-12-01T00:00:00+00:00"
BEFORE_WINDOW = "2025-06-01T00:00:00Z"

CASES = [
    case(
        "no regeneration in the 90 days the log keeps, endpoint older: fails",
        [
            ep := created(online_endpoint("on-old", {"authMode": "Key"}), BEFORE_WINDOW),
            activity_log(),
        ],
        now=NOW,
        expect=[
            expect(
                ep,
                "fail",
                severity="medium",
                observed={
                    "Activity Log: last key regeneration": (
                        "none in the 90 days the Activity Log keeps (2026-09-02 to 2026-12-01)"
                    ),
                    "systemData.createdAt": BEFORE_WINDOW,
                },
            )
        ],
    ),
    case(
        "regenerated 10 days ago passes; the message says the log does not tell which key",
        [
            ep := created(online_endpoint("on-fresh", {"authMode": "key"}), BEFORE_WINDOW),
            activity_log(),
            activity_event("e1", ep, "regenerateKeys/action", "2026-11-21T08:00:00Z"),
        ],
        now=NOW,
        expect=[
            expect(
                ep,
                "pass",
                message=(
                    "The keys of endpoint 'on-fresh' were regenerated 10 days ago, within 90 "
                    "(the Activity Log does not say which of the two keys was regenerated)"
                ),
                observed={
                    "Activity Log: last key regeneration": (
                        "2026-11-21 08:00 UTC by alice@contoso.com (Microsoft."
                        "MachineLearningServices/workspaces/onlineEndpoints/regenerateKeys/action)"
                    )
                },
            )
        ],
    ),
    case(
        "regenerated 40 days ago fails a 30-day limit set in the configuration",
        [
            ep := created(online_endpoint("on-month", {"authMode": "Key"}), BEFORE_WINDOW),
            activity_log(),
            activity_event("e1", ep, "regenerateKeys/action", "2026-10-22T00:00:00Z"),
        ],
        now=NOW,
        settings={"max_age_days": 30},
        expect=[expect(ep, "fail")],
    ),
    case(
        "a failed regeneration is not a regeneration",
        [
            ep := created(online_endpoint("on-failed", {"authMode": "Key"}), BEFORE_WINDOW),
            activity_log(),
            activity_event(
                "e1", ep, "regenerateKeys/action", "2026-11-21T00:00:00Z", status="Failed"
            ),
        ],
        now=NOW,
        expect=[expect(ep, "fail")],
    ),
    case(
        "another endpoint's regeneration does not count; ids compare case-insensitively",
        [
            ep := created(online_endpoint("on-a", {"authMode": "Key"}), BEFORE_WINDOW),
            other := created(online_endpoint("on-b", {"authMode": "Key"}), BEFORE_WINDOW),
            activity_log(),
            activity_event(
                "e1", other["id"].upper(), "REGENERATEKEYS/ACTION", "2026-11-21T00:00:00Z"
            ),
        ],
        now=NOW,
        expect=[expect(ep, "fail"), expect(other, "pass")],
    ),
    case(
        "created 20 days ago, no regeneration: judged from its creation, passes",
        [
            ep := created(
                serverless_endpoint("sl-new", {"authMode": "KeyAndAAD"}), "2026-11-11T00:00:00Z"
            ),
            activity_log(),
        ],
        now=NOW,
        expect=[expect(ep, "pass")],
    ),
    case(
        "created 60 days ago, no regeneration, 30-day limit: fails from its creation",
        [
            ep := created(
                serverless_endpoint("sl-60", {"authMode": "Key"}), "2026-10-02T00:00:00Z"
            ),
            activity_log(),
        ],
        now=NOW,
        settings={"max_age_days": 30},
        expect=[expect(ep, "fail")],
    ),
    case(
        "Entra ID endpoints have no keys to age: no result",
        [
            created(online_endpoint("on-aad", {"authMode": "AADToken"}), BEFORE_WINDOW),
            created(serverless_endpoint("sl-aad", {"authMode": "AAD"}), BEFORE_WINDOW),
            activity_log(),
        ],
        now=NOW,
        expect=[],
    ),
    case(
        "the Activity Log could not be read: not assessed, never pass",
        [ep := created(online_endpoint("on-gap", {"authMode": "Key"}), "2026-11-20T00:00:00Z")],
        gaps=[gap(subscription_scope(), ACTIVITY_LOG_EVENTS)],
        now=NOW,
        expect=[expect(ep, "not_assessed")],
    ),
    case(
        "the Activity Log was not collected (an older snapshot): not assessed",
        [
            ep := created(online_endpoint("on-old-snap", {"authMode": "Key"}), BEFORE_WINDOW),
            activity_event(
                "e1",
                online_endpoint("on-old-snap"),
                "regenerateKeys/action",
                "2026-11-21T00:00:00Z",
            ),
        ],
        now=NOW,
        expect=[expect(ep, "not_assessed")],
    ),
    case(
        "the log was read without the endpoint's provider: not assessed",
        [
            ep := created(online_endpoint("on-provider", {"authMode": "Key"}), BEFORE_WINDOW),
            activity_log(providers=["Microsoft.Storage"]),
        ],
        now=NOW,
        expect=[expect(ep, "not_assessed")],
    ),
    case(
        "no creation time and no regeneration: the age is unknown",
        [online_endpoint("on-nocreated", {"authMode": "Key"}), activity_log()],
        now=NOW,
        expect=[expect(online_endpoint("on-nocreated"), "not_assessed")],
    ),
    case(
        "a 180-day limit is longer than the log keeps: not assessed for an older endpoint",
        [
            ep := created(online_endpoint("on-180", {"authMode": "Key"}), BEFORE_WINDOW),
            activity_log(),
        ],
        now=NOW,
        settings={"max_age_days": 180},
        expect=[expect(ep, "not_assessed")],
    ),
    case(
        "authMode absent: whether it takes keys is unknown",
        [ep := created(online_endpoint("on-noauth", {}), BEFORE_WINDOW), activity_log()],
        now=NOW,
        expect=[expect(ep, "not_assessed")],
    ),
]
