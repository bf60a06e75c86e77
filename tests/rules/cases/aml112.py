"""Cases of AML112: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import WEB_SERVICES, case, expect, gap, web_service, workspace

RULE = "AML112"

CASES = [
    case(
        "key authentication fails, ACI and AKS, any spelling",
        [
            aci_key := web_service("aci-key", {"computeType": "ACI", "authEnabled": True}),
            aks_key := web_service(
                "aks-key", {"computeType": "AKS", "authEnabled": "true", "aadAuthEnabled": False}
            ),
        ],
        expect=[
            expect(
                aci_key,
                "fail",
                severity="high",
                message="Web service 'aci-key' accepts shared keys (authEnabled True)",
            ),
            expect(aks_key, "fail", severity="high"),
        ],
    ),
    case(
        "no key authentication passes",
        [
            aks_token := web_service(
                "aks-token", {"computeType": "AKS", "authEnabled": False, "aadAuthEnabled": True}
            ),
            # Accepts no key, and nothing else either: AML111 fails it, critical.
            aci_open := web_service("aci-open", {"computeType": "ACI", "authEnabled": False}),
        ],
        expect=[expect(aks_token, "pass"), expect(aci_open, "pass")],
    ),
    case(
        "absent, null or junk authEnabled is not assessed, never pass",
        [
            absent := web_service("absent", {"computeType": "AKS"}),
            null := web_service("null", {"computeType": "ACI", "authEnabled": None}),
            junk := web_service("junk", {"computeType": "ACI", "authEnabled": "Unknown"}),
        ],
        expect=[
            expect(
                absent,
                "not_assessed",
                message="authEnabled is not present, so whether the service accepts keys is "
                "unknown",
            ),
            expect(null, "not_assessed"),
            expect(junk, "not_assessed"),
        ],
    ),
    case(
        "an absent or unknown computeType is not assessed",
        [
            untyped := web_service("untyped", {"authEnabled": True}),
            custom := web_service("custom", {"computeType": "Custom", "authEnabled": False}),
        ],
        expect=[
            expect(
                untyped,
                "not_assessed",
                message="Web service 'untyped' has no computeType, so how it authenticates is "
                "unknown",
            ),
            expect(
                custom,
                "not_assessed",
                message="Web service 'custom' has computeType 'Custom', which this rule does "
                "not know",
            ),
        ],
    ),
    case(
        "an unreadable services collection is not assessed",
        [],
        gaps=[gap(workspace("ws"), WEB_SERVICES, message="no access")],
        expect=[expect(workspace("ws"), "not_assessed")],
    ),
]
