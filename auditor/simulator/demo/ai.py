"""AI safety rules (AML6xx): resources that fail and pass them.

AML601 serverless endpoint with content safety turned off:
  fail  mlw-contoso-prod/mistral-unfiltered (contentSafetyStatus Disabled)
  pass  mlw-contoso-prod/llama-key (identity module; Enabled)
"""

from __future__ import annotations

from typing import Any

from auditor.simulator import shapes
from auditor.simulator.demo.base import DemoContext


def resources(ctx: DemoContext) -> list[dict[str, Any]]:
    return [
        shapes.serverless_endpoint(
            ctx.workspace,
            "mistral-unfiltered",
            auth_mode="AAD",  # serverless endpoints know Key, AAD and KeyAndAAD
            properties={
                "contentSafety": {"contentSafetyStatus": "Disabled"},
                "modelSettings": {
                    "modelId": "azureml://registries/azureml-mistral/models/Mistral-Large-2411"
                },
            },
        )
    ]
