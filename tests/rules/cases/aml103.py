"""Cases of AML103: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import case, expect, gap, guid, serverless_endpoint, subscription_scope

RULE = "AML103"

CASES = [
    case(
        "Key and KeyAndAAD fail, any case",
        [
            se_key := serverless_endpoint(
                "se-key",
                {
                    "authMode": "Key",
                    "modelSettings": {
                        "modelId": "azureml://registries/azureml-meta/models/Llama-3-8B"
                    },
                },
            ),
            se_keyandaad := serverless_endpoint("se-keyandaad", {"authMode": "keyandaad"}),
        ],
        expect=[
            expect(se_key, "fail", severity="medium"),
            expect(se_keyandaad, "fail", observed={"properties.authMode": "keyandaad"}),
        ],
    ),
    case(
        "Entra ID only passes",
        [se_aad := serverless_endpoint("se-aad", {"authMode": "AAD"})],
        expect=[expect(se_aad, "pass")],
    ),
    case(
        "absent or unknown authMode is not assessed",
        [
            se_none := serverless_endpoint("se-none"),
            se_odd := serverless_endpoint("se-odd", {"authMode": "Token"}),
        ],
        expect=[expect(se_none, "not_assessed"), expect(se_odd, "not_assessed")],
    ),
    case(
        "unreadable subscription is not assessed",
        [],
        gaps=[
            gap(
                subscription_scope(guid(2)),
                message="The client does not have authorization to perform action",
            )
        ],
        expect=[expect(subscription_scope(guid(2)), "not_assessed")],
    ),
]
