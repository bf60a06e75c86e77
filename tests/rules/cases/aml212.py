"""Cases of AML212: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import (
    AI_ACCOUNTS,
    ai_account,
    case,
    connection,
    expect,
    gap,
    subscription_scope,
)

RULE = "AML212"

CASES = [
    case(
        "open to every network fails: absent (defaults Enabled and Allow) or explicit",
        [
            ais_default := ai_account(
                "ais-default", {"endpoint": "https://ais-default.cognitiveservices.azure.com/"}
            ),
            oai_open := ai_account(
                "oai-open",
                {
                    "publicNetworkAccess": "Enabled",
                    "networkAcls": {"defaultAction": "Allow", "ipRules": []},
                },
                kind="OpenAI",
            ),
        ],
        expect=[
            expect(
                ais_default,
                "fail",
                severity="medium",
                observed={
                    "properties.publicNetworkAccess": "absent (default: Enabled)",
                    "properties.networkAcls.defaultAction": "absent (default: Allow)",
                },
            ),
            expect(oai_open, "fail"),
        ],
    ),
    case(
        "a denying firewall or disabled public access passes",
        [
            oai_firewall := ai_account(
                "oai-firewall",
                {
                    "publicNetworkAccess": "Enabled",
                    "networkAcls": {"defaultAction": "Deny", "ipRules": [{"value": "203.0.113.7"}]},
                },
                kind="OpenAI",
            ),
            ais_private := ai_account(
                "ais-private", {"publicNetworkAccess": "Disabled"}, kind="aiservices"
            ),
        ],
        expect=[expect(oai_firewall, "pass"), expect(ais_private, "pass")],
    ),
    case(
        "other kinds are judged only when a connection targets them (here by endpoint host)",
        [
            ai_account("text-untargeted", kind="TextAnalytics"),
            text_targeted := ai_account(
                "text-targeted",
                {
                    "endpoint": "https://text-targeted.cognitiveservices.azure.com/",
                    "networkAcls": {"defaultAction": "Deny"},
                },
                kind="TextAnalytics",
            ),
            connection(
                "text",
                {
                    "authType": "AAD",
                    "category": "CognitiveService",
                    "target": "https://text-targeted.cognitiveservices.azure.com/",
                },
                workspace="hub",
            ),
        ],
        expect=[
            expect(text_targeted, "pass", context=["targeted by connection text of workspace hub"])
        ],
    ),
    case(
        "a connection whose account is not collected is not assessed; a deleted one gives nothing",
        [
            connection(
                "gone",
                {
                    "authType": "AAD",
                    "category": "AIServices",
                    "target": "https://gone.cognitiveservices.azure.com/",
                    "metadata": {"ResourceId": ai_account("gone")["id"]},
                },
                workspace="hub",
            ),
            far := connection(
                "far",
                {
                    "authType": "AAD",
                    "category": "AzureOpenAI",
                    "target": "https://far.openai.azure.com/",
                },
                workspace="hub",
            ),
        ],
        missing=[ai_account("gone")["id"]],
        expect=[expect(far, "not_assessed")],
    ),
    case(
        "unreadable accounts are not assessed",
        [],
        gaps=[
            gap(
                subscription_scope(),
                AI_ACCOUNTS,
                message="The client does not have authorization to perform action",
            )
        ],
        expect=[expect(subscription_scope(), "not_assessed")],
    ),
    case(
        "a Deny firewall with an IP rule for every address fails; a narrow rule passes",
        [
            wide_open := ai_account(
                "wide-open",
                {
                    "publicNetworkAccess": "Enabled",
                    "networkAcls": {
                        "defaultAction": "Deny",
                        "ipRules": [{"value": "203.0.113.0/24"}, {"value": "0.0.0.0/0"}],
                    },
                },
                sku=None,
            ),
            narrow := ai_account(
                "narrow",
                {
                    "publicNetworkAccess": "Enabled",
                    "networkAcls": {"defaultAction": "Deny", "ipRules": [{"value": "203.0.113.7"}]},
                },
                sku=None,
            ),
        ],
        expect=[expect(wide_open, "fail"), expect(narrow, "pass")],
    ),
    case(
        "a Deny firewall with IP rules that are not addresses or ranges is not assessed: an unread rule may admit anyone",
        [
            junk_rules := ai_account(
                "junk-rules",
                {
                    "publicNetworkAccess": "Enabled",
                    "networkAcls": {
                        "defaultAction": "Deny",
                        "ipRules": [
                            {"value": "203.0.113.7"},
                            {"value": None},
                            {"address": "0.0.0.0/0"},
                        ],
                    },
                },
                sku=None,
            ),
        ],
        expect=[
            expect(
                junk_rules,
                "not_assessed",
                message="Account 'junk-rules' denies by default, but its IP rules cannot all be read, and an unread rule may admit every address: ipRules[1] ({'value': None}), ipRules[2] ({'address': '0.0.0.0/0'}) are not IP addresses or CIDR ranges",
            )
        ],
    ),
    case(
        "a default action that cannot be read is not assessed",
        [
            ais_junk := ai_account(
                "ais-junk",
                {"networkAcls": {"defaultAction": 1, "ipRules": [{"value": "0.0.0.0/0"}]}},
            ),
        ],
        expect=[expect(ais_junk, "not_assessed")],
    ),
]
