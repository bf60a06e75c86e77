"""Cases of AML108: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import (
    case,
    container_registry,
    expect,
    gap,
    guid,
    resource_group_scope,
    workspace,
)

RULE = "AML108"

CASES = [
    case(
        "a workspace registry with the admin user fails, saying which workspaces use it",
        [
            acradmin := container_registry(
                "acradmin", {"adminUserEnabled": True, "loginServer": "acradmin.azurecr.io"}
            ),
            ws_a := workspace("ws-a", {"containerRegistry": acradmin["id"]}),
            ws_b := workspace("ws-b", {"containerRegistry": acradmin["id"].upper()}),
        ],
        expect=[
            expect(
                acradmin,
                "fail",
                severity="medium",
                observed={"properties.adminUserEnabled": True},
                context=[
                    f"used by workspace ws-a ({ws_a['id']})",
                    f"used by workspace ws-b ({ws_b['id']})",
                ],
            )
        ],
    ),
    case(
        "admin user off passes, including absent (registry default false)",
        [
            acrok := container_registry("acrok", {"adminUserEnabled": False}),
            acrdefault := container_registry(
                "acrdefault", {"loginServer": "acrdefault.azurecr.io"}
            ),
            workspace("ws-c", {"containerRegistry": acrok["id"]}),
            workspace("ws-d", {"containerRegistry": acrdefault["id"]}),
        ],
        expect=[
            expect(acrok, "pass"),
            expect(
                acrdefault,
                "pass",
                observed={"properties.adminUserEnabled": "absent (default: false)"},
            ),
        ],
    ),
    case(
        "registries no workspace names, and workspaces naming none, give no result",
        [container_registry("acrunused", {"adminUserEnabled": True}), workspace("ws-noacr")],
        expect=[],
    ),
    case(
        "a workspace naming a registry that does not exist fails",
        [
            ws_gone := workspace(
                "ws-gone", {"containerRegistry": container_registry("acrgone")["id"]}
            )
        ],
        missing=[container_registry("acrgone")["id"]],
        expect=[expect(ws_gone, "fail")],
    ),
    case(
        "a workspace whose registry is unreadable or not collected is not assessed",
        [
            ws_locked := workspace(
                "ws-locked",
                {
                    "containerRegistry": container_registry(
                        "acrlocked", subscription=guid(3), resource_group="shared"
                    )["id"]
                },
            ),
            ws_unknown := workspace(
                "ws-unknown",
                {
                    "containerRegistry": container_registry(
                        "acrelsewhere", subscription=guid(9), resource_group="x"
                    )["id"]
                },
            ),
        ],
        gaps=[
            gap(
                resource_group_scope("shared", subscription=guid(3)),
                message="The client does not have authorization to perform action",
            )
        ],
        expect=[
            expect(ws_locked, "not_assessed"),
            expect(ws_unknown, "not_assessed"),
            expect(resource_group_scope("shared", subscription=guid(3)), "not_assessed"),
        ],
    ),
    case(
        "an adminUserEnabled that is not a boolean (an unresolved template expression) is not assessed, never pass",
        [
            crodd := container_registry(
                "crodd", {"adminUserEnabled": "[parameters('admin')]"}, sku=None
            ),
            workspace("ws-odd", {"containerRegistry": crodd["id"]}),
        ],
        expect=[expect(crodd, "not_assessed")],
    ),
]
