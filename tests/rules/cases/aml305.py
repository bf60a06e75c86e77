"""Cases of AML305: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import KEYS, case, expect, gap, key, vault, workspace

RULE = "AML305"

CASES = [
    case(
        "a key without exp never expires and fails",
        [
            no_exp := key(
                "no-exp",
                {
                    "attributes": {"enabled": True, "created": 1787011200, "updated": 1787011200},
                    "kty": "RSA",
                    "keySize": 3072,
                    "keyUri": "https://kv.vault.azure.net/keys/k",
                    "keyUriWithVersion": "https://kv.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef",
                },
            ),
            no_attributes := key("no-attributes"),
        ],
        expect=[expect(no_exp, "fail", severity="medium"), expect(no_attributes, "fail")],
    ),
    case(
        "a key with exp passes, from a listing too",
        [
            expiring := key(
                "expiring",
                {
                    "attributes": {
                        "enabled": True,
                        "created": 1787011200,
                        "updated": 1787011200,
                        "exp": 1827187200,
                    }
                },
            ),
            exp_string := key(
                "exp-string",
                {
                    "attributes": {
                        "enabled": True,
                        "created": 1787011200,
                        "updated": 1787011200,
                        "exp": "1798243200",
                    }
                },
            ),
        ],
        now="2026-11-26T00:00:00+00:00",
        expect=[expect(expiring, "pass"), expect(exp_string, "pass")],
    ),
    case(
        "a workspace's CMK key says so in its context",
        [
            ws_cmk := workspace(
                "ws-cmk",
                {
                    "keyVault": vault("kv")["id"],
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv")["id"],
                            "keyIdentifier": "https://kv.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                        },
                    },
                },
            ),
            cmk := key(
                "cmk",
                {
                    "attributes": {"enabled": True, "created": 1787011200, "updated": 1787011200},
                    "kty": "RSA",
                    "keySize": 3072,
                    "keyUri": "https://kv.vault.azure.net/keys/k",
                    "keyUriWithVersion": "https://kv.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef",
                },
            ),
        ],
        expect=[
            expect(
                cmk,
                "fail",
                context=[
                    f"customer-managed key of workspace ws-cmk ({ws_cmk['id']})",
                    f"in a vault used by workspace ws-cmk ({ws_cmk['id']}) as its customer-managed key vault",
                    f"in a vault used by workspace ws-cmk ({ws_cmk['id']}) as its key vault",
                ],
            )
        ],
    ),
    case(
        "an exp that is not a time, and unreadable keys, are not assessed",
        [
            garbled := key(
                "garbled",
                {
                    "attributes": {
                        "enabled": True,
                        "created": 1787011200,
                        "updated": 1787011200,
                        "exp": "next year",
                    }
                },
            )
        ],
        gaps=[gap(vault("kv"), KEYS)],
        expect=[expect(garbled, "not_assessed"), expect(vault("kv"), "not_assessed")],
    ),
    case(
        "an exp in the past has expired and fails; one over a century away (9999-12-31) stands for never and fails",
        [
            expired := key("expired", {"attributes": {"enabled": True, "exp": 1735689600}}),
            epoch_zero := key("epoch-zero", {"attributes": {"enabled": True, "exp": 0}}),
            forever := key("forever", {"attributes": {"enabled": True, "exp": 253402214400}}),
        ],
        now="2026-11-26T00:00:00+00:00",
        expect=[
            expect(
                expired,
                "fail",
                observed={"properties.attributes.exp": "1735689600 (2025-01-01T00:00:00+00:00)"},
            ),
            expect(epoch_zero, "fail"),
            expect(forever, "fail"),
        ],
    ),
    case(
        "an exp that is not a time (true, 'Unknown', a list, an object, out of any calendar) is not assessed, never pass",
        [
            exp_true := key("exp-true", {"attributes": {"exp": True}}),
            exp_word := key("exp-word", {"attributes": {"exp": "Unknown"}}),
            exp_list := key("exp-list", {"attributes": {"exp": []}}),
            exp_object := key("exp-object", {"attributes": {"exp": {}}}),
            exp_huge := key("exp-huge", {"attributes": {"exp": 1e20}}),
        ],
        now="2026-11-26T00:00:00+00:00",
        expect=[
            expect(exp_true, "not_assessed"),
            expect(exp_word, "not_assessed"),
            expect(exp_list, "not_assessed"),
            expect(exp_object, "not_assessed"),
            expect(exp_huge, "not_assessed"),
        ],
    ),
]
