"""Cases of AML102: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import (
    ONLINE_ENDPOINTS,
    batch_endpoint,
    case,
    expect,
    gap,
    online_endpoint,
    workspace,
)

RULE = "AML102"

CASES = [
    case(
        "AML tokens fail at low severity, any case",
        [
            on_amltoken := online_endpoint(
                "on-amltoken", {"authMode": "AMLToken"}, identity="SystemAssigned"
            ),
            on_amltoken_lower := online_endpoint(
                "on-amltoken-lower", {"authMode": "amltoken"}, identity="SystemAssigned"
            ),
        ],
        expect=[
            expect(
                on_amltoken, "fail", severity="low", observed={"properties.authMode": "AMLToken"}
            ),
            expect(on_amltoken_lower, "fail"),
        ],
    ),
    case(
        "Entra ID tokens pass; key auth is AML101's finding, not this one",
        [
            on_aad := online_endpoint(
                "on-aad", {"authMode": "AADToken"}, identity="SystemAssigned"
            ),
            on_key := online_endpoint("on-key", {"authMode": "Key"}, identity="SystemAssigned"),
        ],
        expect=[expect(on_aad, "pass"), expect(on_key, "pass")],
    ),
    case(
        "absent authMode is not assessed",
        [on_none := online_endpoint("on-none", identity="SystemAssigned")],
        expect=[expect(on_none, "not_assessed")],
    ),
    case(
        "unreadable endpoints are not assessed",
        [],
        gaps=[
            gap(
                workspace("ws"),
                ONLINE_ENDPOINTS,
                message="The client does not have authorization to perform action",
            )
        ],
        expect=[expect(workspace("ws"), "not_assessed")],
    ),
    case(
        "batch endpoints are outside this rule",
        [batch_endpoint("batch-aml", {"authMode": "AMLToken"})],
        expect=[],
    ),
    case(
        "an authMode the rule does not know is not assessed, never pass",
        [weird_online := online_endpoint("weird-online", {"authMode": "Certificate"})],
        expect=[expect(weird_online, "not_assessed")],
    ),
]
