"""AML118: custom roles granting every action, every ML action, or key-reading actions."""

from tests.rules.shapes import (
    ROLE_DEFINITIONS,
    case,
    contributor,
    expect,
    gap,
    role_assignment,
    role_definition,
    subscription_scope,
)

RULE = "AML118"
ROLE = "99999999-9999-9999-9999-999999999999"
GROUP = "22222222-2222-2222-2222-222222222222"
ML = "Microsoft.MachineLearningServices/workspaces"

CASES = [
    case(
        "Microsoft.MachineLearningServices/* fails, with its assignments as context",
        [
            role := role_definition(
                ROLE, "ML admin", ["Microsoft.MachineLearningServices/*"], custom=True
            ),
            role_assignment("ra1", subscription_scope(), ROLE, GROUP, "Group"),
        ],
        expect=[
            expect(
                role,
                "fail",
                severity="medium",
                message=(
                    "Custom role 'ML admin' grants every action through "
                    "'Microsoft.MachineLearningServices/*' and grants 4 key-reading operation(s)"
                ),
                context=[f"assigned to Group {GROUP} at {subscription_scope()}"],
            )
        ],
    ),
    case(
        "a named key-reading action through a wildcard across '/' fails",
        [role := role_definition(ROLE, "Scorer", [f"{ML}/*/action"], custom=True)],
        expect=[
            expect(
                role,
                "fail",
                observed={
                    "key-reading operations granted": [
                        f"{ML}/onlineEndpoints/listKeys/action",
                        f"{ML}/onlineEndpoints/token/action",
                        f"{ML}/serverlessEndpoints/listKeys/action",
                        f"{ML}/listKeys/action",
                    ]
                },
            )
        ],
    ),
    case(
        "named operations, with key reads taken out by NotActions, pass",
        [
            role := role_definition(
                ROLE,
                "ML operator",
                [f"{ML}/read", f"{ML}/onlineEndpoints/*"],
                not_actions=["*/listKeys/action", "*/token/action"],
                custom=True,
            )
        ],
        expect=[expect(role, "pass")],
    ),
    case(
        "built-in roles are not judged",
        [contributor()],
        expect=[],
    ),
    case(
        "permissions that are not a list of blocks: not assessed",
        [role := role_definition(ROLE, "junk", permissions="everything", custom=True)],
        expect=[expect(role, "not_assessed")],
    ),
    case(
        "role definitions could not be read: not assessed on the subscription",
        [],
        gaps=[gap(subscription_scope(), ROLE_DEFINITIONS)],
        expect=[expect(subscription_scope(), "not_assessed")],
    ),
]

CASES.append(
    case(
        "a custom role assignable only in a subscription that was not scanned is outside the rule",
        [
            role_definition(
                ROLE,
                "elsewhere",
                ["*"],
                custom=True,
                assignable_scopes=["/subscriptions/00000000-0000-0000-0000-000000000099"],
            ),
            contributor(),
        ],
        expect=[],
    )
)
