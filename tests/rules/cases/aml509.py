"""Cases of AML509: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import (
    SECURITY_PRICINGS,
    VAULTS,
    case,
    expect,
    gap,
    guid,
    listed,
    pricing,
    subscription,
    vault,
)

RULE = "AML509"

CASES = [
    case(
        "the KeyVaults plan on the Free tier fails",
        [
            sub := subscription(),
            vault("r1"),
            pricing("KeyVaults", "Free"),
            pricing("AI", "Standard"),
        ],
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
        [sub := subscription(), vault("r1"), pricing("keyvaults", "standard")],
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
            vault("r1", subscription=guid(1)),
            vault("r2", subscription=guid(2)),
            vault("r3", subscription=guid(3)),
            vault("r4", subscription=guid(4)),
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
    case(
        "a subscription with nothing the plan watches gives nothing; one whose list is unreadable is not assessed",
        [
            empty := subscription(1),
            locked := subscription(2),
            pricing("KeyVaults", "Free"),
            pricing("KeyVaults", "Free", subscription_number=2),
        ],
        listed=[listed(empty, SECURITY_PRICINGS), listed(empty, VAULTS)],
        gaps=[gap(locked, VAULTS)],
        expect=[expect(locked, "not_assessed")],
    ),
]
