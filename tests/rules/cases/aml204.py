"""Cases of AML204: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import ONLINE_ENDPOINTS, case, expect, gap, online_endpoint, workspace

RULE = "AML204"

CASES = [
    case(
        "public access fails, including absent (default Enabled)",
        [
            ep_default := online_endpoint(
                "ep-default", {"authMode": "AADToken"}, identity="SystemAssigned"
            ),
            ep_public := online_endpoint(
                "ep-public",
                {"authMode": "Key", "publicNetworkAccess": "Enabled"},
                identity="SystemAssigned",
            ),
            ep_lower := online_endpoint(
                "ep-lower",
                {"authMode": "AADToken", "publicNetworkAccess": "enabled"},
                identity="SystemAssigned",
            ),
        ],
        expect=[
            expect(
                ep_default,
                "fail",
                severity="medium",
                observed={"properties.publicNetworkAccess": "absent (default: Enabled)"},
            ),
            expect(ep_public, "fail"),
            expect(ep_lower, "fail"),
        ],
    ),
    case(
        "public access disabled passes",
        [
            ep_private := online_endpoint(
                "ep-private",
                {"authMode": "AADToken", "publicNetworkAccess": "Disabled"},
                identity="SystemAssigned",
            )
        ],
        expect=[expect(ep_private, "pass")],
    ),
    case(
        "an unknown value is not assessed",
        [
            ep_odd := online_endpoint(
                "ep-odd",
                {"authMode": "AADToken", "publicNetworkAccess": "Partly"},
                identity="SystemAssigned",
            )
        ],
        expect=[expect(ep_odd, "not_assessed")],
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
]
