"""Cases of AML107: resources built from shapes, and the results the rule must give."""

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

RULE = "AML107"

CASES = [
    case(
        "AIServices and OpenAI accounts accepting keys fail, including absent disableLocalAuth",
        [
            ais_keys := ai_account(
                "ais-keys", {"endpoint": "https://ais-keys.cognitiveservices.azure.com/"}
            ),
            oai_keys := ai_account(
                "oai-keys",
                {"endpoint": "https://oai-keys.openai.azure.com/", "disableLocalAuth": False},
                kind="OpenAI",
            ),
            oai_lower := ai_account("oai-lower", {"disableLocalAuth": "false"}, kind="openai"),
        ],
        expect=[
            expect(
                ais_keys,
                "fail",
                severity="high",
                observed={"properties.disableLocalAuth": "absent (default: false, keys accepted)"},
            ),
            expect(oai_keys, "fail"),
            expect(oai_lower, "fail"),
        ],
    ),
    case(
        "disableLocalAuth true passes",
        [
            ais_entra := ai_account(
                "ais-entra",
                {
                    "endpoint": "https://ais-entra.cognitiveservices.azure.com/",
                    "disableLocalAuth": True,
                },
            )
        ],
        expect=[expect(ais_entra, "pass")],
    ),
    case(
        "other kinds no connection targets give no result",
        [ai_account("text-untargeted", kind="TextAnalytics")],
        expect=[],
    ),
    case(
        "any account a connection targets is judged, by metadata.ResourceId or endpoint host",
        [
            ai_account("text-untargeted", kind="TextAnalytics"),
            text_targeted := ai_account(
                "text-targeted",
                {"endpoint": "https://text-targeted.cognitiveservices.azure.com/"},
                kind="TextAnalytics",
            ),
            oai_byhost := ai_account(
                "oai-byhost",
                {"endpoint": "https://oai-byhost.openai.azure.com/", "disableLocalAuth": True},
                kind="OpenAI",
            ),
            connection(
                "text",
                {
                    "authType": "ApiKey",
                    "category": "CognitiveService",
                    "target": "https://text-targeted.cognitiveservices.azure.com/",
                    "metadata": {
                        "Kind": "TextAnalytics",
                        "ResourceId": text_targeted["id"].upper(),
                    },
                },
                workspace="hub",
            ),
            connection(
                "aoai",
                {
                    "authType": "AAD",
                    "category": "AzureOpenAI",
                    "target": "https://OAI-BYHOST.openai.azure.com",
                    "metadata": {"ApiType": "Azure"},
                },
                workspace="hub",
            ),
            connection(
                "blob",
                {
                    "authType": "AccountKey",
                    "category": "AzureBlob",
                    "target": "https://st.blob.core.windows.net/data",
                },
                workspace="hub",
            ),
        ],
        expect=[
            expect(text_targeted, "fail", context=["targeted by connection text of workspace hub"]),
            expect(oai_byhost, "pass", context=["targeted by connection aoai of workspace hub"]),
        ],
    ),
    case(
        "a connection whose account is unreadable or not collected is not assessed; a deleted one gives nothing",
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
]
