"""Cases of AML105: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import CONNECTIONS, case, connection, expect, gap, workspace

RULE = "AML105"

CASES = [
    case(
        "every secret-storing authType fails, any case",
        [
            conn_apikey := connection(
                "conn-apikey",
                {"authType": "ApiKey", "category": "ApiKey", "target": "https://example.com"},
            ),
            conn_accountkey := connection(
                "conn-accountkey",
                {"authType": "accountkey", "category": "ApiKey", "target": "https://example.com"},
            ),
            conn_pat := connection(
                "conn-pat",
                {"authType": "PAT", "category": "ApiKey", "target": "https://example.com"},
            ),
            conn_sas := connection(
                "conn-sas",
                {"authType": "sas", "category": "ApiKey", "target": "https://example.com"},
            ),
            conn_usernamepassword := connection(
                "conn-usernamepassword",
                {
                    "authType": "UsernamePassword",
                    "category": "ApiKey",
                    "target": "https://example.com",
                },
            ),
            conn_serviceprincipal := connection(
                "conn-serviceprincipal",
                {
                    "authType": "serviceprincipal",
                    "category": "ApiKey",
                    "target": "https://example.com",
                },
            ),
            conn_accesskey := connection(
                "conn-accesskey",
                {"authType": "AccessKey", "category": "ApiKey", "target": "https://example.com"},
            ),
            conn_customkeys := connection(
                "conn-customkeys",
                {"authType": "customkeys", "category": "ApiKey", "target": "https://example.com"},
            ),
            conn_oauth2 := connection(
                "conn-oauth2",
                {"authType": "OAuth2", "category": "ApiKey", "target": "https://example.com"},
            ),
        ],
        expect=[
            expect(conn_apikey, "fail", severity="medium"),
            expect(conn_accountkey, "fail", severity="medium"),
            expect(conn_pat, "fail", severity="medium"),
            expect(conn_sas, "fail", severity="medium"),
            expect(conn_usernamepassword, "fail", severity="medium"),
            expect(conn_serviceprincipal, "fail", severity="medium"),
            expect(conn_accesskey, "fail", severity="medium"),
            expect(conn_customkeys, "fail", severity="medium"),
            expect(conn_oauth2, "fail", severity="medium"),
        ],
    ),
    case(
        "identity-based and None pass",
        [
            conn_aad := connection(
                "conn-aad",
                {
                    "authType": "AAD",
                    "category": "AzureOpenAI",
                    "target": "https://aoai.openai.azure.com/",
                },
            ),
            conn_managedidentity := connection(
                "conn-managedidentity",
                {
                    "authType": "ManagedIdentity",
                    "category": "AzureOpenAI",
                    "target": "https://aoai.openai.azure.com/",
                },
            ),
            conn_none := connection(
                "conn-none",
                {
                    "authType": "None",
                    "category": "AzureOpenAI",
                    "target": "https://aoai.openai.azure.com/",
                },
            ),
        ],
        expect=[
            expect(conn_aad, "pass"),
            expect(conn_managedidentity, "pass"),
            expect(conn_none, "pass"),
        ],
    ),
    case(
        "absent or unknown authType is not assessed",
        [
            conn_noauth := connection(
                "conn-noauth", {"category": "Git", "target": "https://github.com/org/repo"}
            ),
            conn_odd := connection(
                "conn-odd",
                {
                    "authType": "Certificate",
                    "category": "Git",
                    "target": "https://github.com/org/repo",
                },
            ),
        ],
        expect=[expect(conn_noauth, "not_assessed"), expect(conn_odd, "not_assessed")],
    ),
    case(
        "unreadable connections are not assessed",
        [],
        gaps=[
            gap(
                workspace("ws"),
                CONNECTIONS,
                message="The client does not have authorization to perform action",
            )
        ],
        expect=[expect(workspace("ws"), "not_assessed")],
    ),
]
