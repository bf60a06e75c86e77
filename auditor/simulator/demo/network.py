"""Network exposure rules (AML2xx): resources that fail and pass them.

AML201 workspace reachable from the public internet:
  fail  prod workspace mlw-contoso-prod (base; publicNetworkAccess Enabled)
  fail  dev/mlw-contoso-dev-vnet (Disabled, but allowPublicAccessWhenBehindVnet true)
  pass  hub-contoso-prod (base; Disabled)
  pass  dev/mlw-contoso-dev-private (Disabled, not re-opened)
"""

from __future__ import annotations

from typing import Any

from auditor.simulator import shapes
from auditor.simulator.demo.base import DemoContext


def resources(ctx: DemoContext) -> list[dict[str, Any]]:
    dependencies = {"storage_account": ctx.dev_storage, "key_vault": ctx.dev_vault}
    return [
        shapes.workspace(
            ctx.dev,
            ctx.dev_group,
            "mlw-contoso-dev-vnet",
            properties={
                "publicNetworkAccess": "Disabled",
                "allowPublicAccessWhenBehindVnet": True,
            },
            **dependencies,
        ),
        shapes.workspace(
            ctx.dev,
            ctx.dev_group,
            "mlw-contoso-dev-private",
            properties={"publicNetworkAccess": "Disabled"},
            **dependencies,
        ),
    ]
