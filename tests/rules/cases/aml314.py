"""Cases of AML314: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import (
    AI_ACCOUNTS,
    ai_account,
    case,
    connection,
    expect,
    gap,
    guid,
    subscription_scope,
)

RULE = "AML314"

CASES = [
    case(
        "AIServices and OpenAI accounts with Microsoft-managed keys fail; absent keySource is the default",
        [
            ais := ai_account("ais"),
            aoai := ai_account(
                "aoai", {"encryption": {"keySource": "Microsoft.CognitiveServices"}}, kind="OpenAI"
            ),
        ],
        expect=[expect(ais, "fail", severity="low"), expect(aoai, "fail")],
    ),
    case(
        "a customer-managed key passes, any case",
        [
            aoai_cmk := ai_account(
                "aoai-cmk",
                {
                    "encryption": {
                        "keySource": "microsoft.keyvault",
                        "keyVaultProperties": {
                            "keyName": "k",
                            "keyVaultUri": "https://kv.vault.azure.net/",
                        },
                    }
                },
                kind="openai",
            )
        ],
        expect=[expect(aoai_cmk, "pass")],
    ),
    case(
        "other kinds are judged only when a connection targets them (by resource id or endpoint)",
        [
            lang := ai_account(
                "lang",
                {"endpoint": "https://lang.cognitiveservices.azure.com/"},
                kind="TextAnalytics",
            ),
            vision := ai_account(
                "vision",
                {"endpoint": "https://vision.cognitiveservices.azure.com/"},
                kind="ComputerVision",
            ),
            ai_account("speech", kind="SpeechServices"),
            connection(
                "to-lang",
                {
                    "authType": "ApiKey",
                    "category": "CognitiveService",
                    "target": "https://LANG.cognitiveservices.azure.com",
                    "metadata": {"Kind": "TextAnalytics"},
                },
            ),
            connection(
                "to-vision",
                {
                    "authType": "AAD",
                    "category": "CognitiveService",
                    "target": "https://elsewhere.example.com",
                    "metadata": {"ResourceId": ai_account("VISION")["id"]},
                },
            ),
        ],
        expect=[
            expect(lang, "fail", context=["targeted by connection to-lang of workspace ws"]),
            expect(vision, "fail", context=["targeted by connection to-vision of workspace ws"]),
        ],
    ),
    case(
        "unreadable accounts are not assessed",
        [],
        gaps=[gap(subscription_scope(), AI_ACCOUNTS)],
        expect=[expect(subscription_scope(), "not_assessed")],
    ),
    case(
        "a connection whose account is unreadable or not collected is not assessed (as AML107); a deleted one gives nothing",
        [
            connection(
                "deleted",
                {
                    "authType": "ApiKey",
                    "category": "AIServices",
                    "target": "https://deleted.cognitiveservices.azure.com/",
                    "metadata": {"ResourceId": ai_account("deleted")["id"]},
                },
                workspace="hub",
            ),
            elsewhere := connection(
                "elsewhere",
                {
                    "authType": "ApiKey",
                    "category": "AIServices",
                    "target": "https://elsewhere.cognitiveservices.azure.com/",
                    "metadata": {
                        "ResourceId": ai_account(
                            "elsewhere", subscription=guid(9), resource_group="x"
                        )["id"]
                    },
                },
                workspace="hub",
            ),
            locked := connection(
                "locked",
                {
                    "authType": "AAD",
                    "category": "AzureOpenAI",
                    "target": "https://locked.openai.azure.com/",
                    "metadata": {
                        "resourceid": ai_account(
                            "locked", subscription=guid(3), resource_group="locked"
                        )["id"]
                    },
                },
                workspace="hub",
            ),
            stranger := connection(
                "stranger",
                {
                    "authType": "ApiKey",
                    "category": "AzureOpenAI",
                    "target": "https://stranger.openai.azure.com/",
                },
                workspace="hub",
            ),
        ],
        gaps=[
            gap(
                subscription_scope(guid(3)),
                message="The client does not have authorization to perform action",
            )
        ],
        missing=[ai_account("deleted")["id"]],
        expect=[
            expect(elsewhere, "not_assessed"),
            expect(locked, "not_assessed"),
            expect(stranger, "not_assessed"),
            expect(subscription_scope(guid(3)), "not_assessed"),
        ],
    ),
]
