"""Cases of AML104: resources built from shapes, and the results the rule must give."""

# Case names and literal values stay as written, however long.
# ruff: noqa: E501

from tests.rules.shapes import COMPUTES, case, compute, expect, gap, workspace

RULE = "AML104"

CASES = [
    case(
        "local auth allowed fails, including absent (no default: allowed) and any case",
        [
            ci_local := compute(
                "ci-local",
                {
                    "computeType": "ComputeInstance",
                    "disableLocalAuth": False,
                    "properties": {"vmSize": "STANDARD_DS3_V2"},
                },
            ),
            cluster_default := compute(
                "cluster-default",
                {"computeType": "AmlCompute", "properties": {"vmSize": "STANDARD_DS3_V2"}},
            ),
            cluster_lower := compute(
                "cluster-lower",
                {
                    "computeType": "amlcompute",
                    "disableLocalAuth": False,
                    "properties": {"vmSize": "STANDARD_DS3_V2"},
                },
            ),
        ],
        expect=[
            expect(ci_local, "fail", severity="medium"),
            expect(
                cluster_default,
                "fail",
                observed={
                    "properties.disableLocalAuth": "absent (default: false, local authentication allowed)"
                },
            ),
            expect(cluster_lower, "fail"),
        ],
    ),
    case(
        "disableLocalAuth true passes",
        [
            ci_entra := compute(
                "ci-entra",
                {
                    "computeType": "ComputeInstance",
                    "disableLocalAuth": True,
                    "properties": {"vmSize": "STANDARD_DS3_V2"},
                },
            ),
            cluster_entra := compute(
                "cluster-entra",
                {
                    "computeType": "AmlCompute",
                    "disableLocalAuth": "true",
                    "properties": {"vmSize": "STANDARD_DS3_V2"},
                },
            ),
        ],
        expect=[expect(ci_entra, "pass"), expect(cluster_entra, "pass")],
    ),
    case(
        "attached computes give no result",
        [
            compute(
                "aks",
                {
                    "computeType": "AKS",
                    "disableLocalAuth": False,
                    "isAttachedCompute": True,
                    "properties": {"agentCount": 3},
                },
            ),
            compute("arc", {"computeType": "Kubernetes", "properties": {"namespace": "default"}}),
            compute(
                "dsvm",
                {
                    "computeType": "VirtualMachine",
                    "properties": {"virtualMachineSize": "Standard_D4s_v3"},
                },
            ),
        ],
        expect=[],
    ),
    case(
        "a compute without computeType is not assessed",
        [mystery := compute("mystery", {"properties": {"vmSize": "STANDARD_DS3_V2"}})],
        expect=[expect(mystery, "not_assessed")],
    ),
    case(
        "unreadable computes are not assessed",
        [],
        gaps=[
            gap(workspace("ws"), COMPUTES, status=429, code="TooManyRequests", message="throttled")
        ],
        expect=[expect(workspace("ws"), "not_assessed")],
    ),
]
