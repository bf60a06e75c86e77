"""Cases of AML205: resources built from shapes, and the results the rule must give."""

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
]
