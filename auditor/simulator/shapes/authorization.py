"""Microsoft.Authorization shapes: role assignments, role definitions, deny assignments (2022-04-01)
and PIM eligibility schedule instances (2020-10-01), as the REST examples show them
(Azure/azure-rest-api-specs, specification/authorization: RoleAssignments_ListForScope,
GetRoleDefinitionAtScope, GetAllDenyAssignments, GetRoleEligibilityScheduleInstanceByName).

BUILT_IN_ROLES holds real built-in roles: GUIDs, names, Actions, NotActions, DataActions and
NotDataActions as the Azure RBAC built-in roles reference publishes them (learn.microsoft.com,
azure/role-based-access-control/built-in-roles: general, ai-machine-learning, security, storage;
the JSON definitions of MicrosoftDocs/azure-docs articles/role-based-access-control/built-in-roles).
ARM lists every one of them under each subscription, with an id under that subscription.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from auditor.inventory.resource_types import (
    DENY_ASSIGNMENTS,
    ROLE_ASSIGNMENTS,
    ROLE_DEFINITIONS,
    ROLE_ELIGIBILITY_INSTANCES,
)
from auditor.simulator.shapes.common import CREATED, MODIFIED, merge


@dataclass(frozen=True, slots=True)
class BuiltInRole:
    guid: str
    name: str
    description: str
    actions: tuple[str, ...] = ()
    not_actions: tuple[str, ...] = ()
    data_actions: tuple[str, ...] = ()
    not_data_actions: tuple[str, ...] = ()


OWNER = BuiltInRole(
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    "Owner",
    "Grants full access to manage all resources, including the ability to assign roles in "
    "Azure RBAC.",
    actions=("*",),
)
CONTRIBUTOR = BuiltInRole(
    "b24988ac-6180-42a0-ab88-20f7382dd24c",
    "Contributor",
    "Grants full access to manage all resources, but does not allow you to assign roles in Azure "
    "RBAC, manage assignments in Azure Blueprints, or share image galleries.",
    actions=("*",),
    not_actions=(
        "Microsoft.Authorization/*/Delete",
        "Microsoft.Authorization/*/Write",
        "Microsoft.Authorization/elevateAccess/Action",
        "Microsoft.Blueprint/blueprintAssignments/write",
        "Microsoft.Blueprint/blueprintAssignments/delete",
        "Microsoft.Compute/galleries/share/action",
    ),
)
READER = BuiltInRole(
    "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    "Reader",
    "View all resources, but does not allow you to make any changes.",
    actions=("*/read",),
)
AZUREML_DATA_SCIENTIST = BuiltInRole(
    "f6c7c914-8db3-469d-8ca1-694a8f32e121",
    "AzureML Data Scientist",
    "Can perform all actions within an Azure Machine Learning workspace, except for creating or "
    "deleting compute resources and modifying the workspace itself.",
    actions=(
        "Microsoft.MachineLearningServices/workspaces/*/read",
        "Microsoft.MachineLearningServices/workspaces/*/action",
        "Microsoft.MachineLearningServices/workspaces/*/delete",
        "Microsoft.MachineLearningServices/workspaces/*/write",
    ),
    not_actions=(
        "Microsoft.MachineLearningServices/workspaces/delete",
        "Microsoft.MachineLearningServices/workspaces/write",
        "Microsoft.MachineLearningServices/workspaces/computes/*/write",
        "Microsoft.MachineLearningServices/workspaces/computes/*/delete",
        "Microsoft.MachineLearningServices/workspaces/computes/listKeys/action",
        "Microsoft.MachineLearningServices/workspaces/listKeys/action",
        "Microsoft.MachineLearningServices/workspaces/hubs/write",
        "Microsoft.MachineLearningServices/workspaces/hubs/delete",
        "Microsoft.MachineLearningServices/workspaces/featurestores/write",
        "Microsoft.MachineLearningServices/workspaces/featurestores/delete",
    ),
)
AZURE_AI_DEVELOPER = BuiltInRole(
    "64702f94-c441-49e6-a78b-ef80e0188fee",
    "Azure AI Developer",
    "Can perform all actions within an Azure AI resource besides managing the resource itself.",
    actions=(
        "Microsoft.MachineLearningServices/workspaces/*/read",
        "Microsoft.MachineLearningServices/workspaces/*/action",
        "Microsoft.MachineLearningServices/workspaces/*/delete",
        "Microsoft.MachineLearningServices/workspaces/*/write",
        "Microsoft.MachineLearningServices/locations/*/read",
        "Microsoft.Authorization/*/read",
        "Microsoft.Resources/deployments/*",
    ),
    not_actions=(
        "Microsoft.MachineLearningServices/workspaces/delete",
        "Microsoft.MachineLearningServices/workspaces/write",
        "Microsoft.MachineLearningServices/workspaces/listKeys/action",
        "Microsoft.MachineLearningServices/workspaces/hubs/write",
        "Microsoft.MachineLearningServices/workspaces/hubs/delete",
        "Microsoft.MachineLearningServices/workspaces/featurestores/write",
        "Microsoft.MachineLearningServices/workspaces/featurestores/delete",
    ),
    data_actions=(
        "Microsoft.CognitiveServices/accounts/OpenAI/*",
        "Microsoft.CognitiveServices/accounts/SpeechServices/*",
        "Microsoft.CognitiveServices/accounts/ContentSafety/*",
    ),
)
COGNITIVE_SERVICES_CONTRIBUTOR = BuiltInRole(
    "25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68",
    "Cognitive Services Contributor",
    "Lets you create, read, update, delete and manage keys of Cognitive Services.",
    actions=(
        "Microsoft.Authorization/*/read",
        "Microsoft.CognitiveServices/*",
        "Microsoft.Features/features/read",
        "Microsoft.Features/providers/features/read",
        "Microsoft.Features/providers/features/register/action",
        "Microsoft.Insights/alertRules/*",
        "Microsoft.Insights/diagnosticSettings/*",
        "Microsoft.Insights/logDefinitions/read",
        "Microsoft.Insights/metricdefinitions/read",
        "Microsoft.Insights/metrics/read",
        "Microsoft.ResourceHealth/availabilityStatuses/read",
        "Microsoft.Resources/deployments/*",
        "Microsoft.Resources/deployments/operations/read",
        "Microsoft.Resources/subscriptions/operationresults/read",
        "Microsoft.Resources/subscriptions/read",
        "Microsoft.Resources/subscriptions/resourcegroups/deployments/*",
        "Microsoft.Resources/subscriptions/resourceGroups/read",
        "Microsoft.Support/*",
    ),
)
COGNITIVE_SERVICES_USER = BuiltInRole(
    "a97b65f3-24c7-4388-baec-2e87135dc908",
    "Cognitive Services User",
    "Lets you read and list keys of Cognitive Services.",
    actions=(
        "Microsoft.CognitiveServices/*/read",
        "Microsoft.CognitiveServices/accounts/listkeys/action",
        "Microsoft.Insights/alertRules/read",
        "Microsoft.Insights/diagnosticSettings/read",
        "Microsoft.Insights/logDefinitions/read",
        "Microsoft.Insights/metricdefinitions/read",
        "Microsoft.Insights/metrics/read",
        "Microsoft.ResourceHealth/availabilityStatuses/read",
        "Microsoft.Resources/deployments/operations/read",
        "Microsoft.Resources/subscriptions/operationresults/read",
        "Microsoft.Resources/subscriptions/read",
        "Microsoft.Resources/subscriptions/resourceGroups/read",
        "Microsoft.Support/*",
    ),
    data_actions=("Microsoft.CognitiveServices/*",),
)
KEY_VAULT_ADMINISTRATOR = BuiltInRole(
    "00482a5a-887f-4fb3-b363-3b7fe8e74483",
    "Key Vault Administrator",
    "Perform all data plane operations on a key vault and all objects in it, including "
    "certificates, keys, and secrets. Cannot manage key vault resources or manage role "
    "assignments. Only works for key vaults that use the 'Azure role-based access control' "
    "permission model.",
    actions=(
        "Microsoft.Authorization/*/read",
        "Microsoft.Insights/alertRules/*",
        "Microsoft.Resources/deployments/*",
        "Microsoft.Resources/subscriptions/resourceGroups/read",
        "Microsoft.Support/*",
        "Microsoft.KeyVault/checkNameAvailability/read",
        "Microsoft.KeyVault/deletedVaults/read",
        "Microsoft.KeyVault/locations/*/read",
        "Microsoft.KeyVault/vaults/*/read",
        "Microsoft.KeyVault/operations/read",
    ),
    data_actions=("Microsoft.KeyVault/vaults/*",),
)
KEY_VAULT_CRYPTO_SERVICE_ENCRYPTION_USER = BuiltInRole(
    "e147488a-f6f5-4113-8e2d-b22465e65bf6",
    "Key Vault Crypto Service Encryption User",
    "Read metadata of keys and perform wrap/unwrap operations. Only works for key vaults that "
    "use the 'Azure role-based access control' permission model.",
    actions=(
        "Microsoft.EventGrid/eventSubscriptions/write",
        "Microsoft.EventGrid/eventSubscriptions/read",
        "Microsoft.EventGrid/eventSubscriptions/delete",
    ),
    data_actions=(
        "Microsoft.KeyVault/vaults/keys/read",
        "Microsoft.KeyVault/vaults/keys/wrap/action",
        "Microsoft.KeyVault/vaults/keys/unwrap/action",
    ),
)
STORAGE_ACCOUNT_KEY_OPERATOR = BuiltInRole(
    "81a9662b-bebf-436f-a333-f67b29880f12",
    "Storage Account Key Operator Service Role",
    "Storage Account Key Operators are allowed to list and regenerate keys on Storage Accounts",
    actions=(
        "Microsoft.Storage/storageAccounts/listkeys/action",
        "Microsoft.Storage/storageAccounts/regeneratekey/action",
    ),
)

BUILT_IN_ROLES: tuple[BuiltInRole, ...] = (
    OWNER,
    CONTRIBUTOR,
    READER,
    AZUREML_DATA_SCIENTIST,
    AZURE_AI_DEVELOPER,
    COGNITIVE_SERVICES_CONTRIBUTOR,
    COGNITIVE_SERVICES_USER,
    KEY_VAULT_ADMINISTRATOR,
    KEY_VAULT_CRYPTO_SERVICE_ENCRYPTION_USER,
    STORAGE_ACCOUNT_KEY_OPERATOR,
)


def role_definition_id(scope: str, guid: str) -> str:
    """`{scope}/providers/Microsoft.Authorization/roleDefinitions/{guid}` ("" scope: the
    tenant-level id `/providers/...` role assignments quote)."""
    return f"{scope.rstrip('/')}/providers/{ROLE_DEFINITIONS}/{guid}"


def permissions(
    actions: Sequence[str] = (),
    not_actions: Sequence[str] = (),
    data_actions: Sequence[str] = (),
    not_data_actions: Sequence[str] = (),
) -> list[dict[str, list[str]]]:
    return [
        {
            "actions": list(actions),
            "notActions": list(not_actions),
            "dataActions": list(data_actions),
            "notDataActions": list(not_data_actions),
        }
    ]


def built_in_role_definition(role: BuiltInRole, subscription_id: str) -> dict[str, Any]:
    """A built-in role as RoleDefinitions_List returns it under a subscription."""
    return {
        "id": role_definition_id(f"/subscriptions/{subscription_id}", role.guid),
        "type": ROLE_DEFINITIONS,
        "name": role.guid,
        "properties": {
            "roleName": role.name,
            "type": "BuiltInRole",
            "description": role.description,
            "assignableScopes": ["/"],
            "permissions": permissions(
                role.actions, role.not_actions, role.data_actions, role.not_data_actions
            ),
            "createdOn": "2015-02-02T21:55:09.8806423Z",
            "updatedOn": MODIFIED,
            "createdBy": None,
            "updatedBy": None,
        },
    }


def custom_role_definition(
    subscription_id: str,
    guid: str,
    role_name: str,
    *,
    actions: Sequence[str] = (),
    not_actions: Sequence[str] = (),
    data_actions: Sequence[str] = (),
    not_data_actions: Sequence[str] = (),
    assignable_scopes: Sequence[str] | None = None,
    properties: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A custom role defined in (and assignable to) a subscription."""
    scope = f"/subscriptions/{subscription_id}"
    document: dict[str, Any] = {
        "id": role_definition_id(scope, guid),
        "type": ROLE_DEFINITIONS,
        "name": guid,
        "properties": merge(
            {
                "roleName": role_name,
                "type": "CustomRole",
                "description": f"{role_name} (custom)",
                "assignableScopes": list(assignable_scopes or [scope]),
                "permissions": permissions(actions, not_actions, data_actions, not_data_actions),
                "createdOn": CREATED,
                "updatedOn": MODIFIED,
                "createdBy": "platform-team@contoso.com",
                "updatedBy": "platform-team@contoso.com",
            },
            properties or {},
        ),
    }
    return document


