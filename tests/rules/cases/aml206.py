"""Cases of AML206: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import case, compute, expect, resource_id

RULE = "AML206"

CASES = [
    case(
        "enableNodePublicIp true fails on either type",
        [
            ci_public := compute(
                "ci-public",
                {
                    "computeType": "ComputeInstance",
                    "properties": {
                        "vmSize": "STANDARD_DS3_V2",
                        "enableNodePublicIp": True,
                        "subnet": {
                            "id": resource_id(
                                "Microsoft.Network/virtualNetworks/subnets", "vnet", "training"
                            )
                        },
                    },
                },
            ),
            cluster_public := compute(
                "cluster-public",
                {
                    "computeType": "amlcompute",
                    "properties": {"vmSize": "STANDARD_DS3_V2", "enableNodePublicIp": "true"},
                },
            ),
        ],
        expect=[expect(ci_public, "fail", severity="medium"), expect(cluster_public, "fail")],
    ),
    case(
        "absent on AmlCompute fails (API default true), with or without a subnet",
        [
            cluster_nosubnet := compute(
                "cluster-nosubnet",
                {"computeType": "AmlCompute", "properties": {"vmSize": "STANDARD_DS3_V2"}},
            ),
            cluster_subnet := compute(
                "cluster-subnet",
                {
                    "computeType": "AmlCompute",
                    "properties": {
                        "vmSize": "STANDARD_DS3_V2",
                        "subnet": {
                            "id": resource_id(
                                "Microsoft.Network/virtualNetworks/subnets", "vnet", "training"
                            )
                        },
                    },
                },
            ),
            cluster_nullsubnet := compute(
                "cluster-nullsubnet",
                {
                    "computeType": "AmlCompute",
                    "properties": {"vmSize": "STANDARD_DS3_V2", "subnet": None},
                },
            ),
        ],
        expect=[
            expect(
                cluster_nosubnet,
                "fail",
                observed={
                    "properties.properties.enableNodePublicIp": "absent (default: true)",
                    "properties.properties.subnet.id": "absent (default: none)",
                },
            ),
            expect(
                cluster_subnet,
                "fail",
                observed={
                    "properties.properties.subnet.id": resource_id(
                        "Microsoft.Network/virtualNetworks/subnets", "vnet", "training"
                    )
                },
            ),
            expect(cluster_nullsubnet, "fail"),
        ],
    ),
    case(
        "absent on a ComputeInstance fails without a subnet; in a subnet it is judged by the addresses it reports, since no default is documented",
        [
            ci_nosubnet := compute(
                "ci-nosubnet",
                {"computeType": "ComputeInstance", "properties": {"vmSize": "STANDARD_DS3_V2"}},
            ),
            ci_subnet := compute(
                "ci-subnet",
                {
                    "computeType": "ComputeInstance",
                    "properties": {
                        "vmSize": "STANDARD_DS3_V2",
                        "subnet": {
                            "id": resource_id(
                                "Microsoft.Network/virtualNetworks/subnets", "vnet", "training"
                            )
                        },
                    },
                },
            ),
            # The REST spec's ComputeInstance GET example: in a subnet, no enableNodePublicIp,
            # and a public address.
            ci_subnet_public := compute(
                "ci-subnet-public",
                {
                    "computeType": "ComputeInstance",
                    "properties": {
                        "vmSize": "STANDARD_NC6",
                        "connectivityEndpoints": {
                            "privateIpAddress": "10.0.0.1",
                            "publicIpAddress": "10.0.0.1",
                        },
                        "subnet": {"id": "test-subnet-resource-id"},
                    },
                },
            ),
            ci_subnet_private := compute(
                "ci-subnet-private",
                {
                    "computeType": "ComputeInstance",
                    "properties": {
                        "vmSize": "STANDARD_DS3_V2",
                        "connectivityEndpoints": {
                            "privateIpAddress": "10.0.0.4",
                            "publicIpAddress": None,
                        },
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
                ci_nosubnet,
                "fail",
                observed={
                    "properties.properties.enableNodePublicIp": "absent (default: none documented)"
                },
            ),
            expect(
                ci_subnet,
                "not_assessed",
                observed={
                    "properties.properties.subnet.id": resource_id(
                        "Microsoft.Network/virtualNetworks/subnets", "vnet", "training"
                    )
                },
            ),
            expect(
                ci_subnet_public,
                "fail",
                observed={
                    "properties.properties.connectivityEndpoints.publicIpAddress": "10.0.0.1"
                },
            ),
            expect(ci_subnet_private, "pass"),
        ],
    ),
    case(
        "enableNodePublicIp false passes on either type",
        [
            ci_private := compute(
                "ci-private",
                {
                    "computeType": "ComputeInstance",
                    "properties": {"vmSize": "STANDARD_DS3_V2", "enableNodePublicIp": False},
                },
            ),
            cluster_private := compute(
                "cluster-private",
                {
                    "computeType": "AmlCompute",
                    "properties": {
                        "vmSize": "STANDARD_DS3_V2",
                        "enableNodePublicIp": False,
                        "subnet": {
                            "id": resource_id(
                                "Microsoft.Network/virtualNetworks/subnets", "vnet", "training"
                            )
                        },
                    },
                },
            ),
        ],
        expect=[expect(ci_private, "pass"), expect(cluster_private, "pass")],
    ),
    case(
        "attached computes give no result",
        [compute("aks", {"computeType": "AKS", "properties": {"agentCount": 3}})],
        expect=[],
    ),
    case(
        "no computeType or a non-boolean value is not assessed",
        [
            mystery := compute("mystery", {"properties": {"vmSize": "STANDARD_DS3_V2"}}),
            ci_odd := compute(
                "ci-odd",
                {"computeType": "ComputeInstance", "properties": {"enableNodePublicIp": "maybe"}},
            ),
        ],
        expect=[expect(mystery, "not_assessed"), expect(ci_odd, "not_assessed")],
    ),
]
