"""Cases of AML110: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import case, expect, gap, resource_id, subscription_scope, workspace

RULE = "AML110"

CASES = [
    case(
        "system-assigned only, None and absent identity fail at low severity",
        [
            ws_system := workspace(
                "ws-system",
                identity={
                    "type": "SystemAssigned",
                    "principalId": "00000000-0000-0000-0000-0000000000b1",
                },
            ),
            ws_noid := workspace("ws-noid"),
            ws_none := workspace("ws-none", identity="None"),
        ],
        expect=[
            expect(ws_system, "fail", severity="low"),
            expect(ws_noid, "fail", observed={"identity.type": "absent (default: None)"}),
            expect(ws_none, "fail"),
        ],
    ),
    case(
        "a user-assigned identity passes, alone or with system-assigned, any case or spacing",
        [
            ws_uai := workspace(
                "ws-uai",
                {
                    "primaryUserAssignedIdentity": resource_id(
                        "Microsoft.ManagedIdentity/userAssignedIdentities", "ml-identity"
                    )
                },
                identity={
                    "type": "UserAssigned",
                    "userAssignedIdentities": {
                        resource_id(
                            "Microsoft.ManagedIdentity/userAssignedIdentities", "ml-identity"
                        ): {}
                    },
                },
            ),
            ws_both := workspace(
                "ws-both",
                {
                    "primaryUserAssignedIdentity": resource_id(
                        "Microsoft.ManagedIdentity/userAssignedIdentities", "ml-identity"
                    )
                },
                identity={
                    "type": "SystemAssigned, UserAssigned",
                    "userAssignedIdentities": {
                        resource_id(
                            "Microsoft.ManagedIdentity/userAssignedIdentities", "ml-identity"
                        ): {}
                    },
                },
            ),
            ws_lower := workspace(
                "ws-lower",
                identity={
                    "type": "systemassigned,userassigned",
                    "userAssignedIdentities": {
                        resource_id(
                            "Microsoft.ManagedIdentity/userAssignedIdentities", "ml-identity"
                        ): {}
                    },
                },
            ),
        ],
        expect=[expect(ws_uai, "pass"), expect(ws_both, "pass"), expect(ws_lower, "pass")],
    ),
    case(
        "unreadable workspaces are not assessed",
        [],
        gaps=[gap(subscription_scope(), status=None, code="Timeout", message="read timed out")],
        expect=[expect(subscription_scope(), "not_assessed")],
    ),
]