def role_assignment(
    scope: str,
    guid: str,
    principal_id: str,
    role_guid: str,
    *,
    principal_type: str = "User",
    role_scope: str | None = None,
    properties: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A role assignment at `scope` (a subscription, group or resource id). Its
    `roleDefinitionId` is under the assignment's subscription (`role_scope` to change it), as ARM
    returns it for built-in and custom roles alike."""
    subscription = "/".join(scope.split("/")[:3])
    return {
        "id": f"{scope.rstrip('/')}/providers/{ROLE_ASSIGNMENTS}/{guid}",
        "type": ROLE_ASSIGNMENTS,
        "name": guid,
        "properties": merge(
            {
                "roleDefinitionId": role_definition_id(role_scope or subscription, role_guid),
                "principalId": principal_id,
                "principalType": principal_type,
                "scope": scope,
                "condition": None,
                "conditionVersion": None,
                "createdOn": CREATED,
                "updatedOn": CREATED,
                "createdBy": "6a8b2d6c-2f8e-4b0c-9a61-7a4a0f1d0c11",
                "updatedBy": "6a8b2d6c-2f8e-4b0c-9a61-7a4a0f1d0c11",
                "delegatedManagedIdentityResourceId": None,
                "description": None,
            },
            properties or {},
        ),
    }


_EVERYONE = "00000000-0000-0000-0000-000000000000"  # "all principals" in a deny assignment


def deny_assignment(
    scope: str,
    guid: str,
    name: str,
    *,
    actions: Sequence[str] = (),
    not_actions: Sequence[str] = (),
    principals: Sequence[tuple[str, str]] = (
        ("00000000-0000-0000-0000-000000000000", "SystemDefined"),
    ),
    exclude_principals: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """A deny assignment (system-protected, as managed applications and deployment stacks make
    them: users cannot create their own)."""
    return {
        "id": f"{scope.rstrip('/')}/providers/{DENY_ASSIGNMENTS}/{guid}",
        "type": DENY_ASSIGNMENTS,
        "name": guid,
        "properties": {
            "denyAssignmentName": name,
            "description": f"{name} (created by a deployment stack)",
            "permissions": permissions(actions, not_actions),
            "scope": scope,
            "doNotApplyToChildScopes": False,
            "principals": [{"id": i, "type": t} for i, t in principals],
            "excludePrincipals": [{"id": i, "type": t} for i, t in exclude_principals],
            "isSystemProtected": True,
        },
    }


def eligibility_instance(
    scope: str,
    guid: str,
    principal_id: str,
    role_guid: str,
    *,
    principal_type: str = "User",
    member_type: str = "Direct",
) -> dict[str, Any]:
    """A PIM eligibility (who may activate `role_guid` at `scope`), as
    RoleEligibilityScheduleInstances returns it (2020-10-01)."""
    subscription = "/".join(scope.split("/")[:3])
    return {
        "id": f"{scope.rstrip('/')}/providers/{ROLE_ELIGIBILITY_INSTANCES}/{guid}",
        "type": ROLE_ELIGIBILITY_INSTANCES,
        "name": guid,
        "properties": {
            "scope": scope,
            "roleDefinitionId": role_definition_id(subscription, role_guid),
            "principalId": principal_id,
            "principalType": principal_type,
            "status": "Provisioned",
            "roleEligibilityScheduleId": (
                f"{subscription}/providers/Microsoft.Authorization/RoleEligibilitySchedules/{guid}"
            ),
            "startDateTime": CREATED,
            "endDateTime": None,
            "memberType": member_type,
            "createdOn": CREATED,
            "condition": None,
            "conditionVersion": None,
        },
    }
