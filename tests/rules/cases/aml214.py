"""Cases of AML214: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import ai_account, case, expect

RULE = "AML214"

CASES = [
    case(
        "outbound not restricted fails, absent included (off unless set)",
        [
            absent := ai_account("ais-open", {}),
            off := ai_account("oai-off", {"restrictOutboundNetworkAccess": False}, kind="OpenAI"),
        ],
        expect=[
            expect(
                absent,
                "fail",
                severity="low",
                observed={"properties.restrictOutboundNetworkAccess": "absent (default: false)"},
            ),
            expect(off, "fail"),
        ],
    ),
    case(
        "restricted outbound passes",
        [
            on := ai_account(
                "ais-dlp",
                {
                    "restrictOutboundNetworkAccess": True,
                    "allowedFqdnList": ["st.blob.core.windows.net"],
                },
            )
        ],
        expect=[expect(on, "pass")],
    ),
    case(
        "junk or null is not assessed",
        [
            junk := ai_account("ais-junk", {"restrictOutboundNetworkAccess": "maybe"}),
        ],
        expect=[expect(junk, "not_assessed")],
    ),
]
