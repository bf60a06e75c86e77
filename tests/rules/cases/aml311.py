"""Cases of AML311: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import (
    BATCH_ENDPOINTS,
    batch_deployment,
    case,
    expect,
    gap,
    list_entry,
    online_deployment,
    workspace,
)

RULE = "AML311"

CASES = [
    case(
        "a literal secret under a secret-like name or with a credential-like value fails",
        [
            named := online_deployment(
                "named",
                {
                    "endpointComputeType": "Managed",
                    "environmentVariables": {
                        "OPENAI_API_KEY": "not-a-real-key-but-literal",
                        "LOG_LEVEL": "INFO",
                    },
                },
            ),
            connstr := online_deployment(
                "connstr",
                {
                    "environmentVariables": {
                        "STORAGE": "DefaultEndpointsProtocol=https;AccountName=demo;AccountKey=ZmFrZWtleWZha2VrZXlmYWtla2V5ZmFrZWtleQ==;EndpointSuffix=core.windows.net"
                    }
                },
            ),
            jwt := online_deployment(
                "jwt",
                {
                    "environmentVariables": {
                        "UPSTREAM_AUTH": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbWwtYXVkaXQtdGVzdCJ9.c2lnbmF0dXJlLW5vdC1yZWFs"
                    }
                },
            ),
            prefix := online_deployment(
                "prefix",
                {"environmentVariables": {"GH": "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"}},
            ),
            entropy := online_deployment(
                "entropy",
                {"environmentVariables": {"BLOB": "Zq8Xv2Lm9Kp4Rt7Wn3Yb6Hc1Jd5Fg0Sa2Qe4Tu8Io"}},
            ),
            batch_pwd := batch_deployment(
                "batch-pwd",
                {"environmentVariables": {"dbPassword": "hunter2hunter2"}},
                endpoint="bep",
            ),
        ],
        expect=[
            expect(named, "fail", severity="high"),
            expect(connstr, "fail"),
            expect(jwt, "fail"),
            expect(prefix, "fail"),
            expect(entropy, "fail"),
            expect(batch_pwd, "fail"),
        ],
    ),
    case(
        "references, placeholders, empty values and ordinary settings pass",
        [
            refs := online_deployment(
                "refs",
                {
                    "environmentVariables": {
                        "OPENAI_API_KEY": "${{azureml://connections/aoai/credentials/key}}",
                        "DB_PASSWORD": "https://kv-demo.vault.azure.net/secrets/db-password",
                        "API_TOKEN": "@Microsoft.KeyVault(SecretUri=https://kv-demo.vault.azure.net/secrets/t)",
                        "EMPTY_SECRET": "",
                        "USE_KEY": "true",
                        "KEY_VAULT_NAME": "kv-demo",
                        "MAX_TOKENS": "4096",
                        "APPLICATIONINSIGHTS_CONNECTION_STRING": "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/",
                        "MODEL_DIR": "azureml://registries/azureml/models/gpt2/versions/3",
                    }
                },
            ),
            none := online_deployment("none"),
            empty := batch_deployment("empty", {"environmentVariables": {}}, endpoint="bep"),
        ],
        expect=[expect(refs, "pass"), expect(none, "pass"), expect(empty, "pass")],
    ),
    case(
        "an unreadable shape or unreadable deployments are not assessed",
        [odd := online_deployment("odd", {"environmentVariables": ["A=B"]})],
        gaps=[gap(workspace("ws"), BATCH_ENDPOINTS)],
        expect=[expect(odd, "not_assessed"), expect(workspace("ws"), "not_assessed")],
    ),
    case(
        "a deployment from the /resources list (no properties collected) is not assessed",
        [dep_listed := list_entry(online_deployment("dep-listed"))],
        expect=[expect(dep_listed, "not_assessed")],
    ),
]
