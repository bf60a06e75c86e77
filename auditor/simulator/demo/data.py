"""Data protection rules (AML3xx): resources that fail and pass them.

AML301 workspace not encrypted with a customer-managed key:
  fail  mlw-contoso-prod (base; encryption Disabled)
  pass  hub-contoso-prod (base; CMK from kv-contoso-cmk)
  pass  proj-contoso-fraud (base; a Project inherits its hub's CMK)
AML302 key vault can be purged:
  fail  kv-contoso-ml-prod (base; enablePurgeProtection absent)
  fail  kv-contoso-nopurge (enablePurgeProtection false)
  pass  kv-contoso-cmk (base; purge protection on)
"""

from __future__ import annotations

from typing import Any

from auditor.simulator import shapes
from auditor.simulator.demo.base import DemoContext


def resources(ctx: DemoContext) -> list[dict[str, Any]]:
    return [
        shapes.vault(
            ctx.prod,
            ctx.shared_group,
            "kv-contoso-nopurge",
            properties={"enablePurgeProtection": False, "enableSoftDelete": True},
        ),
    ]
