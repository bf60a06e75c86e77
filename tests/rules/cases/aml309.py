"""Cases of AML309: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import (
    KEYS,
    VAULTS,
    case,
    expect,
    gap,
    key,
    listed,
    project,
    vault,
    workspace,
)

RULE = "AML309"

CASES = [
    case(
        "a CMK key that does not exist, or whose vault does not, is critical",
        [
            ws_nokey := workspace(
                "ws-nokey",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv")["id"],
                            "keyIdentifier": "https://kv.vault.azure.net/keys/deleted/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            kv := vault("kv"),
            ws_novault := workspace(
                "ws-novault",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv-gone")["id"],
                            "keyIdentifier": "https://kv-gone.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
        ],
        missing=[key("deleted", vault=kv)["id"], vault("kv-gone")["id"]],
        now="2026-11-26T00:00:00+00:00",
        expect=[
            expect(ws_nokey, "fail", severity="critical"),
            expect(ws_novault, "fail", severity="critical"),
        ],
    ),
    case(
        "a key absent from a listed vault does not exist (critical)",
        [
            ws_unlisted := workspace(
                "ws-unlisted",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv2")["id"],
                            "keyIdentifier": "https://kv2.vault.azure.net/keys/missing/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            kv2 := vault("kv2"),
            key(
                "other",
                {
                    "attributes": {"enabled": True, "created": 1761091200},
                    "kty": "RSA",
                    "keyUriWithVersion": "https://kv2.vault.azure.net/keys/other/0123456789abcdef0123456789abcdef",
                },
                vault=kv2,
            ),
        ],
        listed=[listed(kv2, KEYS)],
        now="2026-11-26T00:00:00+00:00",
        expect=[expect(ws_unlisted, "fail", severity="critical")],
    ),
    case(
        "a disabled, expired or not-yet-valid key is critical",
        [
            ws_disabled := workspace(
                "ws-disabled",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv")["id"],
                            "keyIdentifier": "https://kv.vault.azure.net/keys/disabled/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            key(
                "disabled",
                {
                    "attributes": {"enabled": False, "created": 1761091200},
                    "kty": "RSA",
                    "keyUriWithVersion": "https://kv.vault.azure.net/keys/disabled/0123456789abcdef0123456789abcdef",
                },
            ),
            ws_expired := workspace(
                "ws-expired",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv")["id"],
                            "keyIdentifier": "https://kv.vault.azure.net/keys/expired/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            key(
                "expired",
                {
                    "attributes": {"enabled": True, "created": 1761091200, "exp": 1795564800},
                    "kty": "RSA",
                    "keyUriWithVersion": "https://kv.vault.azure.net/keys/expired/0123456789abcdef0123456789abcdef",
                },
            ),
            ws_future := workspace(
                "ws-future",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv")["id"],
                            "keyIdentifier": "https://kv.vault.azure.net/keys/future/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            key(
                "future",
                {
                    "attributes": {"enabled": True, "created": 1761091200, "nbf": 1795737600},
                    "kty": "RSA",
                    "keyUriWithVersion": "https://kv.vault.azure.net/keys/future/0123456789abcdef0123456789abcdef",
                },
            ),
        ],
        now="2026-11-26T00:00:00+00:00",
        expect=[
            expect(ws_disabled, "fail", severity="critical"),
            expect(ws_expired, "fail", severity="critical"),
            expect(ws_future, "fail", severity="critical"),
        ],
    ),
    case(
        "a key expiring within 30 days is high",
        [
            ws_soon := workspace(
                "ws-soon",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv")["id"],
                            "keyIdentifier": "https://kv.vault.azure.net/keys/soon/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            key(
                "soon",
                {
                    "attributes": {"enabled": True, "created": 1761091200, "exp": 1796515200},
                    "kty": "RSA",
                    "keyUriWithVersion": "https://kv.vault.azure.net/keys/soon/0123456789abcdef0123456789abcdef",
                },
            ),
            ws_edge := workspace(
                "ws-edge",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv")["id"],
                            "keyIdentifier": "https://kv.vault.azure.net/keys/edge/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            key(
                "edge",
                {
                    "attributes": {"enabled": True, "created": 1761091200, "exp": 1798243200},
                    "kty": "RSA",
                    "keyUriWithVersion": "https://kv.vault.azure.net/keys/edge/0123456789abcdef0123456789abcdef",
                },
            ),
        ],
        now="2026-11-26T00:00:00+00:00",
        expect=[expect(ws_soon, "fail", severity="high"), expect(ws_edge, "fail", severity="high")],
    ),
    case(
        "an enabled key valid beyond 30 days passes; absent enabled and exp take their defaults",
        [
            ws_good := workspace(
                "ws-good",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv")["id"],
                            "keyIdentifier": "https://kv.vault.azure.net/keys/good/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            key(
                "good",
                {
                    "attributes": {"enabled": True, "created": 1761091200, "exp": 1798329600},
                    "kty": "RSA",
                    "keyUriWithVersion": "https://kv.vault.azure.net/keys/good/0123456789abcdef0123456789abcdef",
                },
            ),
            ws_forever := workspace(
                "ws-forever",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv")["id"],
                            "keyIdentifier": "https://kv.vault.azure.net/keys/forever",
                        },
                    }
                },
            ),
            key("forever", {"attributes": {"created": 1795564800}}),
        ],
        now="2026-11-26T00:00:00+00:00",
        expect=[expect(ws_good, "pass"), expect(ws_forever, "pass")],
    ),
    case(
        "workspaces without a CMK give no result",
        [workspace("ws-plain"), project("proj", hub="hub")],
        now="2026-11-26T00:00:00+00:00",
        expect=[],
    ),
    case(
        "an uncollected or unreadable key, or an unreadable vault, is not assessed",
        [
            ws_unknown := workspace(
                "ws-unknown",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv")["id"],
                            "keyIdentifier": "https://kv.vault.azure.net/keys/unknown/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            vault("kv"),
            ws_locked := workspace(
                "ws-locked",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv-keys-locked")["id"],
                            "keyIdentifier": "https://kv-keys-locked.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            kv_keys_locked := vault("kv-keys-locked"),
            ws_vault_locked := workspace(
                "ws-vault-locked",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv-locked")["id"],
                            "keyIdentifier": "https://kv-locked.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
        ],
        gaps=[gap(kv_keys_locked, KEYS), gap(vault("kv-locked"), VAULTS)],
        now="2026-11-26T00:00:00+00:00",
        expect=[
            expect(ws_unknown, "not_assessed"),
            expect(ws_locked, "not_assessed"),
            expect(ws_vault_locked, "not_assessed"),
        ],
    ),
    case(
        "a malformed key URL, a URL naming another vault, or a pinned older version is not assessed",
        [
            ws_bad_url := workspace(
                "ws-bad-url",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv")["id"],
                            "keyIdentifier": "kv/keys/k",
                        },
                    }
                },
            ),
            ws_other_vault := workspace(
                "ws-other-vault",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv")["id"],
                            "keyIdentifier": "https://elsewhere.vault.azure.net/keys/k",
                        },
                    }
                },
            ),
            ws_pinned := workspace(
                "ws-pinned",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv")["id"],
                            "keyIdentifier": "https://kv.vault.azure.net/keys/rotated/11111111111111111111111111111111",
                        },
                    }
                },
            ),
            key(
                "rotated",
                {
                    "attributes": {"enabled": True, "created": 1761091200, "exp": 1827187200},
                    "kty": "RSA",
                    "keyUriWithVersion": "https://kv.vault.azure.net/keys/rotated/22222222222222222222222222222222",
                },
            ),
        ],
        now="2026-11-26T00:00:00+00:00",
        expect=[
            expect(ws_bad_url, "not_assessed"),
            expect(ws_other_vault, "not_assessed"),
            expect(ws_pinned, "not_assessed"),
        ],
    ),
    case(
        "a not-before time that is not a time is not assessed, never passed as valid",
        [
            ws_nbf := workspace(
                "ws-nbf",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv3")["id"],
                            "keyIdentifier": "https://kv3.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            vault("kv3"),
            key(
                "cmk",
                {
                    "attributes": {"enabled": True, "nbf": "Unknown", "exp": 1893456000},
                    "kty": "RSA",
                    "keyUriWithVersion": "https://kv3.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                },
                vault=vault("kv3"),
            ),
        ],
        now="2026-11-26T00:00:00+00:00",
        expect=[expect(ws_nbf, "not_assessed")],
    ),
    case(
        "an enabled attribute that is null is not assessed, never passed as enabled",
        [
            ws_null_enabled := workspace(
                "ws-null-enabled",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv4")["id"],
                            "keyIdentifier": "https://kv4.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            vault("kv4"),
            key(
                "cmk",
                {
                    "attributes": {"enabled": None, "exp": 1893456000},
                    "kty": "RSA",
                    "keyUriWithVersion": "https://kv4.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                },
                vault=vault("kv4"),
            ),
        ],
        now="2026-11-26T00:00:00+00:00",
        expect=[expect(ws_null_enabled, "not_assessed")],
    ),
    case(
        "key attributes that are not an object, or a pinned version the key's keyUriWithVersion cannot confirm, are not assessed; exp null is no expiry",
        [
            ws_attr_text := workspace(
                "ws-attr-text",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv5")["id"],
                            "keyIdentifier": "https://kv5.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            vault("kv5"),
            key(
                "cmk",
                {
                    "attributes": "enabled",
                    "kty": "RSA",
                    "keyUriWithVersion": "https://kv5.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                },
                vault=vault("kv5"),
            ),
            ws_no_current := workspace(
                "ws-no-current",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv6")["id"],
                            "keyIdentifier": "https://kv6.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            vault("kv6"),
            key("cmk", {"attributes": {"enabled": True}, "kty": "RSA"}, vault=vault("kv6")),
            ws_exp_null := workspace(
                "ws-exp-null",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv7")["id"],
                            "keyIdentifier": "https://kv7.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            vault("kv7"),
            key(
                "cmk",
                {
                    "attributes": {"enabled": True, "exp": None},
                    "kty": "RSA",
                    "keyUriWithVersion": "https://kv7.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                },
                vault=vault("kv7"),
            ),
        ],
        now="2026-11-26T00:00:00+00:00",
        expect=[
            expect(
                ws_attr_text,
                "not_assessed",
                message="properties.attributes is not a JSON object ('enabled'), so enabled of 'cmk' cannot be read",
            ),
            expect(
                ws_no_current,
                "not_assessed",
                message="Workspace 'ws-no-current' pins key version 0123456789abcdef0123456789abcdef, but the collected key's keyUriWithVersion is not a key identifier with a version, so whether its attributes are the pinned version's is unknown",
            ),
            expect(ws_exp_null, "pass"),
        ],
    ),
]
