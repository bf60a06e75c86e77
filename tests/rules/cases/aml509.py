"""Cases of AML509: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import (
    SECURITY_PRICINGS,
    case,
    expect,
    gap,
    listed,
    pricing,
    subscription,
)

RULE = "AML509"

CASES = [
    case(
        "the KeyVaults plan on the Free tier fails",
        [sub := subscription(), pricing("KeyVaults", "Free"), pricing("AI", "Standard")],
        listed=[listed(sub, SECURITY_PRICINGS)],
        expect=[
            expect(
                sub,
                "fail",
                severity="medium",
                observed={
                    "providers/Microsoft.Security/pricings/KeyVaults/properties.pricingTier": "Free"
                },
            )
        ],
    ),
    case(
        "the KeyVaults plan on Standard passes, in any casing",
        [sub := subscription(), pricing("keyvaults", "standard")],
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
            pricing("AI", "Standard", subscription_number=3),
            pricing("KeyVaults", "Sometimes", subscription_number=4),
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
]
