"""Cases of AML304: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import (
    VAULTS,
    case,
    expect,
    gap,
    resource_id,
    subscription_scope,
    vault,
    workspace,
)

RULE = "AML304"

CASES = [
    case(
        "absent, null or false use access policies and fail",
        [
            kv_absent := vault("kv-absent"),
            kv_null := vault("kv-null", {"enableRbacAuthorization": None}),
            kv_false := vault("kv-false", {"enableRbacAuthorization": False}),
        ],
        expect=[
            expect(kv_absent, "fail", severity="medium"),
            expect(kv_null, "fail"),
            expect(kv_false, "fail"),
        ],
    ),
    case(
        "RBAC passes (string true from a template too)",
        [
            kv_rbac := vault("kv-rbac", {"enableRbacAuthorization": True}),
            kv_str := vault("kv-str", {"enableRbacAuthorization": "True"}),
        ],
        expect=[expect(kv_rbac, "pass"), expect(kv_str, "pass")],
    ),
    case(
        "a shared vault's result names the workspaces that use it",
        [
            kv_shared := vault("kv-shared"),
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
        ],
        expect=[
            expect(
                kv_shared,
                "fail",
                context=[
                    f"used by workspace ws-a ({ws_a['id']}) as its key vault",
                    f"used by workspace ws-b ({ws_b['id']}) as its customer-managed key vault",
                    f"used by workspace ws-b ({ws_b['id']}) as its key vault",
                ],
            )
        ],
    ),
    case(
        "unreadable vaults are not assessed",
        [],
        gaps=[gap(subscription_scope(), VAULTS)],
        expect=[expect(subscription_scope(), "not_assessed")],
    ),
]
