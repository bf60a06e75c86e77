"""Cases of AML306: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import KEYS, case, expect, gap, key, vault

RULE = "AML306"

CASES = [
    case(
        "a fully read key without a rotation policy, or one that only notifies, fails",
        [
            none := key(
                "none",
                {
                    "attributes": {"enabled": True, "created": 1787011200, "updated": 1787011200},
                    "kty": "RSA",
                    "keySize": 3072,
                    "keyUri": "https://kv.vault.azure.net/keys/k",
                    "keyUriWithVersion": "https://kv.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef",
                },
            ),
            notify := key(
                "notify",
                {
                    "attributes": {"enabled": True, "created": 1787011200, "updated": 1787011200},
                    "rotationPolicy": {
                        "lifetimeActions": [
                            {"trigger": {"timeBeforeExpiry": "P30D"}, "action": {"type": "Notify"}}
                        ]
                    },
                    "kty": "RSA",
                    "keySize": 3072,
                    "keyUri": "https://kv.vault.azure.net/keys/k",
                    "keyUriWithVersion": "https://kv.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef",
                },
            ),
            empty := key(
                "empty",
                {
                    "attributes": {"enabled": True, "created": 1787011200, "updated": 1787011200},
                    "rotationPolicy": {"lifetimeActions": []},
                    "kty": "RSA",
                    "keySize": 3072,
                    "keyUri": "https://kv.vault.azure.net/keys/k",
                    "keyUriWithVersion": "https://kv.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef",
                },
            ),
        ],
        expect=[
            expect(none, "fail", severity="medium"),
            expect(notify, "fail"),
            expect(empty, "fail"),
        ],
    ),
    case(
        "a Rotate lifetime action passes, any case",
        [
            rotates := key(
                "rotates",
                {
                    "attributes": {"enabled": True, "created": 1787011200, "updated": 1787011200},
                    "rotationPolicy": {
                        "lifetimeActions": [
                            {"trigger": {"timeAfterCreate": "P90D"}, "action": {"type": "rotate"}},
                            {"trigger": {"timeBeforeExpiry": "P30D"}, "action": {"type": "Notify"}},
                        ],
                        "attributes": {"expiryTime": "P1Y"},
                    },
                    "kty": "RSA",
                    "keySize": 3072,
                    "keyUri": "https://kv.vault.azure.net/keys/k",
                    "keyUriWithVersion": "https://kv.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef",
                },
            ),
            rotates_key := key(
                "ROTATES",
                {
                    "attributes": {"enabled": True, "created": 1787011200, "updated": 1787011200},
                    "rotationPolicy": {"LifetimeActions": [{"Action": {"Type": "ROTATE"}}]},
                },
            ),
        ],
        expect=[expect(rotates, "pass"), expect(rotates_key, "pass")],
    ),
    case(
        "a key read from a listing (no rotation policy in the response) is not assessed",
        [
            listed_key := key(
                "listed",
                {
                    "attributes": {"enabled": True, "created": 1787011200, "updated": 1787011200},
                    "keyUri": "https://kv.vault.azure.net/keys/listed",
                },
            )
        ],
        expect=[expect(listed_key, "not_assessed")],
    ),
    case(
        "unreadable keys are not assessed",
        [],
        gaps=[gap(vault("kv"), KEYS)],
        expect=[expect(vault("kv"), "not_assessed")],
    ),
]
