"""The demo tenant's skeleton: subscriptions, groups, workspaces of every kind and what they
depend on. Category modules (identity.py, network.py, ...) add their resources on top of it and
find the ids they need in `DemoContext`.

Subscriptions:
- `contoso-ml-prod`     readable; most of the estate.
- `contoso-ml-dev`      readable, but with a small throttle bucket (a scan sees 429s and retries).
- `contoso-ml-finance`  listed by GET /subscriptions but unreadable: every read under it is 403.
In prod, the connections of the hub are unreadable too (a 403 on one collection).
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.inventory.resource_types import CONNECTIONS
from auditor.simulator import shapes
from auditor.simulator.tenant import Tenant, Throttle, new_guid

PROD = new_guid("aml-audit-demo/subscription/prod")
DEV = new_guid("aml-audit-demo/subscription/dev")
FINANCE = new_guid("aml-audit-demo/subscription/finance")
LOCATION = "westeurope"


@dataclass(frozen=True, slots=True)
class DemoContext:
    """Ids of the base's resources, for category modules to hang their resources on."""

    prod: str  # subscription ids
    dev: str
    finance: str
    prod_group: str  # names of resource groups (in the subscription of the same name)
    shared_group: str
    dev_group: str
    workspace: str  # Default workspace in prod (public, Microsoft-managed keys)
    hub: str  # Hub in prod (private, customer-managed key)
    project: str  # Project under the hub
    feature_store: str  # FeatureStore in prod
    dev_workspace: str  # Default workspace in dev
    workspace_vault: str  # the prod workspaces' vault (no purge protection)
    cmk_vault: str  # the vault holding the customer-managed key (purge protection on)
    cmk_key_uri: str  # the CMK's keyUriWithVersion
    dev_vault: str
    storage: str  # prod storage account
    dev_storage: str
    container_registry: str  # prod ACR
    ai_services: str  # prod AI Services account (kind AIServices)
    log_analytics: str  # a Log Analytics workspace id diagnostic settings can point at

    def group_id(self, subscription: str, group: str) -> str:
        return shapes.group_id(subscription, group)


def build() -> tuple[Tenant, DemoContext]:
    tenant = Tenant()
    tenant.add_subscription(PROD, "contoso-ml-prod", tags={"env": "prod"})
    tenant.add_subscription(
        DEV, "contoso-ml-dev", throttle=Throttle(burst=10, refill_per_second=10.0)
    )
    tenant.add_subscription(FINANCE, "contoso-ml-finance", unreadable=True)

    prod_group, shared_group, dev_group = "rg-ml-prod", "rg-shared", "rg-ml-dev"
    add = tenant.add

    storage = add(shapes.storage_account(PROD, shared_group, "stcontosomlprod"))["id"]
    acr = add(shapes.container_registry(PROD, shared_group, "crcontosomlprod"))["id"]
    workspace_vault = add(shapes.vault(PROD, shared_group, "kv-contoso-ml-prod"))["id"]
    cmk_vault = add(
        shapes.vault(
            PROD,
            shared_group,
            "kv-contoso-cmk",
            properties={"enablePurgeProtection": True, "publicNetworkAccess": "Disabled"},
        )
    )["id"]
    cmk_key = add(shapes.key(cmk_vault, "workspace-cmk", rotation_policy=shapes.rotation_policy()))
    cmk_key_uri = cmk_key["properties"]["keyUriWithVersion"]
    # Expiry dates that pass stay far enough ahead that the demo keeps its verdicts for decades
    # (a past date fails since expiries are judged against the scan's clock).
    add(shapes.secret(workspace_vault, "storage-connection", expires=shapes.FAR_EXPIRY))
    ai_services = add(shapes.cognitive_account(PROD, shared_group, "ais-contoso-prod"))["id"]
    log_analytics = shapes.resource_id(PROD, shared_group, shapes.LOG_ANALYTICS, "law-contoso")

    common = {
        "storage_account": storage,
        "key_vault": workspace_vault,
        "container_registry": acr,
    }
    workspace = add(shapes.workspace(PROD, prod_group, "mlw-contoso-prod", **common))["id"]
    hub = add(
        shapes.workspace(
            PROD,
            prod_group,
            "hub-contoso-prod",
            kind="Hub",
            properties={
                "publicNetworkAccess": "Disabled",
                "encryption": shapes.cmk_encryption(cmk_vault, cmk_key_uri),
            },
            **common,
        )
    )["id"]
    project = add(
        shapes.workspace(
            PROD,
            prod_group,
            "proj-contoso-fraud",
            kind="Project",
            hub=hub,
            properties={"publicNetworkAccess": "Disabled"},
        )
    )["id"]
    feature_store = add(
        shapes.workspace(
            PROD,
            prod_group,
            "fs-contoso-features",
            kind="FeatureStore",
            properties={
                "featureStoreSettings": {
                    "computeRuntime": {"sparkRuntimeVersion": "3.3"},
                    "offlineStoreConnectionName": "offline-store",
                    "onlineStoreConnectionName": "",
                }
            },
            **common,
        )
    )["id"]
    tenant.deny(hub, CONNECTIONS)

    dev_storage = add(shapes.storage_account(DEV, dev_group, "stcontosomldev"))["id"]
    dev_vault = add(shapes.vault(DEV, dev_group, "kv-contoso-ml-dev"))["id"]
    dev_workspace = add(
        shapes.workspace(
            DEV, dev_group, "mlw-contoso-dev", storage_account=dev_storage, key_vault=dev_vault
        )
    )["id"]

    # The unreadable subscription holds resources nobody may see: a scan must report the gap.
    finance_vault = add(shapes.vault(FINANCE, "rg-finance-ml", "kv-contoso-finance"))["id"]
    add(
        shapes.workspace(
            FINANCE,
            "rg-finance-ml",
            "mlw-contoso-finance",
            key_vault=finance_vault,
        )
    )

    context = DemoContext(
        prod=PROD,
        dev=DEV,
        finance=FINANCE,
        prod_group=prod_group,
        shared_group=shared_group,
        dev_group=dev_group,
        workspace=workspace,
        hub=hub,
        project=project,
        feature_store=feature_store,
        dev_workspace=dev_workspace,
        workspace_vault=workspace_vault,
        cmk_vault=cmk_vault,
        cmk_key_uri=cmk_key_uri,
        dev_vault=dev_vault,
        storage=storage,
        dev_storage=dev_storage,
        container_registry=acr,
        ai_services=ai_services,
        log_analytics=log_analytics,
    )
    return tenant, context
