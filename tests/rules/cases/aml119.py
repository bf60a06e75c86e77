"""Cases of AML119: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import ai_account, case, connection, expect

RULE = "AML119"

CASES = [
    case(
        "no identity (absent or None) fails",
        [
            bare := ai_account("ais-bare", {}),
            none := ai_account("oai-none", {}, kind="OpenAI", identity="None"),
        ],
        expect=[
            expect(
                bare, "fail", severity="low", observed={"identity.type": "absent (default: None)"}
            ),
            expect(none, "fail", observed={"identity.type": "None"}),
        ],
    ),
    case(
        "a system- or user-assigned identity passes, in any casing",
        [
            system := ai_account("ais-system", {}, identity="SystemAssigned"),
            both := ai_account("ais-both", {}, identity="systemassigned, userassigned"),
        ],
        expect=[expect(system, "pass"), expect(both, "pass")],
    ),
    case(
        "junk identity type is not assessed; untargeted other kinds give nothing",
        [
            junk := ai_account("ais-junk", {}, identity="Sometimes"),
            ai_account("speech", {}, kind="SpeechServices"),
        ],
        expect=[expect(junk, "not_assessed")],
    ),
    case(
        "a connection to an account that was not collected is not assessed",
        [
            conn := connection(
                "aoai",
                {
                    "authType": "AAD",
                    "category": "AzureOpenAI",
                    "target": "https://gone.openai.azure.com/",
                    "metadata": {"ResourceId": ai_account("gone", subscription="x")["id"]},
                },
            )
        ],
        expect=[expect(conn, "not_assessed")],
    ),
]
