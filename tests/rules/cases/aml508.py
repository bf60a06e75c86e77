"""Cases of AML508: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import (
    AI_ACCOUNTS,
    SECURITY_PRICINGS,
    ai_account,
    case,
    expect,
    gap,
    guid,
    listed,
    pricing,
    subscription,
)

RULE = "AML508"

CASES = [
    case(
        "the AI plan on the Free tier fails",
        [
            sub := subscription(),
            ai_account("r1"),
            pricing("AI", "Free"),
            pricing("KeyVaults", "Standard"),
        ],
        listed=[listed(sub, SECURITY_PRICINGS)],
        expect=[
            expect(
                sub,
                "fail",
                severity="medium",
                observed={
                    "providers/Microsoft.Security/pricings/AI/properties.pricingTier": "Free"
                },
            )
        ],
    ),
    case(
        "the AI plan on Standard passes, in any casing",
        [sub := subscription(), ai_account("r1"), pricing("ai", "standard")],
        listed=[listed(sub, SECURITY_PRICINGS)],
        expect=[expect(sub, "pass")],
    ),
    case(
        "plans unreadable, not collected, not listed or with an odd tier are not assessed",
        [
            locked := subscription(1),
            unknown := subscription(2),
            unlisted := subscription(3),
            odd := subscription(4),
            ai_account("r1", subscription=guid(1)),
            ai_account("r2", subscription=guid(2)),
            ai_account("r3", subscription=guid(3)),
            ai_account("r4", subscription=guid(4)),
            pricing("KeyVaults", "Standard", subscription_number=3),
            pricing("AI", "Sometimes", subscription_number=4),
        ],
        gaps=[gap(locked, SECURITY_PRICINGS)],
        listed=[listed(unlisted, SECURITY_PRICINGS), listed(odd, SECURITY_PRICINGS)],
        expect=[
            expect(locked, "not_assessed"),
            expect(unknown, "not_assessed"),
            expect(unlisted, "not_assessed"),
            expect(odd, "not_assessed"),
        ],
    ),
    case(
        "a subscription with nothing the plan watches gives nothing; one whose list is unreadable is not assessed",
        [
            empty := subscription(1),
            locked := subscription(2),
            pricing("AI", "Free"),
            pricing("AI", "Free", subscription_number=2),
        ],
        listed=[listed(empty, SECURITY_PRICINGS), listed(empty, AI_ACCOUNTS)],
        gaps=[gap(locked, AI_ACCOUNTS)],
        expect=[expect(locked, "not_assessed")],
    ),
]
