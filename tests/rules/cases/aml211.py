"""Cases of AML211: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import (
    case,
    expect,
    gap,
    private_endpoint_connection,
    private_link,
    resource_id,
    vault,
    workspace,
)

RULE = "AML211"

CASES = [
    case(
        "no approved connection fails at low severity: pending, or none (absent)",
        [
            kv_pending := vault(
                "kv-pending",
                {
                    "tenantId": "00000000-0000-0000-0000-0000000000aa",
                    "sku": {"family": "A", "name": "standard"},
                    "privateEndpointConnections": [
                        private_link("kv-pe-2", "Pending", parent=vault("kv-pending"))
                    ],
                },
            ),
            kv_none := vault(
                "kv-none",
                {
                    "tenantId": "00000000-0000-0000-0000-0000000000aa",
                    "sku": {"family": "A", "name": "standard"},
                },
            ),
        ],
        expect=[
            expect(kv_pending, "fail", severity="low"),
            expect(kv_none, "fail", observed={"properties.privateEndpointConnections": "none"}),
        ],
    ),
    case(
        "an approved connection passes, inline or as a listed child",
        [
            kv_pe := vault(
                "kv-pe",
                {
                    "tenantId": "00000000-0000-0000-0000-0000000000aa",
                    "sku": {"family": "A", "name": "standard"},
                    "privateEndpointConnections": [
                        private_link("kv-pe-1", "Approved", parent=vault("kv-pe"))
                    ],
                },
            ),
            kv_listed := vault(
                "kv-listed",
                {
                    "tenantId": "00000000-0000-0000-0000-0000000000aa",
                    "sku": {"family": "A", "name": "standard"},
                },
            ),
            private_endpoint_connection(
                "c1",
                {
                    "privateEndpoint": {
                        "id": resource_id("Microsoft.Network/privateEndpoints", "c1")
                    },
                    "privateLinkServiceConnectionState": {
                        "status": "approved",
                        "description": "",
                        "actionsRequired": "None",
                    },
                    "provisioningState": "Succeeded",
                },
                parent=kv_listed,
            ),
        ],
        expect=[expect(kv_pe, "pass"), expect(kv_listed, "pass")],
    ),
    case(
        "a vault whose connections are unreadable is not assessed",
        [
            kv_locked := vault(
                "kv-locked",
                {
                    "tenantId": "00000000-0000-0000-0000-0000000000aa",
                    "sku": {"family": "A", "name": "standard"},
                },
            )
        ],
        gaps=[
            gap(
                kv_locked,
                "Microsoft.KeyVault/vaults/privateEndpointConnections",
                message="The client does not have authorization to perform action",
            )
        ],
        expect=[expect(kv_locked, "not_assessed")],
    ),
    case(
        "a shared vault's result names the workspaces that use it",
        [
            kv_shared := vault("kv-shared"),
            ws_a := workspace("ws-a", {"keyVault": kv_shared["id"]}),
            ws_b := workspace(
                "ws-b",
                {
                    "encryption": {
                        "status": "Enabled",
                        "keyVaultProperties": {
                            "keyVaultArmId": kv_shared["id"],
                            "keyIdentifier": "https://kv-shared.vault.azure.net/keys/cmk/0123456789abcdef0123456789abcdef",
                        },
                    }
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
                ],
            )
        ],
    ),
]
