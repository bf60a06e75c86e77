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
        *content_filter_resources(ctx),
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
        ),
    ]


# AML602 model deployment without a blocking content filter:
#   fail  ais-contoso-prod/deployments/gpt-4o-lax (content filter lax-filter blocks nothing)
#   pass  ais-contoso-prod/deployments/gpt-4o (Microsoft.DefaultV2, built in)
#   pass  ais-contoso-prod/deployments/gpt-4o-strict (strict-filter blocks all four categories)


def content_filter_resources(ctx: DemoContext) -> list[dict[str, Any]]:
    return [
        shapes.rai_policy(
            ctx.ai_services, "lax-filter", filters=shapes.content_filters(blocking=False)
        ),
        shapes.rai_policy(ctx.ai_services, "strict-filter"),
        shapes.ai_deployment(ctx.ai_services, "gpt-4o"),
        shapes.ai_deployment(ctx.ai_services, "gpt-4o-lax", rai_policy="lax-filter"),
        shapes.ai_deployment(ctx.ai_services, "gpt-4o-strict", rai_policy="strict-filter"),
    ]
