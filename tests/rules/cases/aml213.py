"""Cases of AML213: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import AI_ACCOUNTS, ai_account, case, expect, gap, private_link

RULE = "AML213"

CASES = [
    case(
        "no approved connection fails: none, or pending",
        [
            none := ai_account("ais-none", {}),
            pending := ai_account(
                "oai-pending",
                {
                    "privateEndpointConnections": [
                        private_link("pe1", "Pending", parent=ai_account("oai-pending"))
                    ]
                },
                kind="OpenAI",
            ),
        ],
        expect=[
            expect(
                none,
                "fail",
                severity="medium",
                observed={"properties.privateEndpointConnections": "none"},
            ),
            expect(
                pending, "fail", observed={"properties.privateEndpointConnections": "pe1: Pending"}
            ),
        ],
    ),
    case(
        "an approved connection passes",
        [
            approved := ai_account(
                "ais-pe",
                {
                    "privateEndpointConnections": [
                        private_link("pe1", "Approved", parent=ai_account("ais-pe"))
                    ]
                },
            )
        ],
        expect=[expect(approved, "pass")],
    ),
    case(
        "unreadable connections are not assessed",
        [locked := ai_account("ais-locked", {})],
        gaps=[gap(locked, f"{AI_ACCOUNTS}/privateEndpointConnections")],
        expect=[expect(locked, "not_assessed")],
    ),
]
