"""AML115: AI Services account keys regenerated within max_age_days."""

from tests.rules.shapes import (
    ACTIVITY_LOG_EVENTS,
    activity_event,
    activity_log,
    ai_account,
    case,
    created,
    expect,
    gap,
    subscription_scope,
)

RULE = "AML115"
NOW = "2026-12-01T00:00:00+00:00"
OLD = "2025-06-01T00:00:00Z"

CASES = [
    case(
        "local auth on (absent: the default), no regeneration in the log: fails",
        [acct := created(ai_account("ais-old", {}), OLD), activity_log()],
        now=NOW,
        expect=[expect(acct, "fail", severity="medium")],
    ),
    case(
        "regenerateKey 30 days ago passes",
        [
            acct := created(ai_account("ais-fresh", {"disableLocalAuth": False}), OLD),
            activity_log(),
            activity_event("e1", acct, "regenerateKey/action", "2026-11-01T00:00:00Z"),
        ],
        now=NOW,
        expect=[expect(acct, "pass")],
    ),
    case(
        "local auth off: no keys, no result; another kind no connection uses: no result",
        [
            created(ai_account("ais-aad", {"disableLocalAuth": True}), OLD),
            created(ai_account("speech", {}, kind="SpeechServices"), OLD),
            activity_log(),
        ],
        now=NOW,
        expect=[],
    ),
    case(
        "the Activity Log could not be read: not assessed",
        [acct := created(ai_account("ais-gap", {}), OLD)],
        gaps=[gap(subscription_scope(), ACTIVITY_LOG_EVENTS)],
        now=NOW,
        expect=[expect(acct, "not_assessed")],
    ),
    case(
        "disableLocalAuth junk: whether it takes keys is unknown",
        [
            acct := created(ai_account("ais-junk", {"disableLocalAuth": "maybe"}), OLD),
            activity_log(),
        ],
        now=NOW,
        expect=[expect(acct, "not_assessed")],
    ),
]
