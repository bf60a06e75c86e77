"""Logging and monitoring rules (AML5xx): resources that fail and pass them. Diagnostic settings
are extension resources on their target.

AML501 workspace sends no resource logs anywhere:
  fail  mlw-contoso-prod (its only setting sends metrics)
  pass  hub-contoso-prod (allLogs to Log Analytics)
AML502 online endpoint does not log its traffic:
  fail  ep-key-auth (console log only)
  pass  ep-entra-auth (AmlOnlineEndpointTrafficLog to Log Analytics)
AML503 managed deployment without Application Insights:
  fail  ep-key-auth/deployments/blue (identity module; appInsightsEnabled false)
  pass  ep-entra-auth/deployments/green (data module; appInsightsEnabled true)
AML504 key vault does not log AuditEvent:
  fail  kv-contoso-ml-prod (AuditEvent disabled)
  pass  kv-contoso-cmk (audit category group to Log Analytics)
"""

from __future__ import annotations

from typing import Any

from auditor.simulator import shapes
from auditor.simulator.demo.base import DemoContext


def _setting(target: str, name: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"{target}/providers/{shapes.DIAGNOSTIC_SETTINGS}/{name}",
        "type": shapes.DIAGNOSTIC_SETTINGS,
        "name": name,
        "properties": properties,
    }


def _logs(log_analytics: str, *logs: dict[str, Any]) -> dict[str, Any]:
    properties = shapes.diagnostic_settings_properties(log_analytics)
    properties["logs"] = [
        {**entry, "retentionPolicy": {"enabled": False, "days": 0}} for entry in logs
    ]
    return properties


def resources(ctx: DemoContext) -> list[dict[str, Any]]:
    law = ctx.log_analytics
    endpoints = f"{ctx.workspace}/onlineEndpoints"
    return [
        *defender_resources(ctx),
        _setting(ctx.workspace, "metrics-only", _logs(law)),
        _setting(ctx.hub, "to-law", shapes.diagnostic_settings_properties(law)),
        _setting(
            f"{endpoints}/ep-key-auth",
            "console",
            _logs(law, {"category": "AmlOnlineEndpointConsoleLog", "enabled": True}),
        ),
        _setting(
            f"{endpoints}/ep-entra-auth",
            "traffic",
            _logs(law, {"category": "AmlOnlineEndpointTrafficLog", "enabled": True}),
        ),
        _setting(
            ctx.workspace_vault,
            "audit-off",
            _logs(law, {"category": "AuditEvent", "enabled": False}),
        ),
        _setting(ctx.cmk_vault, "audit", _logs(law, {"categoryGroup": "audit", "enabled": True})),
    ]


# --- Defender gaps (AML506-AML509) --------------------------------------------------------------
# AML506 AI account sends no logs:
#   fail  ais-contoso-prod (base; its one setting has every log disabled)
#   pass  oai-contoso-private (network.py; allLogs to Log Analytics)
# AML507 workspace serving online endpoints without Application Insights:
#   fail  mlw-contoso-prod (base; endpoints, no applicationInsights)
#   pass  dev/mlw-contoso-dev-isolated (network.py; appi-contoso-dev)
# AML508 Defender for AI services off:   fail contoso-ml-dev (Free; ais-contoso-dev)
#                                         pass contoso-ml-prod
# AML509 Defender for Key Vault off:     fail contoso-ml-prod (Free)   pass contoso-ml-dev


def defender_resources(ctx: DemoContext) -> list[dict[str, Any]]:
    ai_logs_off = shapes.diagnostic_settings_properties(ctx.log_analytics, logs_enabled=False)
    return [
        _setting(ctx.ai_services, "metrics-only", ai_logs_off),
        # Defender for AI services matters where AI accounts are: dev gets one.
        shapes.cognitive_account(
            ctx.dev,
            ctx.dev_group,
            "ais-contoso-dev",
            properties={"disableLocalAuth": True, "publicNetworkAccess": "Disabled"},
        ),
        shapes.pricing(ctx.prod, "AI", "Standard"),
        shapes.pricing(ctx.prod, "KeyVaults", "Free"),
        shapes.pricing(ctx.dev, "AI", "Free"),
        shapes.pricing(ctx.dev, "KeyVaults", "Standard"),
    ]
