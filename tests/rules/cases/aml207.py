"""Cases of AML207: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import COMPUTES, case, compute, expect, gap, resource_id, workspace

RULE = "AML207"

CASES = [
    case(
        "sshPublicAccess Enabled fails on a compute instance, even in a subnet",
        [
            ci_ssh := compute(
                "ci-ssh",
                {
                    "computeType": "ComputeInstance",
                    "properties": {
                        "sshSettings": {
                            "sshPublicAccess": "Enabled",
                            "adminUserName": "azureuser",
                            "sshPort": 50000,
                        },
                        "subnet": {
                            "id": resource_id(
                                "Microsoft.Network/virtualNetworks/subnets", "vnet", "training"
                            )
                        },
                    },
                },
            ),
            ci_ssh_lower := compute(
                "ci-ssh-lower",
                {
                    "computeType": "ComputeInstance",
                    "properties": {"sshSettings": {"sshPublicAccess": "enabled"}},
                },
            ),
        ],
        expect=[expect(ci_ssh, "fail", severity="high"), expect(ci_ssh_lower, "fail")],
    ),
    case(
        "a compute instance with SSH disabled or absent (default Disabled) passes",
        [
            ci_nossh := compute(
                "ci-nossh",
                {
                    "computeType": "ComputeInstance",
                    "properties": {"sshSettings": {"sshPublicAccess": "Disabled"}},
                },
            ),
            ci_default := compute(
                "ci-default",
                {"computeType": "ComputeInstance", "properties": {"vmSize": "STANDARD_DS3_V2"}},
            ),
        ],
        expect=[
            expect(ci_nossh, "pass"),
            expect(
                ci_default,
                "pass",
                observed={
                    "properties.properties.sshSettings.sshPublicAccess": "absent (default: Disabled)"
                },
            ),
        ],
    ),
    case(
        "a cluster with Enabled, or NotSpecified/absent without a subnet, fails",
        [
            cluster_ssh := compute(
                "cluster-ssh",
                {
                    "computeType": "AmlCompute",
                    "properties": {
                        "remoteLoginPortPublicAccess": "Enabled",
                        "subnet": {
                            "id": resource_id(
                                "Microsoft.Network/virtualNetworks/subnets", "vnet", "training"
                            )
                        },
                    },
                },
            ),
            cluster_notspecified := compute(
                "cluster-notspecified",
                {
                    "computeType": "AmlCompute",
                    "properties": {"remoteLoginPortPublicAccess": "NotSpecified"},
                },
            ),
            cluster_default := compute(
                "cluster-default",
                {"computeType": "AmlCompute", "properties": {"vmSize": "STANDARD_DS3_V2"}},
            ),
        ],
        expect=[
            expect(cluster_ssh, "fail"),
            expect(cluster_notspecified, "fail"),
            expect(
                cluster_default,
                "fail",
                observed={
                    "properties.properties.remoteLoginPortPublicAccess": "absent (default: NotSpecified)",
                    "properties.properties.subnet.id": "absent (default: none)",
                },
            ),
        ],
    ),
    case(
        "a cluster with NotSpecified/absent in a subnet, or Disabled, passes",
        [
            cluster_notspecified_vnet := compute(
                "cluster-notspecified-vnet",
                {
                    "computeType": "AmlCompute",
                    "properties": {
                        "remoteLoginPortPublicAccess": "notspecified",
                        "subnet": {
                            "id": resource_id(
                                "Microsoft.Network/virtualNetworks/subnets", "vnet", "training"
                            )
                        },
                    },
                },
            ),
            cluster_default_vnet := compute(
                "cluster-default-vnet",
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
            ),
            cluster_closed := compute(
                "cluster-closed",
                {
                    "computeType": "AmlCompute",
                    "properties": {"remoteLoginPortPublicAccess": "Disabled"},
                },
            ),
        ],
        expect=[
            expect(cluster_notspecified_vnet, "pass"),
            expect(
                cluster_default_vnet,
                "pass",
                observed={
                    "properties.properties.remoteLoginPortPublicAccess": "absent (default: NotSpecified)"
                },
            ),
            expect(cluster_closed, "pass"),
        ],
    ),
    case(
        "attached computes give no result",
        [
            compute(
                "dsvm",
                {
                    "computeType": "VirtualMachine",
                    "properties": {"sshPort": 22, "address": "10.0.0.4"},
                },
            )
        ],
        expect=[],
    ),
    case(
        "an unknown value is not assessed",
        [
            cluster_odd := compute(
                "cluster-odd",
                {
                    "computeType": "AmlCompute",
                    "properties": {"remoteLoginPortPublicAccess": "Sometimes"},
                },
            )
        ],
        expect=[expect(cluster_odd, "not_assessed")],
    ),
    case(
        "unreadable computes are not assessed",
        [],
        gaps=[
            gap(
                workspace("ws"),
                COMPUTES,
                message="The client does not have authorization to perform action",
            )
        ],
        expect=[expect(workspace("ws"), "not_assessed")],
    ),
    case(
        "an explicit null sshPublicAccess on a compute instance is not assessed, never passed as the default",
        [
            ci_null := compute(
                "ci-null",
                {
                    "computeType": "ComputeInstance",
                    "properties": {"sshSettings": {"sshPublicAccess": None}},
                },
            )
        ],
        expect=[expect(ci_null, "not_assessed")],
    ),
    case(
        "SSH settings that are not objects are not assessed, never read as absent (closed)",
        [
            ci_ssh_text := compute(
                "ci-ssh-text",
                {"computeType": "ComputeInstance", "properties": {"sshSettings": "Disabled"}},
            ),
            ci_props_text := compute(
                "ci-props-text", {"computeType": "ComputeInstance", "properties": "unknown"}
            ),
            cluster_props_list := compute(
                "cluster-props-list", {"computeType": "AmlCompute", "properties": []}
            ),
        ],
        expect=[
            expect(
                ci_ssh_text,
                "not_assessed",
                message="properties.properties.sshSettings is not a JSON object ('Disabled'), so sshPublicAccess of 'ci-ssh-text' cannot be read",
            ),
            expect(
                ci_props_text,
                "not_assessed",
                message="properties.properties is not a JSON object ('unknown'), so sshPublicAccess of 'ci-props-text' cannot be read",
            ),
            expect(
                cluster_props_list,
                "not_assessed",
                message="properties.properties is not a JSON object ([]), so remoteLoginPortPublicAccess of 'cluster-props-list' cannot be read",
            ),
        ],
    ),
    case(
        "a cluster whose subnet is not an object is not assessed when SSH is unspecified; a null remoteLoginPortPublicAccess reads as NotSpecified, and says so",
        [
            cluster_subnet_text := compute(
                "cluster-subnet-text",
                {"computeType": "AmlCompute", "properties": {"subnet": "training"}},
            ),
            cluster_null := compute(
                "cluster-null",
                {
                    "computeType": "AmlCompute",
                    "properties": {
                        "remoteLoginPortPublicAccess": None,
                        "subnet": {
                            "id": resource_id(
                                "Microsoft.Network/virtualNetworks/subnets", "vnet", "training"
                            )
                        },
                    },
                },
            ),
        ],
        expect=[
            expect(
                cluster_subnet_text,
                "not_assessed",
                message="AmlCompute 'cluster-subnet-text' leaves SSH unspecified, which is closed only in a virtual network, but the subnet of 'cluster-subnet-text' ('training') is not an object holding a subnet id, so whether it runs in a virtual network is unknown",
            ),
            expect(
                cluster_null,
                "pass",
                observed={
                    "properties.properties.remoteLoginPortPublicAccess": "null (not set: the default, NotSpecified)",
                    "properties.properties.subnet.id": resource_id(
                        "Microsoft.Network/virtualNetworks/subnets", "vnet", "training"
                    ),
                },
            ),
        ],
    ),
]
