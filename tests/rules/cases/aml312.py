"""Cases of AML312: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import CONNECTIONS, case, connection, expect, gap, workspace

RULE = "AML312"

CASES = [
    case(
        "a secret-storing connection shared to all fails, any case",
        [
            key_shared := connection(
                "key-shared",
                {"authType": "ApiKey", "category": "AzureOpenAI", "isSharedToAll": True},
            ),
            pat_shared := connection("pat-shared", {"authType": "pat", "isSharedToAll": "true"}),
        ],
        expect=[expect(key_shared, "fail", severity="medium"), expect(pat_shared, "fail")],
    ),
    case(
        "not shared passes",
        [key_private := connection("key-private", {"authType": "ApiKey", "isSharedToAll": False})],
        expect=[expect(key_private, "pass")],
    ),
    case(
        "no flag, absent or null, fails: no default is documented, and connections made before the flag existed are shared with all users",
        [
            sas_noflag := connection("sas-noflag", {"authType": "SAS"}),
            key_nullflag := connection(
                "key-nullflag", {"authType": "ApiKey", "isSharedToAll": None}
            ),
        ],
        expect=[
            expect(
                sas_noflag,
                "fail",
                observed={
                    "properties.isSharedToAll": "absent (default: none documented: shared with all)"
                },
            ),
            expect(key_nullflag, "fail"),
        ],
    ),
    case(
        "identity-based and None connections store nothing: no result",
        [
            connection("aad", {"authType": "AAD", "isSharedToAll": True}),
            connection("mi", {"authType": "ManagedIdentity", "isSharedToAll": True}),
            connection("none", {"authType": "None", "isSharedToAll": True}),
        ],
        expect=[],
    ),
    case(
        "an unknown or absent authType, or unreadable connections, are not assessed",
        [
            new_type := connection("new-type", {"authType": "QuantumKey", "isSharedToAll": True}),
            no_type := connection("no-type", {"isSharedToAll": True}),
        ],
        gaps=[gap(workspace("ws"), CONNECTIONS)],
        expect=[
            expect(new_type, "not_assessed"),
            expect(no_type, "not_assessed"),
            expect(workspace("ws"), "not_assessed"),
        ],
    ),
    case(
        "an isSharedToAll that is not a boolean (an unresolved template expression) is not assessed, never pass",
        [
            odd := connection(
                "odd",
                {
                    "authType": "ApiKey",
                    "category": "AzureOpenAI",
                    "target": "https://x.openai.azure.com/",
                    "isSharedToAll": "[parameters('shared')]",
                },
            )
        ],
        expect=[expect(odd, "not_assessed")],
    ),
]
