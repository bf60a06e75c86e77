"""Every api-version the live collector sends, in one place.

Rules read ARM JSON paths, and what a path holds (and its default when absent) depends on the
api-version that produced it, so the versions are pinned rather than left to an SDK's default. Each
is the newest *stable* version of its provider at the time of pinning; docs/live-collection.md says
where each was checked and why. `Location.api_version` records the one used for every resource.
"""

from __future__ import annotations

from auditor.inventory import arm
from auditor.inventory.resource_types import ACTIVITY_LOG as ACTIVITY_LOG_RECORD
from auditor.inventory.resource_types import (
    ACTIVITY_LOG_EVENTS,
    ROLE_ELIGIBILITY_INSTANCES,
    WEB_SERVICES,
)

# Microsoft.Resources: GET /subscriptions and GET /subscriptions/{id}.
SUBSCRIPTIONS = "2022-12-01"
# Workspaces (every kind), registries, online/batch/serverless endpoints and their deployments,
# computes, connections. The newest stable version in the REST spec examples
# (Azure/azure-rest-api-specs, specification/machinelearningservices).
MACHINE_LEARNING = "2026-09-01"
# Legacy (v1) web services, `workspaces/{name}/services` (ACI and AKS deployments): the last stable
# version whose spec has them (stable/2021-07-01/services.json, MachineLearningServices_
# ListByWorkspace); later versions of the spec (2022-05-01 on) leave the operation out.
LEGACY_WEB_SERVICES = "2021-07-01"
# Vaults, keys and secrets through the management plane (never values).
KEY_VAULT = "2026-05-15"
# AI Services / Azure OpenAI accounts that workspaces and connections use.
COGNITIVE_SERVICES = "2025-09-01"
# AI Search services that workspace connections target: the newest stable version in the REST
# spec (specification/search, stable/2025-05-01): disableLocalAuth, authOptions,
# publicNetworkAccess, networkRuleSet and privateEndpointConnections inline.
SEARCH = "2025-05-01"
# Defender for Cloud plans (Pricings_List at a subscription, one GET): the newest stable version
# (specification/security, stable/2024-01-01, ListPricings_example.json).
SECURITY = "2024-01-01"
# Storage accounts and container registries a workspace references (fetched by id).
STORAGE = "2025-08-01"
CONTAINER_REGISTRY = "2025-04-01"
# Diagnostic settings: Microsoft.Insights has no stable version newer than this preview, and it is
# the version every Azure SDK and the portal use for the resource-scoped settings API.
DIAGNOSTIC_SETTINGS = "2021-05-01-preview"
# Role assignments, role definitions and deny assignments: the version every current Azure SDK and
# the CLI read them in (RoleAssignments_ListForScope, RoleDefinitions_List, DenyAssignments_List in
# Azure/azure-rest-api-specs, specification/authorization, stable/2022-04-01). 2026-08-01 exists for
# role assignments; 2022-04-01 returns the same properties the rules read.
AUTHORIZATION = "2022-04-01"
# PIM eligibility (roleEligibilityScheduleInstances): the only stable version.
PIM = "2020-10-01"
# The Activity Log (ActivityLogs_List, `eventtypes/management/values`): the only version there is.
ACTIVITY_LOG = "2015-04-01"

# Resource Graph queries (POST /providers/Microsoft.ResourceGraph/resources): the newest stable
# version of the Resources operation in the REST API specs (stable/2024-04-01, examples
# ResourcesBasicQuery and ResourcesNextPageQuery).
RESOURCE_GRAPH = "2024-04-01"

_BY_PROVIDER = {
    "microsoft.machinelearningservices": MACHINE_LEARNING,
    "microsoft.keyvault": KEY_VAULT,
    "microsoft.cognitiveservices": COGNITIVE_SERVICES,
    "microsoft.storage": STORAGE,
    "microsoft.containerregistry": CONTAINER_REGISTRY,
    "microsoft.insights": DIAGNOSTIC_SETTINGS,
    "microsoft.resources": SUBSCRIPTIONS,
    "microsoft.authorization": AUTHORIZATION,
    "microsoft.search": SEARCH,
    "microsoft.security": SECURITY,
}


# Types read in another version than their provider's.
_BY_TYPE = {
    arm.normalize_type(WEB_SERVICES): LEGACY_WEB_SERVICES,
    arm.normalize_type(ROLE_ELIGIBILITY_INSTANCES): PIM,
    arm.normalize_type(ACTIVITY_LOG_EVENTS): ACTIVITY_LOG,
    arm.normalize_type(ACTIVITY_LOG_RECORD): ACTIVITY_LOG,
}


def for_type(resource_type: str) -> str | None:
    """The pinned api-version for a resource type, or None for a provider we never call."""
    pinned = _BY_TYPE.get(arm.normalize_type(resource_type))
    if pinned is not None:
        return pinned
    provider = resource_type.split("/", 1)[0].strip().lower()
    return _BY_PROVIDER.get(provider)
