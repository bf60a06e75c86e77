"""Cases of AML215: resources built from shapes, and the results the rule must give."""

# Case names stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import case, connection, expect, search_service

RULE = "AML215"


def _to(service: dict, name: str) -> dict:
    return connection(
        name,
        {
            "authType": "AAD",
            "category": "CognitiveSearch",
            "target": f"https://{service['name']}.search.windows.net/",
        },
    )


CASES = [
    case(
        "public access with no IP rules, or an IP rule for every address, fails",
        [
            absent := search_service("srch-absent", {}),
            everyone := search_service(
                "srch-everyone",
                {
                    "publicNetworkAccess": "enabled",
                    "networkRuleSet": {"ipRules": [{"value": "0.0.0.0/0"}]},
                },
            ),
            _to(absent, "a"),
            _to(everyone, "e"),
        ],
        expect=[
            expect(
                absent,
                "fail",
                severity="medium",
                observed={"properties.publicNetworkAccess": "absent (default: enabled)"},
            ),
            expect(everyone, "fail"),
        ],
    ),
    case(
        "public access disabled, or IP rules, passes",
        [
            closed := search_service("srch-closed", {"publicNetworkAccess": "Disabled"}),
            ips := search_service(
                "srch-ips",
                {
                    "publicNetworkAccess": "enabled",
                    "networkRuleSet": {"ipRules": [{"value": "203.0.113.0/24"}]},
                },
            ),
            _to(closed, "c"),
            _to(ips, "i"),
        ],
        expect=[expect(closed, "pass"), expect(ips, "pass")],
    ),
    case(
        "a perimeter, an unknown value, null or an unreadable IP rule is not assessed",
        [
            nsp := search_service("srch-nsp", {"publicNetworkAccess": "securedByPerimeter"}),
            odd := search_service("srch-odd", {"publicNetworkAccess": "sometimes"}),
            null := search_service("srch-null", {"publicNetworkAccess": None}),
            bad_rule := search_service(
                "srch-badrule", {"networkRuleSet": {"ipRules": [{"value": 7}]}}
            ),
            _to(nsp, "n"),
            _to(odd, "o"),
            _to(null, "z"),
            _to(bad_rule, "b"),
        ],
        expect=[
            expect(nsp, "not_assessed"),
            expect(odd, "not_assessed"),
            expect(null, "not_assessed"),
            expect(bad_rule, "not_assessed"),
        ],
    ),
    case(
        "any range of prefix length 0 admits every address; a value that is no address is not assessed",
        [
            zero_prefix := search_service(
                "srch-zero-prefix",
                {
                    "networkRuleSet": {
                        "ipRules": [{"value": "203.0.113.0/24"}, {"value": "10.0.0.0/0"}]
                    }
                },
            ),
            not_ip := search_service(
                "srch-not-ip", {"networkRuleSet": {"ipRules": [{"value": "not-an-ip"}]}}
            ),
            not_list := search_service(
                "srch-not-list", {"networkRuleSet": {"ipRules": "203.0.113.7"}}
            ),
            _to(zero_prefix, "zp"),
            _to(not_ip, "ni"),
            _to(not_list, "nl"),
        ],
        expect=[
            expect(zero_prefix, "fail"),
            expect(not_ip, "not_assessed"),
            expect(not_list, "not_assessed"),
        ],
    ),
]
