"""Cases of AML201: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import (
    WORKSPACES,
    case,
    expect,
    gap,
    list_entry,
    private_link,
    subscription_scope,
    workspace,
)

RULE = "AML201"

CASES = [
    case(
        "enabled, absent and re-opened behind vnet fail",
        [
            open_ws := workspace("open", {"publicNetworkAccess": "Enabled"}),
            unset := workspace("unset"),
            reopened := workspace(
                "reopened",
                {"publicNetworkAccess": "Disabled", "allowPublicAccessWhenBehindVnet": True},
            ),
            lower := workspace("lower", {"publicnetworkaccess": "enabled"}),
        ],
        expect=[
            expect(open_ws, "fail", severity="high"),
            expect(unset, "fail"),
            expect(reopened, "fail"),
            expect(lower, "fail"),
        ],
    ),
    case(
        "disabled passes",
        [
            closed := workspace("closed", {"publicNetworkAccess": "Disabled"}),
            closed2 := workspace(
                "closed2",
                {"publicNetworkAccess": "disabled", "allowPublicAccessWhenBehindVnet": False},
            ),
        ],
        expect=[expect(closed, "pass"), expect(closed2, "pass")],
    ),
    case(
        "unreadable workspaces are not assessed",
        [],
        gaps=[gap(subscription_scope(), WORKSPACES)],
        expect=[expect(subscription_scope(), "not_assessed")],
    ),
    case(
        "an unknown publicNetworkAccess value is not assessed, never pass; disabled passes in any case",
        [
            ws_unknown := workspace("ws-unknown", {"publicNetworkAccess": "SecuredByPerimeter"}),
            ws_lower := workspace("ws-lower", {"publicNetworkAccess": "disabled"}),
        ],
        expect=[expect(ws_unknown, "not_assessed"), expect(ws_lower, "pass")],
    ),
    case(
        "a workspace from the /resources list (no properties collected) is not assessed, never failed on the default",
        [ws_listed := list_entry(workspace("ws-listed"))],
        expect=[expect(ws_listed, "not_assessed")],
    ),
    case(
        "a 2021 workspace (no publicNetworkAccess) with allowPublicAccessWhenBehindVnet false and an approved private endpoint is not public",
        [
            ws_2021 := workspace(
                "ws-2021",
                {
                    "allowPublicAccessWhenBehindVnet": False,
                    "privateEndpointConnections": [
                        private_link("pe-2021", "Approved", parent=workspace("ws-2021"))
                    ],
                },
            ),
            ws_2021_pending := workspace(
                "ws-2021-pending",
                {
                    "allowPublicAccessWhenBehindVnet": False,
                    "privateEndpointConnections": [
                        private_link("pe-pending", "Pending", parent=workspace("ws-2021-pending"))
                    ],
                },
            ),
            ws_2021_unread := workspace(
                "ws-2021-unread", {"allowPublicAccessWhenBehindVnet": False}
            ),
        ],
        gaps=[
            gap(
                workspace("ws-2021-unread"),
                "Microsoft.MachineLearningServices/workspaces/privateEndpointConnections",
            )
        ],
        expect=[
            expect(ws_2021, "pass"),
            expect(ws_2021_pending, "fail"),
            expect(ws_2021_unread, "not_assessed"),
        ],
    ),
    case(
        "a disabled workspace whose allowPublicAccessWhenBehindVnet is null or not a boolean is not assessed: it may be re-opened",
        [
            vnet_null := workspace(
                "vnet-null",
                {"publicNetworkAccess": "Disabled", "allowPublicAccessWhenBehindVnet": None},
            ),
            vnet_junk := workspace(
                "vnet-junk",
                {"publicNetworkAccess": "Disabled", "allowPublicAccessWhenBehindVnet": "yes"},
            ),
        ],
        expect=[
            expect(
                vnet_null,
                "not_assessed",
                message="Workspace 'vnet-null' disables public network access, but allowPublicAccessWhenBehindVnet is null (never set), so whether public access is re-opened behind its virtual network is unknown",
            ),
            expect(
                vnet_junk,
                "not_assessed",
                message="Workspace 'vnet-junk' disables public network access, but allowPublicAccessWhenBehindVnet 'yes' is not a boolean, so whether public access is re-opened behind its virtual network is unknown",
            ),
        ],
    ),
]
