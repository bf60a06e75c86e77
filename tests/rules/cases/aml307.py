"""Cases of AML307: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import SECRETS, case, expect, gap, secret, vault, workspace

RULE = "AML307"

CASES = [
    case(
        "a secret without exp fails",
        [
            no_exp := secret(
                "no-exp",
                {
                    "attributes": {"enabled": True, "created": 1794787200},
                    "secretUri": "https://kv.vault.azure.net/secrets/no-exp",
                },
            )
        ],
        expect=[expect(no_exp, "fail", severity="medium")],
    ),
    case(
        "a secret with exp passes",
        [
            expiring := secret(
                "expiring",
                {"attributes": {"enabled": True, "created": 1794787200, "exp": 1803427200}},
            )
        ],
        now="2026-11-26T00:00:00+00:00",
        expect=[expect(expiring, "pass")],
    ),
    case(
        "a secret in a workspace's vault names the workspace",
        [
            ws_a := workspace("ws-a", {"keyVault": vault("kv")["id"]}),
            conn := secret("conn", {"attributes": {"enabled": True, "created": 1794787200}}),
        ],
        expect=[
            expect(
                conn,
                "fail",
                context=[f"in a vault used by workspace ws-a ({ws_a['id']}) as its key vault"],
            )
        ],
    ),
    case(
        "garbled exp and unreadable secrets are not assessed",
        [
            garbled := secret(
                "garbled",
                {"attributes": {"enabled": True, "created": 1794787200, "exp": {"when": "later"}}},
            )
        ],
        gaps=[gap(vault("kv"), SECRETS)],
        expect=[expect(garbled, "not_assessed"), expect(vault("kv"), "not_assessed")],
    ),
    case(
        "an expired secret (Key Vault still serves it) fails, and so does a placeholder for never",
        [
            expired := secret("expired", {"attributes": {"enabled": True, "exp": "1735689600"}}),
            forever := secret("forever", {"attributes": {"enabled": True, "exp": 253402214400}}),
        ],
        now="2026-11-26T00:00:00+00:00",
        expect=[expect(expired, "fail"), expect(forever, "fail")],
    ),
]
