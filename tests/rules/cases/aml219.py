"""Cases of AML219: resources built from shapes, and the results the rule must give."""

# Case names stay as written, however long.
# ruff: noqa: E501

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
    case(
        "a Deny rule set with an IP rule for every address fails, the rule quoted; a narrow rule passes",
        [
            wide := container_registry(
                "acrwide",
                {
                    "publicNetworkAccess": "Enabled",
                    "networkRuleSet": {
                        "defaultAction": "Deny",
                        "ipRules": [
                            {"action": "Allow", "value": "203.0.113.0/24"},
                            {"action": "Allow", "value": "0.0.0.0/0"},
                        ],
                    },
                },
            ),
            narrow := container_registry(
                "acrnarrow",
                {
                    "networkRuleSet": {
                        "defaultAction": "Deny",
                        "ipRules": [{"action": "Allow", "value": "203.0.113.7"}],
                    }
                },
            ),
            workspace("ws1", {"containerRegistry": wide["id"]}),
            workspace("ws2", {"containerRegistry": narrow["id"]}),
        ],
        expect=[
            expect(
                wide,
                "fail",
                observed={
                    "properties.networkRuleSet.defaultAction": "Deny",
                    "properties.networkRuleSet.ipRules": ["0.0.0.0/0"],
                },
            ),
            expect(narrow, "pass"),
        ],
    ),
    case(
        "a Deny rule set whose IP rules cannot all be read is not assessed",
        [
            junk := container_registry(
                "acrjunk",
                {
                    "networkRuleSet": {
                        "defaultAction": "Deny",
                        "ipRules": [{"action": "Allow", "value": "not-an-ip"}],
                    }
                },
            ),
            not_list := container_registry(
                "acrnotlist",
                {"networkRuleSet": {"defaultAction": "Deny", "ipRules": "0.0.0.0/0"}},
            ),
            no_value := container_registry(
                "acrnovalue",
                {"networkRuleSet": {"defaultAction": "Deny", "ipRules": [{"action": "Allow"}]}},
            ),
            workspace("ws1", {"containerRegistry": junk["id"]}),
            workspace("ws2", {"containerRegistry": not_list["id"]}),
            workspace("ws3", {"containerRegistry": no_value["id"]}),
        ],
        expect=[
            expect(junk, "not_assessed"),
            expect(not_list, "not_assessed"),
            expect(no_value, "not_assessed"),
        ],
    ),
    case(
        "network rules apply only on Premium: a Deny on another SKU is not assessed, Allow still fails, disabled access still passes",
        [
            basic_deny := container_registry(
                "acrbasicdeny", {"networkRuleSet": {"defaultAction": "Deny"}}, sku="Basic"
            ),
            no_sku := container_registry(
                "acrnosku", {"networkRuleSet": {"defaultAction": "Deny"}}, sku=None
            ),
            standard_allow := container_registry(
                "acrstdallow", {"networkRuleSet": {"defaultAction": "Allow"}}, sku="Standard"
            ),
            standard_off := container_registry(
                "acrstdoff", {"publicNetworkAccess": "Disabled"}, sku="Standard"
            ),
            basic_wide := container_registry(
                "acrbasicwide",
                {
                    "networkRuleSet": {
                        "defaultAction": "Deny",
                        "ipRules": [{"action": "Allow", "value": "0.0.0.0/0"}],
                    }
                },
                sku="Basic",
            ),
            workspace("ws1", {"containerRegistry": basic_deny["id"]}),
            workspace("ws2", {"containerRegistry": no_sku["id"]}),
            workspace("ws3", {"containerRegistry": standard_allow["id"]}),
            workspace("ws4", {"containerRegistry": standard_off["id"]}),
            workspace("ws5", {"containerRegistry": basic_wide["id"]}),
        ],
        expect=[
            expect(
                basic_deny,
                "not_assessed",
                observed={"sku.name": "Basic"},
            ),
            expect(no_sku, "not_assessed", observed={"sku.name": "absent"}),
            expect(standard_allow, "fail"),
            expect(standard_off, "pass"),
            expect(basic_wide, "fail"),
        ],
    ),
]
