"""Cases of AML205: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import (
    ONLINE_DEPLOYMENTS,
    case,
    expect,
    gap,
    online_deployment,
    online_endpoint,
)

RULE = "AML205"

CASES = [
    case(
        "public egress fails, including absent (default Enabled)",
        [
            blue := online_deployment(
                "blue", {"endpointComputeType": "Managed", "instanceType": "Standard_DS3_v2"}
            ),
            green := online_deployment(
                "green", {"endpointComputeType": "managed", "egressPublicNetworkAccess": "Enabled"}
            ),
        ],
        expect=[
            expect(
                blue,
                "fail",
                severity="medium",
                observed={"properties.egressPublicNetworkAccess": "absent (default: Enabled)"},
            ),
            expect(green, "fail"),
        ],
    ),
    case(
        "egress disabled passes; Kubernetes deployments give no result",
        [
            red := online_deployment(
                "red", {"endpointComputeType": "Managed", "egressPublicNetworkAccess": "disabled"}
            ),
            online_deployment(
                "k8s", {"endpointComputeType": "Kubernetes", "egressPublicNetworkAccess": "Enabled"}
            ),
        ],
        expect=[expect(red, "pass")],
    ),
    case(
        "a deployment without endpointComputeType is not assessed",
        [unknown := online_deployment("unknown", {"egressPublicNetworkAccess": "Disabled"})],
        expect=[expect(unknown, "not_assessed")],
    ),
    case(
        "unreadable deployments are not assessed",
        [],
        gaps=[
            gap(
                online_endpoint("ep"),
                ONLINE_DEPLOYMENTS,
                message="The client does not have authorization to perform action",
            )
        ],
        expect=[expect(online_endpoint("ep"), "not_assessed")],
    ),
    case(
        "the 2022 preview field privateNetworkConnection, when egressPublicNetworkAccess is not set: True passes, False fails",
        [
            private_old := online_deployment(
                "private-old",
                {"endpointComputeType": "Managed", "privateNetworkConnection": "True"},
            ),
            public_old := online_deployment(
                "public-old", {"endpointComputeType": "Managed", "privateNetworkConnection": False}
            ),
            odd_old := online_deployment(
                "odd-old", {"endpointComputeType": "Managed", "privateNetworkConnection": "Maybe"}
            ),
        ],
        expect=[
            expect(private_old, "pass", observed={"properties.privateNetworkConnection": "True"}),
            expect(public_old, "fail"),
            expect(odd_old, "not_assessed"),
        ],
    ),
]
