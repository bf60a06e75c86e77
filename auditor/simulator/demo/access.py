"""Key hygiene and who holds the keys (AML114-AML118, AML315, AML505): resources, role assignments,
custom roles and Activity Log events that fail and pass them. Events are dated relative to the
moment the demo is built, so they always lie inside the 90 days a scan reads.

AML114 endpoint key age:
  fail  prod workspace / onlineEndpoints/ep-key-auth (identity module; Key, created 2025, no
        regeneration in the window)
  pass  dev/mlw-contoso-dev / onlineEndpoints/ep-dev-rotated (Key; keys regenerated 12 days ago)
AML115 AI Services account key age (local auth on):
  fail  ais-contoso-prod (base; no regeneration in the window)
  pass  ais-contoso-rotated (key regenerated 20 days ago)
AML116 storage account key age and policy:
  fail  stcontosomlprod (base; keys created 640 days before the demo runs, no key expiration policy)
  pass  stcontosomlrotated (keys 30 days old, keyPolicy 90 days; mlw-contoso-cmk-rbac's storage)
AML117 who can read endpoint keys:
  fail  prod key-auth endpoints (a User assigned Contributor directly, at subscription scope)
  pass  dev ep-dev-rotated (only a group, at the endpoint's scope)
AML118 over-broad custom role:
  fail  custom role "ML Everything (custom)" (Microsoft.MachineLearningServices/*)
  pass  custom role "ML Endpoint Reader (custom)" (onlineEndpoints/read)
AML315 CMK access for the workspace identity:
  fail  hub-contoso-prod (base; RBAC vault kv-contoso-cmk, no role for the workspace's identity)
  pass  mlw-contoso-legacy-cmk (data module; access policy with get, wrapKey, unwrapKey)
  pass  mlw-contoso-cmk-rbac (Key Vault Crypto Service Encryption User on kv-contoso-cmk-rbac)
AML505 keys being read:
  fail  ep-key-auth (listKeys by a user three times, token by a service principal)
  pass  ep-dev-rotated (no key reads in the window)
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from auditor.simulator import shapes
from auditor.simulator.demo.base import DemoContext
from auditor.simulator.shapes import activity_log as events
from auditor.simulator.shapes import authorization as rbac
from auditor.simulator.tenant import Tenant, new_guid

ROTATED_STORAGE = "stcontosomlrotated"
ROTATED_AI = "ais-contoso-rotated"
RBAC_CMK_VAULT = "kv-contoso-cmk-rbac"
RBAC_CMK_WORKSPACE = "mlw-contoso-cmk-rbac"
ROTATED_ENDPOINT = "ep-dev-rotated"
ENDPOINTS = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints"
# Principals (object ids) of the demo's people and applications.
ALICE = new_guid("aml-audit-demo/principal/alice")  # a user with Contributor on all of prod
SCORING_APP = new_guid("aml-audit-demo/principal/scoring-app")
ML_ENGINEERS = new_guid("aml-audit-demo/principal/ml-engineers")  # a group
PLATFORM_TEAM = new_guid("aml-audit-demo/principal/platform-team")  # a group
RBAC_CMK_IDENTITY = new_guid("aml-audit-demo/principal/mlw-contoso-cmk-rbac")
EVERYTHING_ROLE = new_guid("aml-audit-demo/role/ml-everything")
READER_ROLE = new_guid("aml-audit-demo/role/ml-endpoint-reader")


def _arm_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.0000000Z")


def rotated_endpoint_id(ctx: DemoContext) -> str:
    return f"{ctx.dev_workspace}/onlineEndpoints/{ROTATED_ENDPOINT}"


def rotated_ai_id(ctx: DemoContext) -> str:
    return shapes.resource_id(ctx.prod, ctx.shared_group, shapes.COGNITIVE_ACCOUNTS, ROTATED_AI)


# How old the base storage accounts' keys are, counted from the demo's clock: an absolute date
# would make every report of the demo say a different age each day.
OLD_KEYS = timedelta(days=640)


def age_base_keys(tenant: Tenant, ctx: DemoContext, now: datetime) -> None:
    """Every storage account whose keys carry the shapes' fixed creation date (the prod and dev
    accounts, and any a category module adds) gets keys created OLD_KEYS before `now` instead,
    so AML116 fails with an age that reads the same every day."""
    created = _arm_time(now - OLD_KEYS)
    for account in tenant.resources([shapes.STORAGE_ACCOUNTS]):
        times = account.get("properties", {}).get("keyCreationTime")
        if isinstance(times, dict) and set(times.values()) == {shapes.CREATED}:
            account["properties"]["keyCreationTime"] = {"key1": created, "key2": created}


def resources(ctx: DemoContext, now: datetime) -> list[dict[str, Any]]:
    rotated_keys = _arm_time(now - timedelta(days=30))
    storage = shapes.storage_account(
        ctx.prod,
        ctx.shared_group,
        ROTATED_STORAGE,
        properties={
            "keyCreationTime": {"key1": rotated_keys, "key2": rotated_keys},
            "keyPolicy": {"keyExpirationPeriodInDays": 90},
        },
    )
    vault = shapes.vault(
        ctx.prod, ctx.shared_group, RBAC_CMK_VAULT, properties={"enablePurgeProtection": True}
    )
    key = shapes.key(
        vault["id"],
        "workspace-cmk",
        expires=shapes.FAR_EXPIRY,
        rotation_policy=shapes.rotation_policy(),
    )
    workspace = shapes.workspace(
        ctx.prod,
        ctx.prod_group,
        RBAC_CMK_WORKSPACE,
        storage_account=storage["id"],
        key_vault=ctx.workspace_vault,
        container_registry=ctx.container_registry,
        properties={
            "publicNetworkAccess": "Disabled",
            "encryption": shapes.cmk_encryption(
                vault["id"], key["properties"]["keyUriWithVersion"]
            ),
        },
        identity={
            "type": "SystemAssigned",
            "principalId": RBAC_CMK_IDENTITY,
            "tenantId": shapes.TENANT_ID,
        },
    )
    return [
        storage,
        vault,
        key,
        workspace,
        shapes.cognitive_account(ctx.prod, ctx.shared_group, ROTATED_AI),
        shapes.online_endpoint(ctx.dev_workspace, ROTATED_ENDPOINT, auth_mode="Key"),
    ]


def authorization(ctx: DemoContext) -> list[dict[str, Any]]:
    """Role assignments and custom roles (built-in roles come with every subscription)."""
    prod = f"/subscriptions/{ctx.prod}"
    prod_group = ctx.group_id(ctx.prod, ctx.prod_group)
    vault = shapes.resource_id(ctx.prod, ctx.shared_group, shapes.VAULTS, RBAC_CMK_VAULT)
    return [
        rbac.role_assignment(
            prod, new_guid("demo/ra/alice"), ALICE, rbac.CONTRIBUTOR.guid, principal_type="User"
        ),
        rbac.role_assignment(
            rotated_endpoint_id(ctx),
            new_guid("demo/ra/ml-engineers"),
            ML_ENGINEERS,
            rbac.AZUREML_DATA_SCIENTIST.guid,
            principal_type="Group",
        ),
        rbac.role_assignment(
            vault,
            new_guid("demo/ra/cmk-rbac"),
            RBAC_CMK_IDENTITY,
            rbac.KEY_VAULT_CRYPTO_SERVICE_ENCRYPTION_USER.guid,
            principal_type="ServicePrincipal",
        ),
        rbac.custom_role_definition(
            ctx.prod,
            EVERYTHING_ROLE,
            "ML Everything (custom)",
            actions=["Microsoft.MachineLearningServices/*"],
        ),
        rbac.custom_role_definition(
            ctx.prod,
            READER_ROLE,
            "ML Endpoint Reader (custom)",
            actions=[
                "Microsoft.MachineLearningServices/workspaces/read",
                "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/read",
            ],
        ),
        rbac.role_assignment(
            prod_group,
            new_guid("demo/ra/platform-everything"),
            PLATFORM_TEAM,
            EVERYTHING_ROLE,
            principal_type="Group",
        ),
        rbac.role_assignment(
            prod_group,
            new_guid("demo/ra/platform-reader"),
            ML_ENGINEERS,
            READER_ROLE,
            principal_type="Group",
        ),
    ]


def activity_log(ctx: DemoContext, now: datetime) -> list[tuple[str, dict[str, Any]]]:
    """(subscription id, event): regenerations and key reads, with routine writes around them."""
    key_endpoint = f"{ctx.workspace}/onlineEndpoints/ep-key-auth"
    dev_endpoint = rotated_endpoint_id(ctx)
    # An hour more than 12 days: the Succeeded event, 4 s later, is still 12 days old however
    # quickly the scan runs after the tenant is built (reports must not change with speed).
    regenerated = now - timedelta(days=12, hours=1)
    correlation = new_guid("demo/regenerate/ep-dev-rotated")
    found: list[tuple[str, dict[str, Any]]] = [
        # One regeneration: ARM logs it Started, then Succeeded, under one correlation id.
        (
            ctx.dev,
            events.event(
                dev_endpoint,
                f"{ENDPOINTS}/regenerateKeys/action",
                regenerated,
                status="Started",
                correlation_id=correlation,
                caller="platform-team@contoso.com",
            ),
        ),
        (
            ctx.dev,
            events.event(
                dev_endpoint,
                f"{ENDPOINTS}/regenerateKeys/action",
                regenerated + timedelta(seconds=4),
                correlation_id=correlation,
                caller="platform-team@contoso.com",
            ),
        ),
        (
            ctx.prod,
            events.event(
                rotated_ai_id(ctx),
                "Microsoft.CognitiveServices/accounts/regenerateKey/action",
                now - timedelta(days=20),
                caller="platform-team@contoso.com",
            ),
        ),
        (ctx.dev, events.write_event(dev_endpoint, now - timedelta(days=3))),
        (ctx.prod, events.write_event(key_endpoint, now - timedelta(days=40))),
    ]
    for days in (2, 9, 33):
        found.append(
            (
                ctx.prod,
                events.event(
                    key_endpoint,
                    f"{ENDPOINTS}/listKeys/action",
                    now - timedelta(days=days),
                    caller="alice@contoso.com",
                    object_id=ALICE,
                ),
            )
        )
    found.append(
        (
            ctx.prod,
            events.event(
                key_endpoint,
                f"{ENDPOINTS}/token/action",
                now - timedelta(days=5),
                caller=SCORING_APP,
                object_id=SCORING_APP,
                principal_type="ServicePrincipal",
            ),
        )
    )
    found.append(
        (
            ctx.prod,
            events.event(
                ctx.storage,
                "Microsoft.Storage/storageAccounts/listkeys/action",
                now - timedelta(days=7),
                caller=SCORING_APP,
                object_id=SCORING_APP,
                principal_type="ServicePrincipal",
            ),
        )
    )
    return found
