"""The ARM resource types the sources read and sanitize, named once for both."""

from __future__ import annotations

from typing import Any

from auditor.inventory import arm

ML = "Microsoft.MachineLearningServices"
WORKSPACES = f"{ML}/workspaces"
REGISTRIES = f"{ML}/registries"
ONLINE_ENDPOINTS = f"{ML}/workspaces/onlineEndpoints"
ONLINE_DEPLOYMENTS = f"{ML}/workspaces/onlineEndpoints/deployments"
BATCH_ENDPOINTS = f"{ML}/workspaces/batchEndpoints"
BATCH_DEPLOYMENTS = f"{ML}/workspaces/batchEndpoints/deployments"
SERVERLESS_ENDPOINTS = f"{ML}/workspaces/serverlessEndpoints"
COMPUTES = f"{ML}/workspaces/computes"
CONNECTIONS = f"{ML}/workspaces/connections"
VAULTS = "Microsoft.KeyVault/vaults"
KEYS = "Microsoft.KeyVault/vaults/keys"
SECRETS = "Microsoft.KeyVault/vaults/secrets"
COGNITIVE_ACCOUNTS = "Microsoft.CognitiveServices/accounts"
DIAGNOSTIC_SETTINGS = "Microsoft.Insights/diagnosticSettings"
SUBSCRIPTIONS = "Microsoft.Resources/subscriptions"


def is_arm_id(value: Any) -> bool:
    """A string that names an ARM resource (`/subscriptions/.../providers/...`)."""
    return (
        isinstance(value, str)
        and value.strip().lower().startswith("/subscriptions/")
        and arm.type_of(value) is not None
    )
