"""Cases of AML601: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import (
    SERVERLESS_ENDPOINTS,
    case,
    expect,
    gap,
    list_entry,
    serverless_endpoint,
    workspace,
)

RULE = "AML601"

CASES = [
    case(
        "content safety Disabled fails, any case",
        [
            off := serverless_endpoint(
                "off",
                {
                    "authMode": "Key",
                    "modelSettings": {
                        "modelId": "azureml://registries/azureml-meta/models/Llama-3.3-70B-Instruct"
                    },
                    "contentSafety": {"contentSafetyStatus": "Disabled"},
                },
            ),
            off_lower := serverless_endpoint(
                "off-lower",
                {
                    "authMode": "Key",
                    "modelSettings": {
                        "modelId": "azureml://registries/azureml-meta/models/Llama-3.3-70B-Instruct"
                    },
                    "contentSafety": {"contentSafetyStatus": "disabled"},
                },
            ),
        ],
        expect=[expect(off, "fail", severity="medium"), expect(off_lower, "fail")],
    ),
    case(
        "Enabled passes; absent takes the service default (Enabled)",
        [
            on := serverless_endpoint(
                "on",
                {
                    "authMode": "Key",
                    "modelSettings": {
                        "modelId": "azureml://registries/azureml-meta/models/Llama-3.3-70B-Instruct"
                    },
                    "contentSafety": {"contentSafetyStatus": "Enabled"},
                },
            ),
            default := serverless_endpoint(
                "default",
                {
                    "authMode": "Key",
                    "modelSettings": {
                        "modelId": "azureml://registries/azureml-meta/models/Llama-3.3-70B-Instruct"
                    },
                },
            ),
        ],
        expect=[expect(on, "pass"), expect(default, "pass")],
    ),
    case(
        "unreadable serverless endpoints are not assessed",
        [],
        gaps=[gap(workspace("ws"), SERVERLESS_ENDPOINTS)],
        expect=[expect(workspace("ws"), "not_assessed")],
    ),
    case(
        "a contentSafetyStatus the rule does not know (an unresolved template expression) is not assessed, never pass",
        [
            odd := serverless_endpoint(
                "odd",
                {
                    "authMode": "AAD",
                    "contentSafety": {"contentSafetyStatus": "[parameters('contentSafety')]"},
                    "modelSettings": {"modelId": "azureml://registries/azureml/models/x"},
                },
            )
        ],
        expect=[expect(odd, "not_assessed")],
    ),
    case(
        "a serverless endpoint from the /resources list (no properties collected) is not assessed",
        [maas_listed := list_entry(serverless_endpoint("maas-listed"))],
        expect=[expect(maas_listed, "not_assessed")],
    ),
    case(
        "an explicit null contentSafetyStatus is not assessed, never passed as the default",
        [
            maas_null := serverless_endpoint(
                "maas-null", {"authMode": "Key", "contentSafety": {"contentSafetyStatus": None}}
            )
        ],
        expect=[expect(maas_null, "not_assessed")],
    ),
    case(
        "a contentSafety that is not an object is not assessed, never read as absent (the default, on)",
        [
            maas_junk := serverless_endpoint(
                "maas-junk", {"authMode": "Key", "contentSafety": "Enabled"}
            )
        ],
        expect=[
            expect(
                maas_junk,
                "not_assessed",
                message="properties.contentSafety is not a JSON object ('Enabled'), so contentSafetyStatus of 'maas-junk' cannot be read",
            )
        ],
    ),
]
