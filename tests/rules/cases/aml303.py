"""Cases of AML303: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import (
    VAULTS,
    case,
    expect,
    gap,
    list_entry,
    pascal_case_properties,
    resource_id,
    subscription_scope,
    vault,
    workspace,
)

RULE = "AML303"

CASES = [
    case(
        "explicit false fails, in ARM and exported string shapes",
        [
            kv_off := vault("kv-off", {"enableSoftDelete": False}),
            kv_export := pascal_case_properties(
                vault("kv-export", {"EnableSoftDelete": "false"}, location=None)
            ),
        ],
        expect=[expect(kv_off, "fail", severity="high"), expect(kv_export, "fail")],
    ),
    case(
        "true passes; absent takes the documented creation default (on) and passes",
        [
            kv_on := vault("kv-on", {"enableSoftDelete": True}),
            kv_absent := vault("kv-absent"),
        ],
        expect=[
            expect(kv_on, "pass"),
            expect(
                kv_absent,
                "pass",
                observed={"properties.enableSoftDelete": "absent (default: true)"},
            ),
        ],
    ),
    case(
        "an explicit null (a pre-2020 vault: never set) is not assessed, never passed as the default",
        [kv_null := vault("kv-null", {"enableSoftDelete": None})],
        expect=[expect(kv_null, "not_assessed", observed={"properties.enableSoftDelete": None})],
    ),
    case(
        "a shared vault's result names the workspaces that use it",
        [
            kv_shared := vault("kv-shared", {"enableSoftDelete": False}),
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
    case(
        "an enableSoftDelete that is not a boolean (an unresolved template expression) is not assessed, never pass",
        [
            kv_odd := vault(
                "kv-odd",
                {
                    "tenantId": "00000000-0000-0000-0000-00000000000a",
                    "enableSoftDelete": "[parameters('softDelete')]",
                },
            )
        ],
        expect=[expect(kv_odd, "not_assessed")],
    ),
    case(
        "a vault from the /resources list (no properties collected) is not assessed, never judged on the default",
        [
            kv_listed := list_entry(vault("kv-listed")),
            kv_null_props := list_entry(vault("kv-null-props"), properties_null=True),
        ],
        expect=[
            expect(kv_listed, "not_assessed", observed={"properties": "absent"}),
            expect(kv_null_props, "not_assessed"),
        ],
    ),
    case(
        "a vault a 2023 hub names only in its keyVaults list carries the hub as context",
        [
            kv_listed_by_hub := vault("kv-hub-2023", {"enableSoftDelete": False}),
            hub_2023 := workspace(
                "hub-2023",
                {"keyVault": None, "keyVaults": [vault("kv-hub-2023")["id"]]},
                kind="Hub",
            ),
        ],
        expect=[
            expect(
                kv_listed_by_hub,
                "fail",
                context=[f"used by workspace hub-2023 ({hub_2023['id']}) as its key vault"],
            )
        ],
    ),
]
