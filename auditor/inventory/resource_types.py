"""The ARM resource types the auditor reads, each named once: sources list and sanitize them,
rules judge them, reporters label them and the simulator serves them by these names.

ARM compares types case-insensitively (`arm.normalize_type`); these are spelled as the REST API
returns them.
"""

from __future__ import annotations

ML = "Microsoft.MachineLearningServices"
WORKSPACES = f"{ML}/workspaces"
REGISTRIES = f"{ML}/registries"
ONLINE_ENDPOINTS = f"{WORKSPACES}/onlineEndpoints"
ONLINE_DEPLOYMENTS = f"{ONLINE_ENDPOINTS}/deployments"
BATCH_ENDPOINTS = f"{WORKSPACES}/batchEndpoints"
BATCH_DEPLOYMENTS = f"{BATCH_ENDPOINTS}/deployments"
SERVERLESS_ENDPOINTS = f"{WORKSPACES}/serverlessEndpoints"
COMPUTES = f"{WORKSPACES}/computes"
CONNECTIONS = f"{WORKSPACES}/connections"
DATASTORES = f"{WORKSPACES}/datastores"
# Legacy (v1) web services: ACI and AKS deployments made with the v1 SDK or CLI.
WEB_SERVICES = f"{WORKSPACES}/services"
OUTBOUND_RULES = f"{WORKSPACES}/outboundRules"
WORKSPACE_PRIVATE_ENDPOINT_CONNECTIONS = f"{WORKSPACES}/privateEndpointConnections"

VAULTS = "Microsoft.KeyVault/vaults"
KEYS = f"{VAULTS}/keys"
SECRETS = f"{VAULTS}/secrets"
VAULT_PRIVATE_ENDPOINT_CONNECTIONS = f"{VAULTS}/privateEndpointConnections"

STORAGE_ACCOUNTS = "Microsoft.Storage/storageAccounts"
CONTAINER_REGISTRIES = "Microsoft.ContainerRegistry/registries"
COGNITIVE_ACCOUNTS = "Microsoft.CognitiveServices/accounts"
# Model deployments on an AI account, and the content filter (RAI) policies they name.
AI_DEPLOYMENTS = f"{COGNITIVE_ACCOUNTS}/deployments"
RAI_POLICIES = f"{COGNITIVE_ACCOUNTS}/raiPolicies"
AI_PRIVATE_ENDPOINT_CONNECTIONS = f"{COGNITIVE_ACCOUNTS}/privateEndpointConnections"
STORAGE_PRIVATE_ENDPOINT_CONNECTIONS = f"{STORAGE_ACCOUNTS}/privateEndpointConnections"
REGISTRY_PRIVATE_ENDPOINT_CONNECTIONS = f"{CONTAINER_REGISTRIES}/privateEndpointConnections"
SEARCH_SERVICES = "Microsoft.Search/searchServices"
SEARCH_PRIVATE_ENDPOINT_CONNECTIONS = f"{SEARCH_SERVICES}/privateEndpointConnections"
# Defender for Cloud plans of a subscription (`{subscription}/providers/Microsoft.Security/
# pricings`): one list per subscription.
SECURITY_PRICINGS = "Microsoft.Security/pricings"
APP_INSIGHTS = "Microsoft.Insights/components"
DIAGNOSTIC_SETTINGS = "Microsoft.Insights/diagnosticSettings"
LOG_ANALYTICS = "Microsoft.OperationalInsights/workspaces"
PRIVATE_ENDPOINTS = "Microsoft.Network/privateEndpoints"
VIRTUAL_NETWORKS = "Microsoft.Network/virtualNetworks"
USER_ASSIGNED_IDENTITIES = "Microsoft.ManagedIdentity/userAssignedIdentities"
AUTHORIZATION = "Microsoft.Authorization"
ROLE_ASSIGNMENTS = f"{AUTHORIZATION}/roleAssignments"
ROLE_DEFINITIONS = f"{AUTHORIZATION}/roleDefinitions"
DENY_ASSIGNMENTS = f"{AUTHORIZATION}/denyAssignments"
# PIM: who may activate a role, listed per scope (2020-10-01).
ROLE_ELIGIBILITY_INSTANCES = f"{AUTHORIZATION}/roleEligibilityScheduleInstances"
# Activity Log events (`/subscriptions/{id}/providers/Microsoft.Insights/eventtypes/management/
# values`), each kept in the Inventory under its own `id` and reduced to what the rules read.
ACTIVITY_LOG_EVENTS = "Microsoft.Insights/eventtypes/values"
# One record per subscription whose Activity Log was read in full: the window and providers asked
# for (`/subscriptions/{id}/providers/Microsoft.Insights/eventtypes/management`). Its absence
# with a gap means the log was unreadable; "no events" is only said where this record exists.
ACTIVITY_LOG = "Microsoft.Insights/eventtypes"

SUBSCRIPTIONS = "Microsoft.Resources/subscriptions"
RESOURCE_GROUPS = "Microsoft.Resources/resourceGroups"

# Not an ARM type: what a gap names when a file given to `aml-audit lint` could not be read (its
# scope is the file's path). No rule judges it, so the gap hides no other file's resources.
INFRASTRUCTURE_FILES = "aml-audit/infrastructureFiles"
