"""Cases of AML308: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import VAULTS, case, expect, gap, list_entry, project, vault, workspace

RULE = "AML308"

CASES = [
    case(
        "a CMK vault that does not exist is critical",
        [
            ws_gone := workspace(
                "ws-gone",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv-gone")["id"],
                            "keyIdentifier": "https://kv-gone.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            )
        ],
        missing=[vault("kv-gone")["id"]],
        expect=[expect(ws_gone, "fail", severity="critical")],
    ),
    case(
        "a CMK vault without purge protection or with soft delete off is high",
        [
            ws_nopurge := workspace(
                "ws-nopurge",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv-nopurge")["id"],
                            "keyIdentifier": "https://kv-nopurge.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            vault("kv-nopurge", {"enableSoftDelete": True}),
            ws_nosoft := workspace(
                "ws-nosoft",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv-nosoft")["id"],
                            "keyIdentifier": "https://kv-nosoft.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            vault("kv-nosoft", {"enableSoftDelete": False, "enablePurgeProtection": True}),
        ],
        expect=[
            expect(ws_nopurge, "fail", severity="high"),
            expect(ws_nosoft, "fail", severity="high"),
        ],
    ),
    case(
        "a protected CMK vault passes; absent soft delete is on by default",
        [
            ws_ok := workspace(
                "ws-ok",
                {
                    "encryption": {
                        "status": "enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv-ok")["id"],
                            "keyIdentifier": "https://kv-ok.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            vault("kv-ok", {"enablePurgeProtection": True}),
        ],
        expect=[expect(ws_ok, "pass")],
    ),
    case(
        "workspaces without a CMK (and projects inheriting one) give no result",
        [
            workspace("ws-plain"),
            workspace("ws-off", {"encryption": {"status": "Disabled"}}),
            project("proj", hub="hub"),
        ],
        expect=[],
    ),
    case(
        "an unreadable, uncollected or unnamed CMK vault is not assessed",
        [
            ws_locked := workspace(
                "ws-locked",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv-locked")["id"],
                            "keyIdentifier": "https://kv-locked.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            ws_elsewhere := workspace(
                "ws-elsewhere",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv-elsewhere")["id"],
                            "keyIdentifier": "https://kv-elsewhere.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            ws_unnamed := workspace(
                "ws-unnamed",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {"keyIdentifier": "https://x.vault.azure.net/keys/k"},
                    }
                },
            ),
        ],
        gaps=[gap(vault("kv-locked"), VAULTS)],
        expect=[
            expect(ws_locked, "not_assessed"),
            expect(ws_elsewhere, "not_assessed"),
            expect(ws_unnamed, "not_assessed"),
        ],
    ),
    case(
        "a CMK vault from the /resources list (no properties) is not assessed",
        [
            ws_listed_kv := workspace(
                "ws-listed-kv",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv-listed")["id"],
                            "keyIdentifier": "https://kv-listed.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            list_entry(vault("kv-listed")),
        ],
        expect=[expect(ws_listed_kv, "not_assessed")],
    ),
    case(
        "a CMK vault with purge protection whose enableSoftDelete is null or not a boolean is not assessed, never passed as the default",
        [
            ws_softnull := workspace(
                "ws-softnull",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv-softnull")["id"],
                            "keyIdentifier": "https://kv-softnull.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            vault("kv-softnull", {"enableSoftDelete": None, "enablePurgeProtection": True}),
            ws_softjunk := workspace(
                "ws-softjunk",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": vault("kv-softjunk")["id"],
                            "keyIdentifier": "https://kv-softjunk.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                        },
                    }
                },
            ),
            vault("kv-softjunk", {"enableSoftDelete": "Unknown", "enablePurgeProtection": True}),
        ],
        expect=[
            expect(
                ws_softnull,
                "not_assessed",
                message="The customer-managed key vault 'kv-softnull' of workspace 'ws-softnull' has purge protection, but its enableSoftDelete is null (never set), so whether soft delete is on is unknown",
            ),
            expect(
                ws_softjunk,
                "not_assessed",
                message="The customer-managed key vault 'kv-softjunk' of workspace 'ws-softjunk' has purge protection, but its enableSoftDelete is 'Unknown', not a boolean, so whether soft delete is on is unknown",
            ),
        ],
    ),
]
