"""Cases of AML210: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import VAULTS, case, expect, gap, resource_group_scope, vault, workspace

RULE = "AML210"

CASES = [
    case(
        "open to every network fails: absent (defaults Enabled and Allow) or explicit",
        [
            kv_default := vault(
                "kv-default",
                {
                    "tenantId": "00000000-0000-0000-0000-0000000000aa",
                    "sku": {"family": "A", "name": "standard"},
                },
            ),
            kv_allow := vault(
                "kv-allow",
                {
                    "tenantId": "00000000-0000-0000-0000-0000000000aa",
                    "sku": {"family": "A", "name": "standard"},
                    "publicNetworkAccess": "enabled",
                    "networkAcls": {"defaultAction": "Allow", "bypass": "AzureServices"},
                },
            ),
        ],
        expect=[
            expect(
                kv_default,
                "fail",
                severity="medium",
                observed={
                    "properties.publicNetworkAccess": "absent (default: Enabled)",
                    "properties.networkAcls.defaultAction": "absent (default: Allow)",
                },
            ),
            expect(kv_allow, "fail"),
        ],
    ),
    case(
        "a denying firewall or disabled public access passes, any case",
        [
            kv_firewall := vault(
                "kv-firewall",
                {
                    "tenantId": "00000000-0000-0000-0000-0000000000aa",
                    "sku": {"family": "A", "name": "standard"},
                    "networkAcls": {
                        "defaultAction": "deny",
                        "bypass": "AzureServices",
                        "ipRules": [{"value": "203.0.113.0/24"}],
                    },
                },
            ),
            kv_private := vault(
                "kv-private",
                {
                    "tenantId": "00000000-0000-0000-0000-0000000000aa",
                    "sku": {"family": "A", "name": "standard"},
                    "publicNetworkAccess": "disabled",
                    "networkAcls": {"defaultAction": "Allow"},
                },
            ),
            kv_both := vault(
                "kv-both",
                {
                    "tenantId": "00000000-0000-0000-0000-0000000000aa",
                    "sku": {"family": "A", "name": "standard"},
                    "publicNetworkAccess": "Disabled",
                    "networkAcls": {"defaultAction": "Deny"},
                },
            ),
        ],
        expect=[expect(kv_firewall, "pass"), expect(kv_private, "pass"), expect(kv_both, "pass")],
    ),
    case(
        "unreadable vaults are not assessed",
        [],
        gaps=[
            gap(
                resource_group_scope(),
                VAULTS,
                message="The client does not have authorization to perform action",
            )
        ],
        expect=[expect(resource_group_scope(), "not_assessed")],
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
    case(
        "a Deny firewall with an IP rule for every address fails; a narrow rule passes",
        [
            wide_open := vault(
                "wide-open",
                {
                    "publicNetworkAccess": "Enabled",
                    "networkAcls": {
                        "defaultAction": "Deny",
                        "ipRules": [{"value": "203.0.113.0/24"}, {"value": "0.0.0.0/0"}],
                    },
                },
            ),
            narrow := vault(
                "narrow",
                {
                    "publicNetworkAccess": "Enabled",
                    "networkAcls": {"defaultAction": "Deny", "ipRules": [{"value": "203.0.113.7"}]},
                },
            ),
        ],
        expect=[expect(wide_open, "fail"), expect(narrow, "pass")],
    ),
    case(
        "SecuredByPerimeter leaves access to a network security perimeter's rules: not assessed, never open or closed",
        [
            kv_nsp := vault(
                "kv-nsp",
                {
                    "publicNetworkAccess": "SecuredByPerimeter",
                    "networkAcls": {"defaultAction": "Allow", "bypass": "AzureServices"},
                },
            ),
            kv_odd := vault("kv-odd", {"publicNetworkAccess": "Sometimes"}),
        ],
        expect=[expect(kv_nsp, "not_assessed"), expect(kv_odd, "not_assessed")],
    ),
    case(
        "a Deny firewall with an IP rule that is not an address or range is not assessed: the unread rule may admit anyone",
        [
            kv_junk_rule := vault(
                "kv-junk-rule",
                {
                    "publicNetworkAccess": "Enabled",
                    "networkAcls": {
                        "defaultAction": "Deny",
                        "ipRules": [{"value": "203.0.113.0/24"}, {"value": "any"}],
                    },
                },
            ),
        ],
        expect=[
            expect(
                kv_junk_rule,
                "not_assessed",
                message="Key vault 'kv-junk-rule' denies by default, but its IP rules cannot all be read, and an unread rule may admit every address: ipRules[1] ({'value': 'any'}) is not an IP address or CIDR range",
            )
        ],
    ),
    case(
        "a default action that cannot be read is not assessed, unless public access is disabled",
        [
            kv_junk := vault(
                "kv-junk",
                {
                    "tenantId": "00000000-0000-0000-0000-0000000000aa",
                    "sku": {"family": "A", "name": "standard"},
                    "networkAcls": {"defaultAction": "Block", "ipRules": []},
                },
            ),
            kv_null := vault(
                "kv-null",
                {
                    "tenantId": "00000000-0000-0000-0000-0000000000aa",
                    "sku": {"family": "A", "name": "standard"},
                    "publicNetworkAccess": "Enabled",
                    "networkAcls": {"defaultAction": None},
                },
            ),
            kv_off := vault(
                "kv-off",
                {
                    "tenantId": "00000000-0000-0000-0000-0000000000aa",
                    "sku": {"family": "A", "name": "standard"},
                    "publicNetworkAccess": "Disabled",
                    "networkAcls": {"defaultAction": "Block"},
                },
            ),
        ],
        expect=[
            expect(
                kv_junk,
                "not_assessed",
                observed={"properties.networkAcls.defaultAction": "Block"},
            ),
            expect(kv_null, "not_assessed"),
            expect(kv_off, "pass"),
        ],
    ),
]
