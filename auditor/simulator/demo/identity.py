"""Identity and authentication rules (AML1xx): resources that fail and pass them.

AML101 endpoint accepts shared keys:
  fail  prod workspace / onlineEndpoints/ep-key-auth (authMode Key)
  pass  prod workspace / onlineEndpoints/ep-entra-auth (authMode AADToken)
  pass  prod workspace / batchEndpoints/batch-scoring (authMode AADToken)
"""

from __future__ import annotations

from typing import Any

from auditor.simulator import shapes
from auditor.simulator.demo.base import DemoContext


def resources(ctx: DemoContext) -> list[dict[str, Any]]:
    key_endpoint = shapes.online_endpoint(ctx.workspace, "ep-key-auth", auth_mode="Key")
    entra_endpoint = shapes.online_endpoint(ctx.workspace, "ep-entra-auth", auth_mode="AADToken")
    return [
        key_endpoint,
        shapes.online_deployment(key_endpoint["id"], "blue"),
        entra_endpoint,
        shapes.online_deployment(entra_endpoint["id"], "blue"),
        shapes.batch_endpoint(ctx.workspace, "batch-scoring", auth_mode="AADToken"),
    ]
