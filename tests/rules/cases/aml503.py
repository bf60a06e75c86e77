"""Cases of AML503: resources built from shapes, and the results the rule must give."""

from tests.rules.shapes import ONLINE_ENDPOINTS, case, expect, gap, online_deployment, workspace

RULE = "AML503"

CASES = [
    case(
        "a managed deployment without Application Insights fails; absent is the default (off)",
        [
            absent := online_deployment("absent", {"endpointComputeType": "Managed"}),
            off := online_deployment(
                "off", {"endpointComputeType": "managed", "appInsightsEnabled": False}
            ),
        ],
        expect=[expect(absent, "fail", severity="low"), expect(off, "fail")],
    ),
    case(
        "Application Insights on passes",
        [
            on := online_deployment(
                "on", {"endpointComputeType": "Managed", "appInsightsEnabled": True}
            )
        ],
        expect=[expect(on, "pass")],
    ),
    case(
        "Kubernetes deployments give no result",
        [online_deployment("k8s", {"endpointComputeType": "Kubernetes"})],
        expect=[],
    ),
    case(
        "no endpointComputeType, or unreadable deployments, are not assessed",
        [untyped := online_deployment("untyped")],
        gaps=[gap(workspace("ws"), ONLINE_ENDPOINTS)],
        expect=[expect(untyped, "not_assessed"), expect(workspace("ws"), "not_assessed")],
    ),
]
