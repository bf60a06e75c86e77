"""Compute rules (AML4xx): resources that fail and pass them.

AML401 compute instance never shuts down on its own:
  fail  mlw-contoso-prod/ci-always-on (no idle shutdown, no stop schedule)
  pass  mlw-contoso-prod/ci-local-auth (identity module; idle shutdown after 60 minutes)
  pass  mlw-contoso-prod/ci-scheduled (a stop schedule every weekday evening)
AML402 compute instance on an outdated OS image:
  fail  mlw-contoso-prod/ci-always-on (22.06.14, latest 25.05.12)
  pass  mlw-contoso-prod/ci-local-auth (identity module; latest image)

Read but not evaluated (no rule judges attached computes: their settings live in the cluster):
  mlw-contoso-prod/k8s-arc-prod (Kubernetes, an Arc-enabled cluster)
"""

from __future__ import annotations

from typing import Any

from auditor.simulator import shapes
from auditor.simulator.demo.base import DemoContext

ARC_CLUSTERS = "Microsoft.Kubernetes/connectedClusters"


def resources(ctx: DemoContext) -> list[dict[str, Any]]:
    always_on = shapes.compute_instance(
        ctx.workspace,
        "ci-always-on",
        compute_properties={
            "osImageMetadata": {
                "currentImageVersion": "22.06.14",
                "latestImageVersion": "25.05.12",
                "isLatestOsImageVersion": False,
            },
        },
    )
    del always_on["properties"]["properties"]["idleTimeBeforeShutdown"]
    scheduled = shapes.compute_instance(
        ctx.workspace,
        "ci-scheduled",
        compute_properties={
            "schedules": {
                "computeStartStop": [
                    {
                        "action": "Stop",
                        "status": "Enabled",
                        "provisioningStatus": "Completed",
                        "triggerType": "Cron",
                        "cron": {"expression": "0 19 * * 1-5", "timeZone": "UTC"},
                    }
                ]
            }
        },
    )
    del scheduled["properties"]["properties"]["idleTimeBeforeShutdown"]
    arc_cluster = shapes.resource_id(ctx.prod, ctx.prod_group, ARC_CLUSTERS, "arc-contoso-prod")
    return [
        always_on,
        scheduled,
        shapes.kubernetes_compute(ctx.workspace, "k8s-arc-prod", cluster_id=arc_cluster),
    ]
