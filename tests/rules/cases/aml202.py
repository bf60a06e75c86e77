"""Cases of AML202: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import (
    case,
    expect,
    gap,
    hub,
    listed,
    private_endpoint_connection,
    private_link,
    project,
    resource_id,
    workspace,
)

RULE = "AML202"

CASES = [
    case(
        "no approved connection fails: pending or rejected, empty, absent",
        [
            ws_pending := workspace(
                "ws-pending",
                {
                    "privateEndpointConnections": [
                        private_link("pe1", "Pending", parent=workspace("ws-pending")),
                        private_link("pe2", "Rejected", parent=workspace("ws-pending")),
                    ]
                },
            ),
            ws_empty := workspace("ws-empty", {"privateEndpointConnections": []}),
            ws_absent := workspace("ws-absent", {"publicNetworkAccess": "Enabled"}),
        ],
        expect=[
            expect(
                ws_pending,
                "fail",
                severity="medium",
                observed={"properties.privateEndpointConnections": "pe1: Pending, pe2: Rejected"},
            ),
            expect(ws_empty, "fail"),
            expect(ws_absent, "fail", observed={"properties.privateEndpointConnections": "none"}),
        ],
    ),
    case(
        "an approved connection passes, inline (any case) or as a listed child",
        [
            ws_private := workspace(
                "ws-private",
                {
                    "privateEndpointConnections": [
                        private_link("pe1", "Pending", parent=workspace("ws-private")),
                        private_link("pe2", "approved", parent=workspace("ws-private")),
                    ]
                },
            ),
            ws_listed := workspace("ws-listed"),
            private_endpoint_connection(
                "pe-child",
                {
                    "privateEndpoint": {
                        "id": resource_id("Microsoft.Network/privateEndpoints", "pe-child")
                    },
                    "privateLinkServiceConnectionState": {
                        "status": "Approved",
                        "description": "",
                        "actionsRequired": "None",
                    },
                    "provisioningState": "Succeeded",
                },
                parent=ws_listed,
            ),
            ws_listed_none := workspace("ws-listed-none"),
        ],
        listed=[
            listed(
                ws_listed_none,
                "Microsoft.MachineLearningServices/workspaces/privateEndpointConnections",
            )
        ],
        expect=[
            expect(ws_private, "pass"),
            expect(ws_listed, "pass"),
            expect(ws_listed_none, "fail"),
        ],
    ),
    case(
        "a workspace whose connection list is unreadable is not assessed",
        [ws_locked := workspace("ws-locked")],
        gaps=[
            gap(
                ws_locked,
                "Microsoft.MachineLearningServices/workspaces/privateEndpointConnections",
                message="The client does not have authorization to perform action",
            )
        ],
        expect=[expect(ws_locked, "not_assessed")],
    ),
    case(
        "a project is judged by its hub's private endpoints",
        [
            hub_ws := hub(
                "hub",
                {
                    "privateEndpointConnections": [
                        private_link("hub-pe", "Approved", parent=workspace("hub"))
                    ]
                },
            ),
            proj := project("proj", {"hubResourceId": hub_ws["id"].upper()}),
            hub2 := hub("hub2"),
            proj2 := project(
                "proj2",
                {
                    "privateEndpointConnections": [
                        private_link("own", "Approved", parent=workspace("proj2"))
                    ]
                },
                hub=hub2,
            ),
        ],
        expect=[
            expect(hub_ws, "pass"),
            expect(proj, "pass"),
            expect(hub2, "fail"),
            expect(proj2, "fail"),
        ],
    ),
    case(
        "a project whose hub is unknown or unnamed is not assessed",
        [
            proj_orphan := project("proj-orphan", hub="elsewhere"),
            proj_nohub := project("proj-nohub"),
        ],
        expect=[expect(proj_orphan, "not_assessed"), expect(proj_nohub, "not_assessed")],
    ),
    case(
        "kind Lean with a hubResourceId (the early name of a Project) is judged through its hub",
        [
            lean_hub := hub(
                "lean-hub",
                {
                    "privateEndpointConnections": [
                        private_link("pe-hub", "Approved", parent=workspace("lean-hub"))
                    ]
                },
            ),
            lean := workspace("lean-project", {"hubResourceId": lean_hub["id"]}, kind="Lean"),
        ],
        expect=[expect(lean_hub, "pass"), expect(lean, "pass")],
    ),
    case(
        "a workspace that names a hub but has no known kind is not assessed: it may be a project, judged through its hub",
        [
            kindless_hub := hub("kindless-hub"),
            kindless := workspace("kindless", {"hubResourceId": kindless_hub["id"]}, kind=None),
            odd_kind := workspace("odd-kind", {"hubResourceId": kindless_hub["id"]}, kind="Child"),
        ],
        expect=[
            expect(
                kindless,
                "not_assessed",
                message="Workspace 'kindless' names a hub (hubResourceId) but its kind is absent, not one of Default, Hub, Project, FeatureStore, Lean, so whether it is a project, judged through its hub, is unknown",
            ),
            expect(
                odd_kind,
                "not_assessed",
                message="Workspace 'odd-kind' names a hub (hubResourceId) but its kind is 'Child', not one of Default, Hub, Project, FeatureStore, Lean, so whether it is a project, judged through its hub, is unknown",
            ),
            expect(kindless_hub, "fail"),
        ],
    ),
]
