"""Cases of AML111: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import WEB_SERVICES, case, expect, gap, web_service, workspace

RULE = "AML111"

CASES = [
    case(
        "a service with neither key nor token authentication fails, ACI and AKS",
        [
            aci_open := web_service("aci-open", {"computeType": "ACI", "authEnabled": False}),
            aks_open := web_service(
                "aks-open", {"computeType": "AKS", "authEnabled": False, "aadAuthEnabled": False}
            ),
            aks_strings := web_service(
                "aks-strings",
                {"computeType": "aks", "authEnabled": "false", "aadAuthEnabled": "False"},
            ),
        ],
        expect=[
            expect(
                aci_open,
                "fail",
                severity="critical",
                message="ACI web service 'aci-open' accepts scoring calls without any "
                "authentication",
            ),
            expect(aks_open, "fail", severity="critical"),
            expect(aks_strings, "fail"),
        ],
    ),
    case(
        "key or token authentication passes",
        [
            aci_key := web_service("aci-key", {"computeType": "ACI", "authEnabled": True}),
            aks_key := web_service(
                "aks-key", {"computeType": "AKS", "authEnabled": True, "aadAuthEnabled": False}
            ),
            aks_token := web_service(
                "aks-token", {"computeType": "AKS", "authEnabled": False, "aadAuthEnabled": True}
            ),
        ],
        expect=[
            expect(
                aci_key, "pass", message="ACI web service 'aci-key' requires key authentication"
            ),
            expect(aks_key, "pass"),
            expect(
                aks_token,
                "pass",
                message="AKS web service 'aks-token' requires token authentication",
            ),
        ],
    ),
    case(
        "unread or unknown authentication is not assessed, never pass",
        [
            aci_absent := web_service("aci-absent", {"computeType": "ACI"}),
            aci_null := web_service("aci-null", {"computeType": "ACI", "authEnabled": None}),
            aks_no_token := web_service(
                "aks-no-token", {"computeType": "AKS", "authEnabled": False}
            ),
            aks_junk := web_service(
                "aks-junk", {"computeType": "AKS", "authEnabled": "", "aadAuthEnabled": 0}
            ),
        ],
        expect=[
            expect(aci_absent, "not_assessed"),
            expect(aci_null, "not_assessed"),
            expect(
                aks_no_token,
                "not_assessed",
                message="aadAuthEnabled is absent, so whether AKS web service 'aks-no-token' "
                "requires authentication is unknown",
            ),
            expect(aks_junk, "not_assessed"),
        ],
    ),
    case(
        "an absent or unknown computeType is not assessed",
        [
            untyped := web_service("untyped", {"authEnabled": False}),
            custom := web_service("custom", {"computeType": "Custom", "authEnabled": False}),
        ],
        expect=[expect(untyped, "not_assessed"), expect(custom, "not_assessed")],
    ),
    case(
        "an unreadable services collection is not assessed",
        [],
        gaps=[gap(workspace("ws"), WEB_SERVICES, message="no access")],
        expect=[expect(workspace("ws"), "not_assessed")],
    ),
    case(
        "other resource types give no result",
        [workspace("ws", {"publicNetworkAccess": "Enabled"})],
        expect=[],
    ),
]
