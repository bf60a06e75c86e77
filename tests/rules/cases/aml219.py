"""Cases of AML219: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import case, container_registry, expect, workspace

RULE = "AML219"

CASES = [
    case(
        "open to every network fails: defaults, or Enabled with Allow",
        [
            acr_default := container_registry("acrdefault", {}),
            acr_allow := container_registry(
                "acrallow",
                {"publicNetworkAccess": "Enabled", "networkRuleSet": {"defaultAction": "Allow"}},
            ),
            workspace("ws1", {"containerRegistry": acr_default["id"]}),
            workspace("ws2", {"containerRegistry": acr_allow["id"]}),
        ],
        expect=[
            expect(
                acr_default,
                "fail",
                severity="medium",
                observed={"properties.publicNetworkAccess": "absent (default: Enabled)"},
            ),
            expect(acr_allow, "fail"),
        ],
    ),
    case(
        "public access disabled, or a rule set that denies, passes",
        [
            acr_off := container_registry("acroff", {"publicNetworkAccess": "Disabled"}),
            acr_deny := container_registry(
                "acrdeny", {"networkRuleSet": {"defaultAction": "Deny"}}
            ),
            workspace("ws1", {"containerRegistry": acr_off["id"]}),
            workspace("ws2", {"containerRegistry": acr_deny["id"]}),
        ],
        expect=[expect(acr_off, "pass"), expect(acr_deny, "pass")],
    ),
    case(
        "unknown values and null are not assessed",
        [
            acr_odd := container_registry("acrodd", {"publicNetworkAccess": "Sometimes"}),
            acr_null := container_registry("acrnull", {"networkRuleSet": {"defaultAction": None}}),
            workspace("ws1", {"containerRegistry": acr_odd["id"]}),
            workspace("ws2", {"containerRegistry": acr_null["id"]}),
        ],
        expect=[expect(acr_odd, "not_assessed"), expect(acr_null, "not_assessed")],
    ),
]
