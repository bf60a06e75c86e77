"""Cases of AML302: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import (
    VAULTS,
    case,
    expect,
    gap,
    pascal_case_properties,
    resource_id,
    subscription_scope,
    vault,
    workspace,
)

RULE = "AML302"

CASES = [
    case(
        "absent or false purge protection fails",
        [
            kv_absent := vault("kv-absent", {"enableSoftDelete": True}),
            kv_false := vault("kv-false", {"enablePurgeProtection": False}),
            kv_null := vault("kv-null", {"enablePurgeProtection": None}),
        ],
        expect=[
            expect(kv_absent, "fail", severity="high"),
            expect(kv_false, "fail"),
            expect(kv_null, "fail"),
        ],
    ),
    case(
        "purge protection passes, in ARM and exported PascalCase shapes",
        [
            kv_on := vault("kv-on", {"enablePurgeProtection": True}),
            kv_export := pascal_case_properties(
                vault("kv-export", {"EnablePurgeProtection": True})
            ),
        ],
        expect=[expect(kv_on, "pass"), expect(kv_export, "pass")],
    ),
    case(
        "unreadable vaults are not assessed",
        [],
        gaps=[gap(subscription_scope(), VAULTS)],
        expect=[expect(subscription_scope(), "not_assessed")],
    ),
    case(
        "a shared vault's result names the workspaces that use it",
        [
            kv_shared := vault("kv-shared", {"enableSoftDelete": True}),
            ws_a := workspace("ws-a", {"keyVault": kv_shared["id"]}),
            ws_b := workspace(
                "ws-b",
                {
                    "keyVault": resource_id("Microsoft.KeyVault/VAULTS", "KV-SHARED"),
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": kv_shared["id"],
                            "keyIdentifier": "https://kv-shared.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                        },
                    },
                },
            ),
            kv_alone := vault("kv-alone", {"enablePurgeProtection": True}),
        ],
        expect=[
            expect(
                kv_shared,
                "fail",
                severity="high",
                context=[
                    f"used by workspace ws-a ({ws_a['id']}) as its key vault",
                    f"used by workspace ws-b ({ws_b['id']}) as its customer-managed key vault",
                    f"used by workspace ws-b ({ws_b['id']}) as its key vault",
                ],
            ),
            expect(kv_alone, "pass", context=[]),
        ],
    ),
]
