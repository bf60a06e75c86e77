"""Data protection rules (AML3xx): resources that fail and pass them.

AML301 workspace not encrypted with a customer-managed key:
  fail  mlw-contoso-prod (base; encryption Disabled)
  pass  hub-contoso-prod (base; CMK from kv-contoso-cmk)
  pass  proj-contoso-fraud (base; a Project inherits its hub's CMK)
AML302 key vault can be purged:
  fail  kv-contoso-ml-prod (base; enablePurgeProtection absent)
  fail  kv-contoso-nopurge (enablePurgeProtection false)
  pass  kv-contoso-cmk (base; purge protection on)
AML303 key vault has soft delete turned off:
  fail  kv-contoso-legacy (enableSoftDelete false: a vault from before enforcement)
  pass  kv-contoso-cmk (base)
AML304 key vault uses legacy access policies:
  fail  kv-contoso-legacy (enableRbacAuthorization false)
  pass  kv-contoso-cmk (base; RBAC)
AML305 key without an expiry date:
  fail  kv-contoso-cmk/workspace-cmk (base)
  fail  kv-contoso-legacy/legacy-cmk (expired on 2025-01-01)
  pass  kv-contoso-cmk/signing-key (expires, rotates)
AML306 key that does not rotate automatically:
  fail  kv-contoso-legacy/legacy-cmk (no rotation policy)
  pass  kv-contoso-cmk/workspace-cmk (base; rotates after 90 days)
  pass  kv-contoso-cmk/signing-key
AML307 secret without an expiry date:
  fail  kv-contoso-ml-prod/openai-api-key
  pass  kv-contoso-ml-prod/storage-connection (base)
AML308 CMK vault missing or unprotected:
  fail  mlw-contoso-legacy-cmk (CMK vault kv-contoso-legacy: no soft delete, no purge protection)
  pass  hub-contoso-prod (base)
AML309 CMK key missing, disabled or expiring:
  fail  mlw-contoso-legacy-cmk (legacy-cmk expired on 2025-01-01: critical)
  pass  hub-contoso-prod (base)
AML311 literal secret in a deployment's environment variables:
  fail  mlw-contoso-prod/ep-entra-auth/deployments/green (OPENAI_API_KEY holds a literal)
  pass  mlw-contoso-prod/ep-entra-auth/deployments/blue (identity module; no variables)
AML312 secret-storing connection shared with all users:
  fail  mlw-contoso-prod/blob-sas-shared
  pass  mlw-contoso-prod/ais-api-key (identity module; not shared)
AML313 secret-storing connection without an expiry time:
  fail  mlw-contoso-prod/ais-api-key (identity module)
  pass  mlw-contoso-prod/blob-sas-shared (expiryTime set)
AML314 AI Services account with Microsoft-managed keys:
  fail  ais-contoso-prod (base)
  pass  oai-contoso-cmk (keySource Microsoft.KeyVault)
"""

from __future__ import annotations

from typing import Any

from auditor.simulator import shapes
from auditor.simulator.demo.base import DemoContext

EXPIRED = 1735689600  # 2025-01-01T00:00:00Z


def resources(ctx: DemoContext) -> list[dict[str, Any]]:
    legacy_vault = shapes.vault(
        ctx.prod,
        ctx.shared_group,
        "kv-contoso-legacy",
        properties={
            "enableSoftDelete": False,
            "enableRbacAuthorization": False,
            "accessPolicies": [
                {
                    "tenantId": shapes.TENANT_ID,
                    "objectId": shapes.PRINCIPAL_ID,
                    "permissions": {"keys": ["get", "wrapKey", "unwrapKey"], "secrets": ["all"]},
                }
            ],
        },
    )
    legacy_key = shapes.key(legacy_vault["id"], "legacy-cmk", expires=EXPIRED)
    legacy_workspace = shapes.workspace(
        ctx.prod,
        ctx.prod_group,
        "mlw-contoso-legacy-cmk",
        storage_account=ctx.storage,
        key_vault=ctx.workspace_vault,
        properties={
            "encryption": shapes.cmk_encryption(
                legacy_vault["id"], legacy_key["properties"]["keyUriWithVersion"]
            )
        },
    )
    endpoint = f"{ctx.workspace}/onlineEndpoints/ep-entra-auth"
    return [
        *public_blob_resources(ctx),
        shapes.vault(
            ctx.prod,
            ctx.shared_group,
            "kv-contoso-nopurge",
            properties={"enablePurgeProtection": False, "enableSoftDelete": True},
        ),
        legacy_vault,
        legacy_key,
        shapes.key(
            ctx.cmk_vault,
            "signing-key",
            expires=shapes.FAR_EXPIRY,
            rotation_policy=shapes.rotation_policy(),
        ),
        legacy_workspace,
        shapes.secret(ctx.workspace_vault, "openai-api-key"),
        shapes.online_deployment(
            endpoint,
            "green",
            properties={
                "appInsightsEnabled": True,
                "environmentVariables": {
                    # A made-up literal: the name marks it as a secret, which is enough.
                    "OPENAI_API_KEY": "demo-literal-value-not-a-real-key",
                    "OPENAI_ENDPOINT": "https://oai-contoso-entra.openai.azure.com/",
                    "STORAGE_KEY": "${{azureml://connections/blob-sas-shared/credentials/sas}}",
                },
            },
        ),
        shapes.connection(
            ctx.workspace,
            "blob-sas-shared",
            auth_type="SAS",
            target="https://stcontosomlprod.blob.core.windows.net/training",
            properties={"isSharedToAll": True, "expiryTime": shapes.FAR_EXPIRY_TIME},
        ),
        shapes.cognitive_account(
            ctx.prod,
            ctx.shared_group,
            "oai-contoso-cmk",
            kind="OpenAI",
            properties={
                "disableLocalAuth": True,
                "publicNetworkAccess": "Disabled",
                "encryption": {
                    "keySource": "Microsoft.KeyVault",
                    "keyVaultProperties": {
                        "keyName": "workspace-cmk",
                        "keyVaultUri": "https://kv-contoso-cmk.vault.azure.net/",
                    },
                },
            },
        ),
    ]


# AML316 workspace storage allows anonymous blob access:
#   fail  dev/stcontosodevblob (allowBlobPublicAccess true), used by dev/mlw-contoso-dev-blob
#   pass  stcontosomlprod (base; false)


def public_blob_resources(ctx: DemoContext) -> list[dict[str, Any]]:
    storage = shapes.storage_account(
        ctx.dev, ctx.dev_group, "stcontosodevblob", properties={"allowBlobPublicAccess": True}
    )
    return [
        storage,
        shapes.workspace(
            ctx.dev,
            ctx.dev_group,
            "mlw-contoso-dev-blob",
            storage_account=storage["id"],
            key_vault=ctx.dev_vault,
        ),
    ]
