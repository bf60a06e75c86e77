"""Cases of AML208: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import (
    WORKSPACES,
    case,
    compute,
    expect,
    gap,
    guid,
    hub,
    project,
    resource_id,
    subscription_scope,
    workspace,
)

RULE = "AML208"

CASES = [
    case(
        "no subnet and no managed network fails, including absent isolationMode (default Disabled) and empty subnet ids",
        [
            plain := workspace("plain"),
            disabled := workspace("disabled", {"managedNetwork": {"isolationMode": "Disabled"}}),
            cluster := compute(
                "cluster",
                {"computeType": "AmlCompute", "properties": {"vmSize": "STANDARD_DS3_V2"}},
                workspace=plain,
            ),
            ci := compute(
                "ci",
                {
                    "computeType": "ComputeInstance",
                    "properties": {"vmSize": "STANDARD_DS3_V2", "subnet": {"id": ""}},
                },
                workspace=plain,
            ),
            cluster_cmp := compute(
                "cluster", {"computeType": "AmlCompute", "properties": {}}, workspace=disabled
            ),
        ],
        expect=[
            expect(
                cluster,
                "fail",
                severity="medium",
                observed={
                    "properties.properties.subnet.id": "absent (default: none)",
                    f"workspace {plain['id']}: properties.managedNetwork.isolationMode": "absent (default: Disabled)",
                },
            ),
            expect(ci, "fail"),
            expect(cluster_cmp, "fail"),
        ],
    ),
    case(
        "a subnet passes without looking at the workspace",
        [
            cluster_vnet := compute(
                "cluster-vnet",
                {
                    "computeType": "AmlCompute",
                    "properties": {
                        "subnet": {
                            "id": resource_id(
                                "Microsoft.Network/virtualNetworks/subnets", "vnet", "training"
                            )
                        }
                    },
                },
                workspace="plain",
            )
        ],
        expect=[expect(cluster_vnet, "pass")],
    ),
    case(
        "a compute in a managed network passes: its workspace's, or for a project its hub's",
        [
            managed := workspace(
                "managed", {"managedNetwork": {"isolationMode": "AllowInternetOutbound"}}
            ),
            approved := workspace(
                "approved", {"managedNetwork": {"isolationMode": "allowonlyapprovedoutbound"}}
            ),
            hub_ws := hub(
                "hub", {"managedNetwork": {"isolationMode": "AllowOnlyApprovedOutbound"}}
            ),
            proj := project("proj", hub=hub_ws),
            cluster := compute(
                "cluster", {"computeType": "AmlCompute", "properties": {}}, workspace=managed
            ),
            ci := compute(
                "ci", {"computeType": "ComputeInstance", "properties": {}}, workspace=approved
            ),
            ci_cmp := compute(
                "ci", {"computeType": "ComputeInstance", "properties": {}}, workspace=proj
            ),
        ],
        expect=[expect(cluster, "pass"), expect(ci, "pass"), expect(ci_cmp, "pass")],
    ),
    case(
        "a compute whose workspace (or project's hub) is unknown or unreadable is not assessed; attached computes give nothing",
        [
            cluster := compute(
                "cluster", {"computeType": "AmlCompute", "properties": {}}, workspace="gone"
            ),
            cluster_cmp := compute(
                "cluster", {"computeType": "AmlCompute", "properties": {}}, workspace="locked"
            ),
            proj_locked_hub := project(
                "proj-locked-hub", hub=workspace("hub", subscription=guid(3), resource_group="hubs")
            ),
            ci := compute(
                "ci",
                {"computeType": "ComputeInstance", "properties": {}},
                workspace=proj_locked_hub,
            ),
            compute("aks", {"computeType": "Kubernetes", "properties": {}}, workspace="plain"),
        ],
        gaps=[
            gap(
                workspace("locked"),
                WORKSPACES,
                message="The client does not have authorization to perform action",
            ),
            gap(
                subscription_scope(guid(3)),
                message="The client does not have authorization to perform action",
            ),
        ],
        expect=[
            expect(cluster, "not_assessed"),
            expect(cluster_cmp, "not_assessed"),
            expect(ci, "not_assessed"),
            expect(workspace("locked"), "not_assessed"),
            expect(subscription_scope(guid(3)), "not_assessed"),
        ],
    ),
]
