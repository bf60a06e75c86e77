"""ARM JSON for each resource type the simulator serves, shaped like the real API's responses
(the examples of Azure/azure-rest-api-specs, api-versions ML 2025-09-01+, Key Vault 2026-05-15)
with well-formed ids.

Every builder takes `properties=` (merged into `properties`; a value of None removes that key, so
a test can model "absent, the service default applies") and `**top` (merged at the top level, the
same way: `tags=`, `identity=None`, `kind=`, `sku=` ...).

The builders live in one module per provider; this package gathers them, so callers write
`shapes.workspace(...)`, `shapes.VAULTS`.
"""

from __future__ import annotations

from auditor.inventory.resource_types import (
    APP_INSIGHTS,
    BATCH_DEPLOYMENTS,
    BATCH_ENDPOINTS,
    COGNITIVE_ACCOUNTS,
    COMPUTES,
    CONNECTIONS,
    CONTAINER_REGISTRIES,
    DATASTORES,
    DIAGNOSTIC_SETTINGS,
    KEYS,
    LOG_ANALYTICS,
    ML,
    ONLINE_DEPLOYMENTS,
    ONLINE_ENDPOINTS,
    REGISTRIES,
    SECRETS,
    SERVERLESS_ENDPOINTS,
    STORAGE_ACCOUNTS,
    VAULTS,
    WEB_SERVICES,
    WORKSPACES,
)
from auditor.simulator.shapes.ai_and_search import (
    ai_deployment,
    content_filters,
    pricing,
    rai_policy,
    search_service,
)
from auditor.simulator.shapes.common import (
    CREATED,
    EPOCH_CREATED,
    EPOCH_UPDATED,
    FAR_EXPIRY,
    FAR_EXPIRY_TIME,
    MODIFIED,
    PRINCIPAL_ID,
    TENANT_ID,
    group_id,
    resource_id,
    system_data,
    system_identity,
)
from auditor.simulator.shapes.dependencies import (
    cognitive_account,
    container_registry,
    diagnostic_settings_properties,
    storage_account,
)
from auditor.simulator.shapes.keyvault import (
    key,
    rotation_policy,
    secret,
    vault,
)
from auditor.simulator.shapes.ml_compute import (
    aml_compute,
    compute_instance,
    connection,
)
from auditor.simulator.shapes.ml_endpoints import (
    batch_deployment,
    batch_endpoint,
    online_deployment,
    online_endpoint,
    serverless_endpoint,
)
from auditor.simulator.shapes.ml_legacy import (
    datastore,
    kubernetes_compute,
    web_service,
)
from auditor.simulator.shapes.ml_workspaces import (
    cmk_encryption,
    registry,
    workspace,
)

__all__ = [
    "APP_INSIGHTS",
    "BATCH_DEPLOYMENTS",
    "BATCH_ENDPOINTS",
    "COGNITIVE_ACCOUNTS",
    "COMPUTES",
    "CONNECTIONS",
    "CONTAINER_REGISTRIES",
    "CREATED",
    "DATASTORES",
    "DIAGNOSTIC_SETTINGS",
    "EPOCH_CREATED",
    "EPOCH_UPDATED",
    "FAR_EXPIRY",
    "FAR_EXPIRY_TIME",
    "KEYS",
    "LOG_ANALYTICS",
    "ML",
    "MODIFIED",
    "ONLINE_DEPLOYMENTS",
    "ONLINE_ENDPOINTS",
    "PRINCIPAL_ID",
    "REGISTRIES",
    "SECRETS",
    "SERVERLESS_ENDPOINTS",
    "STORAGE_ACCOUNTS",
    "TENANT_ID",
    "VAULTS",
    "WEB_SERVICES",
    "WORKSPACES",
    "ai_deployment",
    "aml_compute",
    "batch_deployment",
    "batch_endpoint",
    "cmk_encryption",
    "cognitive_account",
    "compute_instance",
    "connection",
    "container_registry",
    "content_filters",
    "datastore",
    "diagnostic_settings_properties",
    "group_id",
    "key",
    "kubernetes_compute",
    "online_deployment",
    "online_endpoint",
    "pricing",
    "rai_policy",
    "registry",
    "resource_id",
    "rotation_policy",
    "search_service",
    "secret",
    "serverless_endpoint",
    "storage_account",
    "system_data",
    "system_identity",
    "vault",
    "web_service",
    "workspace",
]
